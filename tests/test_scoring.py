"""Scoring: exact decimal totals, bands, vetoes, half-up display and competition ranking.

The frameworks are built from the model's dataclasses, so each test shows every number
it depends on. Sums are worked by hand in the comments.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest

from showcase.errors import ContentInvalid
from showcase.loader import load_site
from showcase.messages import msg
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
from showcase.schema import MAX_DIGITS
from showcase.scoring import (
    VETO_COLOR,
    build_rankings,
    community_scores,
    compute_score,
    exact_sum,
    format_score,
    latest_score,
    rank_entries,
    round_half_up,
)

D = Decimal


# -- factories ---------------------------------------------------------------------


def make_framework(
    id: str,
    states: dict[str, str],
    bands: list[tuple[str, str, str]],
    items: dict[str, dict[str, dict[str, str]]],
    special_max: str,
    vetoes: dict[str, str] | None = None,
) -> Framework:
    """items: {item id: {indicator id: {content id: points}}}; bands: (min, label, colour)."""
    framework = Framework(
        id=id,
        title=id,
        issuer="测试",
        effective=dt.date(2024, 1, 1),
        basic_total=D(0),  # set below, from the contents
        states={k: D(v) for k, v in states.items()},
        special_max=D(special_max),
        bands=[Band(min=D(m), label=label, color=color) for m, label, color in bands],
        vetoes=[Veto(id=k, label=v) for k, v in (vetoes or {}).items()],
        items=[
            Item(
                id=item_id,
                title=f"项目{item_id}",
                indicators=[
                    Indicator(
                        id=ind_id,
                        title=f"指标{ind_id}",
                        contents=[
                            FrameworkContent(id=cid, title=f"内容{cid}", points=D(p)) for cid, p in contents.items()
                        ],
                    )
                    for ind_id, contents in indicators.items()
                ],
            )
            for item_id, indicators in items.items()
        ],
    )
    framework.basic_total = sum((c.points for c in framework.contents()), D(0))
    return framework


# City scheme: 90 basic points in six contents, specials capped at 10.
# Item 1 = 18.6 + 12.8 + 12.2 = 43.6; item 2 = 24.5 + 15.8 + 6.1 = 46.4; 43.6 + 46.4 = 90.
CITY = make_framework(
    "city-2025",
    {"a": "1.0", "b": "0.7", "c": "0.5", "d": "0.3"},
    [("90", "优秀", "#2e7d32"), ("80", "良好", "#1565c0"), ("60", "合格", "#6d4c41"), ("0", "不合格", "#c62828")],
    {
        "1": {"1.1": {"1": "18.6", "2": "12.8"}, "1.2": {"3": "12.2"}},
        "2": {"2.1": {"4": "24.5", "5": "15.8", "6": "6.1"}},
    },
    special_max="10",
    vetoes={"satisfaction": "群众满意度低于60%", "incident": "发生重大安全责任事故"},
)
CITY_IDS = ["1", "2", "3", "4", "5", "6"]

# Town monthly scheme: 100 basic points, no specials, bands at 85 and 83.
# Item 1 = 15 + 25 = 40; item 2 = 20 + 40 = 60; 40 + 60 = 100.
TOWN = make_framework(
    "town-2026",
    {"a": "1.0", "b": "0.8", "c": "0.6", "d": "0.4"},
    [("85", "先进", "#00695c"), ("83", "达标", "#4527a0"), ("0", "约谈整改", "#b71c1c")],
    {"1": {"1.1": {"1": "15", "2": "25"}}, "2": {"2.1": {"3": "20", "4": "40"}}},
    special_max="0",
)
TOWN_IDS = ["1", "2", "3", "4"]


def make_evaluation(
    framework: Framework,
    states: str,
    specials: tuple[str, ...] = (),
    vetoes: tuple[str, ...] = (),
    year: int = 2025,
    community: str = "",
    notes: dict[str, str] | None = None,
) -> Evaluation:
    """states: one letter per content, in document order ("aacaaa")."""
    ids = [c.id for c in framework.contents()]
    assert len(states) == len(ids)
    return Evaluation(
        framework=framework.id,
        date=dt.date(year, 10, 15),
        evaluator="测评组",
        states=dict(zip(ids, states, strict=True)),
        notes=notes or {},
        special=[Special(title=f"特色{i}", points=D(p)) for i, p in enumerate(specials)],
        vetoes=list(vetoes),
        year=year,
        community=community,
        path=f"content/communities/{community or 'x'}/evaluations/{year}.yml",
    )


def float_total(framework: Framework, evaluation: Evaluation) -> float:
    """The same sum done naively in floats, in document order: what the scoring must not do."""
    total = 0.0
    for content in framework.contents():
        total += float(content.points) * float(framework.states[evaluation.states[content.id]])
    for entry in evaluation.special:
        total += float(entry.points)
    return total


# -- rounding -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("87.45", "87.5"),
        ("84.85", "84.9"),
        ("90", "90.0"),
        ("89.95", "90.0"),
        ("89.94", "89.9"),
        ("0", "0.0"),
        ("100.00", "100.0"),
        ("60.05", "60.1"),
        ("83.249999", "83.2"),
    ],
)
def test_format_score_rounds_half_up(value, shown):
    assert format_score(D(value)) == shown


def test_round_half_up_places():
    assert round_half_up(D("2.345"), 2) == D("2.35")
    assert round_half_up(D("2.5"), 0) == D("3")


def test_python_round_would_be_wrong():
    # The traps half-up guards against: round() halves to even on Decimals and rounds
    # the binary value on floats (84.85 is stored as 84.8499999…).
    assert round(84.85, 1) == 84.8
    assert round(D("84.25"), 1) == D("84.2")
    assert format_score(D("84.25")) == "84.3"


def test_float_is_refused():
    with pytest.raises(TypeError):
        format_score(84.85)
    with pytest.raises(TypeError):
        round_half_up(84.85)


# -- city scheme: exact totals ----------------------------------------------------------


@pytest.mark.parametrize(
    ("states", "specials", "basic", "special", "total", "shown", "band", "float_rounded"),
    [
        # All a, no specials: 18.6 + 12.8 + 12.2 + 24.5 + 15.8 + 6.1 = 90.0 exactly;
        # in floats the same sum is 89.99999999999999 and would fall to 良好.
        pytest.param("aaaaaa", (), "90.0", "0", "90.0", "90.0", "优秀", None, id="exact-90-all-a"),
        # Content 3 at c: 12.2 × 0.5 = 6.1, basic = 90 − 12.2 + 6.1 = 83.9; + special 6.1 = 90.0.
        # Floats: 89.99999999999999.
        pytest.param("aacaaa", ("6.1",), "83.9", "6.1", "90.0", "90.0", "优秀", None, id="exact-90-with-special"),
        # Content 6 at c: 6.1 × 0.5 = 3.05, basic = 90 − 6.1 + 3.05 = 86.95; + 3 = 89.95.
        # Shown "90.0" but the exact total is below 90: the band stays 良好.
        pytest.param("aaaaac", ("3",), "86.95", "3", "89.95", "90.0", "良好", None, id="shows-90.0-band-良好"),
        # Content 4 at b: 24.5 × 0.7 = 17.15, basic = 90 − 24.5 + 17.15 = 82.65; + 2.2 = 84.85.
        # Half-up shows 84.9; round() on the float sum gives 84.8.
        pytest.param("aaabaa", ("2.2",), "82.65", "2.2", "84.85", "84.9", "良好", 84.8, id="half-up-84.85"),
        # 86.95 + 0.5 = 87.45 → "87.5"; the float sum is 87.44999999999999 → round() gives 87.4.
        pytest.param("aaaaac", ("0.5",), "86.95", "0.5", "87.45", "87.5", "良好", 87.4, id="half-up-87.45"),
        # Special cap: 6 + 5.5 = 11.5 → 10; total = 90 + 10 = 100.
        pytest.param("aaaaaa", ("6", "5.5"), "90.0", "10", "100.0", "100.0", "优秀", None, id="special-capped"),
        # All d: 90 × 0.3 = 27.0 → 不合格.
        pytest.param("dddddd", (), "27.0", "0", "27.0", "27.0", "不合格", None, id="all-d"),
        # c, d, a, c, a, a: 9.3 + 3.84 + 12.2 + 12.25 + 15.8 + 6.1 = 59.49 → shown "59.5", 不合格.
        pytest.param("cdacaa", (), "59.49", "0", "59.49", "59.5", "不合格", None, id="just-below-60"),
        # 59.49 + 0.51 = 60.00 exactly → 合格.
        pytest.param("cdacaa", ("0.51",), "59.49", "0.51", "60.00", "60.0", "合格", None, id="exactly-60"),
    ],
)
def test_city_scores(states, specials, basic, special, total, shown, band, float_rounded):
    evaluation = make_evaluation(CITY, states, specials)
    score = compute_score(CITY, evaluation)
    assert score.basic == D(basic)
    assert score.special == D(special)
    assert score.special_raw == sum((D(p) for p in specials), D(0))
    assert score.total == D(total)
    assert score.display == shown
    assert score.band.label == band
    assert score.message == f"{shown} {band}"
    assert not score.vetoed and score.veto_labels == ()
    if float_rounded is not None:
        # The float path really gets it wrong.
        assert round(float_total(CITY, evaluation), 1) == float_rounded


@pytest.mark.parametrize(("states", "specials"), [("aaaaaa", ()), ("aacaaa", ("6.1",))])
def test_exact_90_where_floats_fall_short(states, specials):
    evaluation = make_evaluation(CITY, states, specials)
    naive = float_total(CITY, evaluation)
    assert naive == 89.99999999999999
    assert naive < 90
    score = compute_score(CITY, evaluation)
    assert score.total == D(90)
    assert score.band.label == "优秀"
    assert score.color == "2e7d32"


def test_subtotals_and_content_rows():
    # States a, b | c | d, a, b; one note on content 2.
    evaluation = make_evaluation(CITY, "abcdab", ("1.5",), notes={"2": "居民满意度 82%"})
    score = compute_score(CITY, evaluation)
    item1, item2 = score.items
    ind11, ind12 = item1.indicators
    # 1.1: 18.6 × 1.0 + 12.8 × 0.7 = 18.6 + 8.96 = 27.56 of 31.4
    assert (ind11.score, ind11.maximum) == (D("27.56"), D("31.4"))
    # 1.2: 12.2 × 0.5 = 6.1 of 12.2
    assert (ind12.score, ind12.maximum) == (D("6.1"), D("12.2"))
    # item 1: 27.56 + 6.1 = 33.66 of 43.6
    assert (item1.score, item1.maximum) == (D("33.66"), D("43.6"))
    # item 2: 24.5 × 0.3 + 15.8 × 1.0 + 6.1 × 0.7 = 7.35 + 15.8 + 4.27 = 27.42 of 46.4
    assert (item2.score, item2.maximum) == (D("27.42"), D("46.4"))
    # basic 33.66 + 27.42 = 61.08; total 61.08 + 1.5 = 62.58 → "62.6" 合格
    assert score.basic == D("61.08")
    assert score.total == D("62.58")
    assert score.message == "62.6 合格"
    second = ind11.contents[1]
    assert (second.content.id, second.state, second.factor, second.score, second.note) == (
        "2",
        "b",
        D("0.7"),
        D("8.96"),
        "居民满意度 82%",
    )
    assert ind11.contents[0].note is None
    assert [c.content.id for i in score.items for ind in i.indicators for c in ind.contents] == CITY_IDS


def test_vetoed_evaluation():
    evaluation = make_evaluation(CITY, "aaaaaa", ("10",), vetoes=("incident",))
    score = compute_score(CITY, evaluation)
    # The total is still computed (100.0), but no band applies.
    assert score.total == D("100.0")
    assert score.vetoed
    assert score.band is None
    assert score.veto_labels == ("发生重大安全责任事故",)
    assert score.message == "一票否决"
    assert score.color == VETO_COLOR


def test_unknown_veto_and_wrong_framework_are_reported():
    with pytest.raises(ValueError, match="vetoes"):
        compute_score(CITY, make_evaluation(CITY, "aaaaaa", vetoes=("nope",)))
    with pytest.raises(ValueError, match="town-2026"):
        compute_score(TOWN, make_evaluation(CITY, "aaaaaa"))


# -- town scheme -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("states", "specials", "total", "band"),
    [
        # 15 + 25 + 20 + 40 = 100
        ("aaaa", (), "100", "先进"),
        # 15 × 0.6 + 25 × 0.8 + 20 × 0.8 + 40 = 9 + 20 + 16 + 40 = 85 → exactly the 先进 floor
        ("cbba", (), "85", "先进"),
        # 15 + 25 × 0.8 + 20 × 0.4 + 40 = 15 + 20 + 8 + 40 = 83 → exactly the 达标 floor
        ("abda", (), "83", "达标"),
        # 15 × 0.8 + 25 + 20 + 40 × 0.6 = 12 + 25 + 20 + 24 = 81 → 约谈整改
        ("baac", (), "81", "约谈整改"),
        # special_max is 0: a special of 3 adds nothing, 81 stays 81
        ("baac", ("3",), "81", "约谈整改"),
    ],
)
def test_town_scores(states, specials, total, band):
    score = compute_score(TOWN, make_evaluation(TOWN, states, specials))
    assert score.total == D(total)
    assert score.special == D(0)
    assert score.band.label == band


def test_town_special_is_capped_at_zero():
    score = compute_score(TOWN, make_evaluation(TOWN, "aaaa", ("3", "2")))
    assert (score.special_raw, score.special, score.total) == (D(5), D(0), D(100))
    assert score.message == "100.0 先进"
    assert score.color == "00695c"


# -- ranking ---------------------------------------------------------------------------------


def test_rank_entries_competition_ranking():
    entries = [("d", D("70")), ("b", D("80")), ("a", D("90")), ("c", D("80"))]
    ranked = rank_entries(entries, key=lambda e: e[1])
    # b and c tie at 80 and keep their input order; the next rank is 4, not 3.
    assert [(rank, name) for rank, (name, _) in ranked] == [(1, "a"), (2, "b"), (2, "c"), (4, "d")]
    ranked = rank_entries(entries, key=lambda e: e[1], tiebreak=lambda e: e[0])
    assert [name for _, (name, _) in ranked] == ["a", "b", "c", "d"]
    assert rank_entries([], key=lambda e: e) == []


def make_community(slug: str, evaluations: list[Evaluation]) -> Community:
    for evaluation in evaluations:
        evaluation.community = slug
    return Community(
        name=f"{slug}社区", district="东区", street="南街", slug=slug, evaluations={e.year: e for e in evaluations}
    )


@pytest.fixture
def site() -> Site:
    """Five communities; 2025 and 2026 under the city scheme, 2026 also under the town one.

    2025 (city): alpha 100, beta 89.90, gamma 89.90, delta 27.0, epsilon vetoed; zeta none.
    """
    communities = [
        # all a + special 10 → 90 + 10 = 100
        make_community("alpha", [make_evaluation(CITY, "aaaaaa", ("10",), year=2025)]),
        # content 5 at c: 15.8 × 0.5 = 7.9, basic 90 − 7.9 = 82.1; + 7.8 = 89.9
        # (floats: 89.89999999999999)
        make_community(
            "gamma",
            [
                make_evaluation(CITY, "aaaaca", ("7.8",), year=2025),
                make_evaluation(TOWN, "abda", year=2026),  # 83 达标
            ],
        ),
        # contents 2, 3 at b: 12.8 × 0.7 = 8.96, 12.2 × 0.7 = 8.54, basic 90 − 25 + 17.5 = 82.5;
        # + 7.4 = 89.9 (floats: 89.9)
        make_community(
            "beta",
            [
                make_evaluation(CITY, "abbaaa", ("7.4",), year=2025),
                make_evaluation(CITY, "aaaaaa", year=2026),  # 90 优秀
            ],
        ),
        # all d → 27.0
        make_community("delta", [make_evaluation(CITY, "dddddd", year=2025), make_evaluation(TOWN, "aaaa", year=2026)]),
        make_community("epsilon", [make_evaluation(CITY, "aaaaaa", ("10",), vetoes=("satisfaction",), year=2025)]),
        make_community("zeta", []),
    ]
    return Site(
        communities={c.slug: c for c in communities},
        frameworks={CITY.id: CITY, TOWN.id: TOWN},
    )


def test_tied_communities_differ_in_floats(site):
    beta = site.communities["beta"].evaluations[2025]
    gamma = site.communities["gamma"].evaluations[2025]
    assert float_total(CITY, beta) != float_total(CITY, gamma)
    assert compute_score(CITY, beta).total == compute_score(CITY, gamma).total == D("89.9")


def test_build_rankings(site):
    rankings = build_rankings(site)
    # Newest year first, then framework id: 2026 city, 2026 town, 2025 city.
    assert [(r.year, r.framework.id) for r in rankings] == [
        (2026, "city-2025"),
        (2026, "town-2026"),
        (2025, "city-2025"),
    ]

    r2025 = rankings[2]
    # beta and gamma tie on the exact total and share rank 2, listed by slug; delta is 4th.
    assert [(row.rank, row.community.slug) for row in r2025.ranked] == [
        (1, "alpha"),
        (2, "beta"),
        (2, "gamma"),
        (4, "delta"),
    ]
    assert [row.score.display for row in r2025.ranked] == ["100.0", "89.9", "89.9", "27.0"]
    assert [(row.rank, row.community.slug, row.score.message) for row in r2025.vetoed] == [
        (None, "epsilon", "一票否决")
    ]
    assert [c.slug for c in r2025.unevaluated] == ["zeta"]

    city2026, town2026 = rankings[0], rankings[1]
    assert [(row.rank, row.community.slug) for row in city2026.ranked] == [(1, "beta")]
    # delta 100 先进, gamma 83 达标
    assert [(row.rank, row.community.slug, row.score.message) for row in town2026.ranked] == [
        (1, "delta", "100.0 先进"),
        (2, "gamma", "83.0 达标"),
    ]
    # Unevaluated in 2026 under any framework: alpha, epsilon, zeta — the same list in both.
    assert [c.slug for c in city2026.unevaluated] == ["alpha", "epsilon", "zeta"]
    assert [c.slug for c in town2026.unevaluated] == ["alpha", "epsilon", "zeta"]
    assert city2026.vetoed == [] and town2026.vetoed == []


def test_build_rankings_is_deterministic(site):
    def flat(rankings):
        return [
            (
                r.year,
                r.framework.id,
                [(row.rank, row.community.slug, row.score.total) for row in r.ranked + r.vetoed],
                [c.slug for c in r.unevaluated],
            )
            for r in rankings
        ]

    shuffled = Site(
        communities=dict(reversed(list(site.communities.items()))),
        frameworks=dict(reversed(list(site.frameworks.items()))),
    )
    assert flat(build_rankings(site)) == flat(build_rankings(shuffled))


def test_build_rankings_empty_site():
    assert build_rankings(Site()) == []


def test_latest_and_all_scores(site):
    gamma = site.communities["gamma"]
    latest = latest_score(gamma, site)
    assert (latest.evaluation.year, latest.framework.id, latest.message) == (2026, "town-2026", "83.0 达标")
    assert [(s.evaluation.year, s.display) for s in community_scores(gamma, site)] == [(2025, "89.9"), (2026, "83.0")]
    zeta = site.communities["zeta"]
    assert latest_score(zeta, site) is None
    assert community_scores(zeta, site) == []


# -- exactness at the edge of what content may write -------------------------------------------
#
# schema.MAX_DIGITS allows at most 15 digits per number; within that bound every sum and
# product is exact (never Inexact, never rounded), and beyond it the loader reports the
# number instead of letting scoring raise decimal.Inexact or sum() round it away.


def write_scored_site(
    root, points: list[str], factors: dict[str, str], states: str, specials=(), basic_total=None, special_max="100"
):
    """A content folder with one framework (one content per point; basic_total their sum
    unless given), one community and its 2024 evaluation; returns the content folder."""
    content = root / "content"
    (content / "policies" / "frameworks").mkdir(parents=True)
    (content / "communities" / "c" / "evaluations").mkdir(parents=True)
    (content / "index.md").write_text("# 首页\n", encoding="utf-8")
    total = basic_total or format(_fraction_decimal(sum(Fraction(p) for p in points)), "f")
    contents = "".join(
        f'          - {{id: "{i}", title: 内容{i}, points: {p}}}\n' for i, p in enumerate(points, start=1)
    )
    (content / "policies" / "frameworks" / "f.yml").write_text(
        "id: f\ntitle: 测评体系\nissuer: 文明办\neffective: 2024-01-01\n"
        f"states: {{{', '.join(f'{k}: {v}' for k, v in factors.items())}}}\n"
        f"basic_total: {total}\nspecial_max: {special_max}\n"
        'bands:\n  - {min: 0, label: 合格, color: "#2e7d32"}\n'
        'items:\n  - id: "1"\n    title: 项目\n    indicators:\n      - id: "1.1"\n        title: 指标\n'
        f"        contents:\n{contents}",
        encoding="utf-8",
    )
    (content / "communities" / "c" / "index.md").write_text(
        "---\nname: 甲社区\ndistrict: 东城区\nstreet: 交道口街道\n---\n", encoding="utf-8"
    )
    state_lines = "".join(f'  "{i}": {s}\n' for i, s in enumerate(states, start=1))
    special_lines = "".join(f"  - {{title: 特色{i}, points: {p}}}\n" for i, p in enumerate(specials))
    (content / "communities" / "c" / "evaluations" / "2024.yml").write_text(
        f"framework: f\ndate: 2024-10-15\nevaluator: 测评组\nstates:\n{state_lines}"
        + (f"special:\n{special_lines}" if specials else ""),
        encoding="utf-8",
    )
    return content


def _fraction_decimal(value: Fraction) -> Decimal:
    """An exact decimal fraction as a Decimal (its denominator divides a power of 10)."""
    scale = 0
    while (value * 10**scale).denominator != 1:
        scale += 1
    return Decimal(f"{(value * 10**scale).numerator}e-{scale}")  # exact: scaleb() would round to 28 digits


def test_the_most_precise_numbers_allowed_score_exactly(tmp_path, monkeypatch):
    """15 digits each, the largest and the finest together: 30-digit products, and sums
    of them and of specials that no 28-digit context holds."""
    points = ["55555555555555.5", "44444444444443.4", "0.000000000000001", "0.999999999999999"]
    factors = {"a": "1", "b": "0.999999999999999", "c": "0.000000000000001"}
    specials = ("99999999999999.9", "0.000000000000001")
    content = write_scored_site(tmp_path, points, factors, "abcb", specials, special_max="999999999999999")
    monkeypatch.chdir(tmp_path)
    site = load_site(content)
    assert site.frameworks["f"].basic_total == D("99999999999999.9")
    score = latest_score(site.communities["c"], site)
    basic = sum(Fraction(p) * Fraction(factors[s]) for p, s in zip(points, "abcb", strict=True))
    special = sum(Fraction(p) for p in specials)
    assert len(score.total.as_tuple().digits) > 40
    assert score.basic == _fraction_decimal(basic)
    assert score.special == _fraction_decimal(special)
    assert score.total == _fraction_decimal(basic + special)
    assert Fraction(score.total) == basic + special


def test_points_sum_is_exact_not_rounded_to_28_digits(tmp_path, monkeypatch):
    """10^14 + 10^-15 has 30 digits: sum() in the default context rounded it to 10^14,
    so a framework whose points do not add up to basic_total passed."""
    assert sum([D("100000000000000"), D("0.000000000000001")], D(0)) == D("100000000000000")  # the trap
    assert exact_sum([D("100000000000000"), D("0.000000000000001")]) == D("100000000000000.000000000000001")
    points = ["100000000000000", "0.000000000000001"]
    write_scored_site(tmp_path, points, {"a": "1"}, "aa", basic_total="100000000000000")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ContentInvalid) as caught:
        load_site("content")
    assert [str(e) for e in caught.value.errors] == [
        "content/policies/frameworks/f.yml:6: basic_total: "
        + msg("points_sum", actual="100000000000000.000000000000001", expected="100000000000000")
    ]


@pytest.mark.parametrize(
    ("field", "points", "factor", "special"),
    [
        ("points", "1.0000000000000000000000000000001", "1", "0"),
        ("b", "2", "0.99999999999999999999999999999", "0"),
        ("points", "2", "1", "0.00000000000000000000000000000000000001"),
    ],
    ids=["points", "factor", "special"],
)
def test_numbers_too_precise_are_content_errors_not_inexact(tmp_path, monkeypatch, field, points, factor, special):
    """Beyond 28 digits, scoring raised decimal.Inexact (a traceback): now the number is
    reported where it is written."""
    write_scored_site(tmp_path, [points, "1"], {"a": "1", "b": factor}, "ab", (special,), basic_total="3")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ContentInvalid) as caught:
        load_site("content")
    too_many = [e for e in caught.value.errors if "位数太多" in e.message]
    assert len(too_many) == 1 and too_many[0].field.endswith(field), [str(e) for e in caught.value.errors]
    assert f"最多 {MAX_DIGITS} 位" in too_many[0].message
