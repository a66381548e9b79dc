"""View models: what the templates show, computed in Python (showcase.views,
showcase.scoreviews). Each expected value is worked out by hand beside it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from test_scoring import CITY, CITY_IDS

from showcase import ledger
from showcase.model import Community, Evaluation, Honor, Rectification, Revocation, Site
from showcase.scoreviews import breakdown, percent, score_panel, trend
from showcase.scoring import compute_score
from showcase.views import (
    anchor_id,
    community_facts,
    directory,
    honor_groups,
    ledger_rows,
    number,
    split_heading,
    tel_href,
)

D = dt.date.fromisoformat


@pytest.mark.parametrize(
    ("phone", "href"),
    [
        ("010-6234 5678", "tel:01062345678"),
        ("010-6234 5678 转 8", "tel:01062345678,8"),
        ("(010) 62345678 分机 123", "tel:01062345678,123"),
        ("+86 10 6234 5678", "tel:+861062345678"),
        ("12345", "tel:12345"),
        ("工作日拨打", None),  # no digits to dial
        ("12", None),
    ],
)
def test_tel_href(phone, href):
    assert tel_href(phone) == href


@pytest.mark.parametrize(
    ("value", "shown"),
    [(1086, "1,086"), (3120, "3,120"), (12, "12"), (Decimal("0.35"), "0.35"), (Decimal("2.50"), "2.5"), (Decimal("3"), "3"), (None, None)],
)
def test_number(value, shown):
    assert number(value) == shown


def test_community_facts_in_order_with_units():
    c = Community(name="x", district="临川区", street="鼓楼街道", area_km2=Decimal("0.35"), households=1086, population=3120, founded=1998)
    assert [(f.label, f.value) for f in community_facts(c)] == [
        ("面积", "0.35 平方千米"),
        ("户数", "1,086 户"),
        ("人口", "3,120 人"),
        ("成立", "1998 年"),
    ]


def test_honours_by_level_newest_first_revoked_kept():
    honors = [
        Honor(title="区级文明社区", level="区级", year=2019, issuer="区"),
        Honor(title="全国示范社区", level="国家级", year=2021, issuer="部"),
        Honor(title="市级文明社区", level="市级", year=2020, issuer="市", revoked=Revocation(date=D("2024-05-01"), reason="测评不合格")),
        Honor(title="市级卫生社区", level="市级", year=2023, issuer="市"),
    ]
    groups = honor_groups(honors)
    assert [(g.level, [h.title for h in g.honors]) for g in groups] == [
        ("国家级", ["全国示范社区"]),
        ("市级", ["市级卫生社区", "市级文明社区"]),
        ("区级", ["区级文明社区"]),
    ]
    assert groups[1].honors[1].revoked.reason == "测评不合格"


def entry(id: str, found: str, deadline: str, closed: str | None = None) -> Rectification:
    return Rectification(
        id=id, found=D(found), source="自查", location="点位", issue="问题", deadline=D(deadline), closed=D(closed) if closed else None
    )


def test_ledger_rows_overdue_then_open_then_closed():
    today = D("2026-11-23")
    entries = [
        entry("closed-early", "2026-01-01", "2026-02-01", "2026-01-15"),
        entry("open-late-deadline", "2026-11-01", "2026-12-31"),
        entry("overdue", "2026-10-01", "2026-11-22"),  # the day before T
        entry("open", "2026-11-01", "2026-11-23"),  # due today: not yet overdue
        entry("closed-late", "2026-03-01", "2026-03-10", "2026-04-01"),
    ]
    rows = ledger_rows(entries, today)
    assert [(r.entry.id, r.status) for r in rows] == [
        ("overdue", ledger.OVERDUE),
        ("open", ledger.OPEN),
        ("open-late-deadline", ledger.OPEN),
        ("closed-late", ledger.CLOSED_LATE),  # closed most recently first
        ("closed-early", ledger.CLOSED_ON_TIME),
    ]
    assert rows[0].status_label == ledger.STATUS_LABELS[ledger.OVERDUE]
    assert (rows[3].found, rows[3].deadline, rows[3].closed) == ("2026-03-01", "2026-03-10", "2026-04-01")


def test_directory_by_district_and_street_in_pinyin_order_with_named_anchors():
    site = Site()
    for slug, name, district, street in [
        ("z", "竹园社区", "临川区", "鼓楼街道"),
        ("a", "安乐社区", "临川区", "鼓楼街道"),
        ("b", "滨江社区", "临川区", "滨江街道"),
        ("c", "城东社区", "东湖区", "东湖 街道"),
    ]:
        site.communities[slug] = Community(name=name, district=district, street=street, slug=slug)
    districts = directory(site)
    assert [(d.name, d.anchor) for d in districts] == [("东湖区", "d-东湖区"), ("临川区", "d-临川区")]
    assert [(s.name, s.anchor, [c.slug for c in s.communities]) for s in districts[1].streets] == [
        ("滨江街道", "d-临川区-滨江街道", ["b"]),
        ("鼓楼街道", "d-临川区-鼓楼街道", ["a", "z"]),
    ]
    assert districts[0].streets[0].anchor == "d-东湖区-东湖-街道"  # no white space in an id


def test_anchor_ids_do_not_depend_on_positions():
    assert anchor_id("d", "临川区") == "d-临川区"
    assert anchor_id("d", " 临川区 ", "鼓楼\t街道") == "d-临川区-鼓楼-街道"


@pytest.mark.parametrize(
    ("html", "heading", "rest"),
    [
        ('<h1 id="x">临川</h1>\n<p>正文</p>', '<h1 id="x">临川</h1>', "\n<p>正文</p>"),
        ("<p>无标题</p>", "", "<p>无标题</p>"),
        ("<p>a</p><h1>晚出现的标题</h1>", "", "<p>a</p><h1>晚出现的标题</h1>"),
    ],
)
def test_split_heading(html, heading, rest):
    assert split_heading(html) == (heading, rest)


# -- scores -----------------------------------------------------------------------------


def _score(year: int, states: str, notes: dict | None = None):
    evaluation = Evaluation(framework=CITY.id, date=D(f"{year}-10-01"), evaluator="区文明办", states=dict(zip(CITY_IDS, states, strict=True)), notes=notes or {}, year=year, community="x")
    return compute_score(CITY, evaluation)


@pytest.mark.parametrize(("part", "whole", "shown"), [("43.6", "43.6", "100.0"), ("1", "3", "33.3"), ("0", "10", "0.0"), ("5", "0", "0")])
def test_percent(part, whole, shown):
    assert percent(Decimal(part), Decimal(whole)) == shown


def test_breakdown_rows_items_then_their_indicators():
    # All "a": item 1 = 18.6 + 12.8 + 12.2 = 43.6 of 43.6; indicator 1.1 = 31.4, 1.2 = 12.2.
    rows = breakdown(_score(2025, "aaaaaa"))
    assert [(r.level, r.label, r.score, r.maximum, r.width) for r in rows[:3]] == [
        ("item", "1. 项目1", Decimal("43.6"), Decimal("43.6"), "100.0"),
        ("indicator", "1.1 指标1.1", Decimal("31.4"), Decimal("31.4"), "100.0"),
        ("indicator", "1.2 指标1.2", Decimal("12.2"), Decimal("12.2"), "100.0"),
    ]
    # All "b": item 2 = (24.5 + 15.8 + 6.1) × 0.7 = 32.48 of 46.4, 70.0 %.
    item2 = breakdown(_score(2025, "bbbbbb"))[3]
    assert (item2.label, item2.score, item2.width) == ("2. 项目2", Decimal("32.48"), "70.0")


def test_score_panel_latest_badge_and_only_noted_contents():
    older, latest = _score(2024, "bbbbbb"), _score(2025, "aaaaaa", notes={"2": "满意度 82%"})
    panel = score_panel([older, latest])
    assert panel.latest is latest and panel.history == [older, latest]
    assert panel.badge.message == "90.0 优秀"  # 90 basic, no specials
    assert [(cs.content.id, cs.note) for cs in panel.notes] == [("2", "满意度 82%")]
    assert score_panel([]).latest is None and score_panel([]).badge.message == "未测评"


def test_trend_needs_two_years_and_scales_to_the_framework_maximum():
    assert trend([_score(2025, "aaaaaa")]) is None
    # Totals 63 (all b: 90 × 0.7) and 90, on a 0–100 scale (90 basic + 10 special cap).
    # x: 28 and 320 − 28 = 292; y = 14 + (140 − 42) × (1 − total / 100): 50.3 and 23.8.
    line = trend([_score(2024, "bbbbbb"), _score(2025, "aaaaaa")])
    assert [(p.year, p.x, p.y) for p in line.points] == [(2024, "28.0", "50.3"), (2025, "292.0", "23.8")]
    assert line.polyline == "28.0,50.3 292.0,23.8"
    assert [label for _, label in line.ticks] == ["100", "50", "0"]
