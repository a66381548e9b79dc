"""The communities directory's filters and sorting (assets/directory.js) in Chromium.

What should be shown is worked out here from the built open data
(``data/communities.json``), not from the page: district, street, latest band,
evaluations, open notices and the latest total of every community.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from tests.browser import assert_local_only, axe_violations, browser, context, page, served_demo  # noqa: F401

pytestmark = pytest.mark.browser

UNEVALUATED = "未测评"
FORM = "form[data-sc-filters]"
# The slugs of the cards a reader can see, in the order shown.
VISIBLE_SLUGS = """() => [...document.querySelectorAll('.sc-directory .sc-card')]
    .filter(li => li.getClientRects().length > 0)
    .map(li => li.querySelector('.sc-compare-add').dataset.slug)"""


@pytest.fixture(scope="module")
def records(demo_site) -> dict[str, dict]:
    data = json.loads((demo_site.site / "data" / "communities.json").read_text(encoding="utf-8"))
    return {r["id"]: r for r in data["records"]}


def band_of(record: dict) -> str:
    return record["latest_band"] if record["evaluations"] else UNEVALUATED


def expected(records: dict[str, dict], query: dict[str, str]) -> set[str]:
    """The slugs the filter of ``query`` keeps, from the open data."""

    def keep(r: dict) -> bool:
        return (
            query.get("district", r["district"]) == r["district"]
            and query.get("street", r["street"]) == r["street"]
            and query.get("band", band_of(r)) == band_of(r)
            and {"yes": r["evaluations"] > 0, "no": r["evaluations"] == 0}.get(query.get("evaluated"), True)
            and (query.get("notice") != "1" or r["open_notices"] > 0)
        )

    return {slug for slug, r in records.items() if keep(r)}


# The demo's build date: the open data's open_notices are as of this day.
BUILD_DAY = "2026-11-23T10:00:00+08:00"


def open_directory(page, base: str, query: dict[str, str] | None = None, day: str = BUILD_DAY) -> None:
    page.clock.set_fixed_time(day)
    page.goto(base + "communities/" + ("?" + urlencode(query) if query else ""))
    page.locator(FORM).wait_for(state="visible")


def query_of(page) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(page.url).query).items()}


def count_text(shown: int, total: int) -> str:
    return f"{shown} 个社区" if shown == total else f"{shown} 个社区（共 {total} 个）"


def assert_counts(page, records: dict[str, dict], shown: set[str]) -> None:
    """The lead's live count and every district and street heading follow the filter;
    headings with nothing to show are hidden."""
    assert f"显示 {len(shown)} 个" in page.locator("[data-sc-shown]").inner_text()
    by_place: dict[tuple[str, str | None], list[str]] = {}
    for slug, r in records.items():
        by_place.setdefault((r["district"], None), []).append(slug)
        by_place.setdefault((r["district"], r["street"]), []).append(slug)
    for (district, street), members in by_place.items():
        if street is None:
            block = page.locator(f'section[data-sc-district="{district}"]')
            count = block.locator("h2 .sc-count")
        else:
            block = page.locator(f'section[data-sc-district="{district}"] [data-sc-street="{street}"]')
            count = block.locator("h3 .sc-count")
        n = len(shown & set(members))
        if n:
            assert block.is_visible() and count.inner_text() == count_text(n, len(members)), (district, street)
        else:
            assert block.is_hidden(), (district, street)


FILTERS = [
    {"district": "临川区", "street": "滨江街道", "band": "良好"},
    {"evaluated": "no"},
    {"notice": "1"},
    {"band": "一票否决"},
    {"street": "柳荫街道", "evaluated": "yes", "notice": "1"},
]


@pytest.mark.parametrize("query", FILTERS, ids=lambda q: "&".join(f"{k}={v}" for k, v in q.items()))
def test_a_filtered_url_reopens_with_the_same_filter(page, served_demo, records, query):
    want = expected(records, query)
    assert 0 < len(want) < len(records), "the demo should make this filter show some, not all"
    open_directory(page, served_demo, query)
    form = page.locator(FORM)
    for key in ("district", "street", "band", "evaluated"):
        if key in query:
            assert form.locator(f'[name="{key}"]').input_value() == query[key]
    assert form.locator('[name="notice"]').is_checked() == (query.get("notice") == "1")
    assert set(page.evaluate(VISIBLE_SLUGS)) == want
    assert_counts(page, records, want)
    # The state stays in the address (a street names its district when it has one).
    districts = {records[slug]["district"] for slug in want}
    assert query_of(page) == ({"district": districts.pop()} if "street" in query else {}) | query
    assert_local_only(page.sc_requests)


def test_changing_a_control_updates_the_url_and_the_list(page, served_demo, records):
    open_directory(page, served_demo)
    assert set(page.evaluate(VISIBLE_SLUGS)) == set(records) and query_of(page) == {}
    form = page.locator(FORM)

    form.locator('[name="band"]').select_option("优秀")
    assert query_of(page) == {"band": "优秀"}
    assert set(page.evaluate(VISIBLE_SLUGS)) == expected(records, {"band": "优秀"})

    form.locator('[name="band"]').select_option("")
    form.locator('[name="notice"]').check()
    assert query_of(page) == {"notice": "1"}
    assert_counts(page, records, expected(records, {"notice": "1"}))

    # A street chosen among all streets brings its district; the street choices then
    # are that district's streets only.
    street = records["wenchang-li"]["street"]
    district = records["wenchang-li"]["district"]
    form.locator('[name="street"]').select_option(street)
    assert query_of(page) == {"district": district, "street": street, "notice": "1"}
    assert form.locator('[name="district"]').input_value() == district
    choices = form.locator('[name="street"] option').evaluate_all("os => os.map(o => o.value).filter(Boolean)")
    assert sorted(choices) == sorted({r["street"] for r in records.values() if r["district"] == district})
    assert set(page.evaluate(VISIBLE_SLUGS)) == expected(records, {"street": street, "notice": "1"})

    form.locator('[name="sort"]').select_option("rate")
    assert query_of(page)["sort"] == "rate"

    form.locator("button[type=reset]").click()
    assert query_of(page) == {}
    assert set(page.evaluate(VISIBLE_SLUGS)) == set(records)
    assert form.locator('[name="sort"]').input_value() == "name"


def test_a_filter_that_matches_nothing_says_so(page, served_demo, records):
    query = {"band": "优秀", "evaluated": "no"}
    assert expected(records, query) == set()
    open_directory(page, served_demo, query)
    assert page.evaluate(VISIBLE_SLUGS) == []
    assert page.locator(".sc-dir-empty").is_visible()
    assert "显示 0 个" in page.locator("[data-sc-shown]").inner_text()
    page.locator(".sc-dir-empty button").click()
    assert set(page.evaluate(VISIBLE_SLUGS)) == set(records) and query_of(page) == {}


def assert_by_total(slugs: list[str], records: dict[str, dict]) -> None:
    """Scored communities first, highest latest total first; vetoed and unevaluated last."""
    scored = [s for s in slugs if records[s]["latest_total"] is not None and not records[s]["latest_vetoed"]]
    assert slugs[: len(scored)] == scored, "communities without a counted total come last"
    totals = [records[s]["latest_total"] for s in scored]
    assert totals == sorted(totals, reverse=True)


@pytest.mark.parametrize(
    "query", [{"sort": "total"}, {"sort": "total", "notice": "1"}, {"sort": "total", "street": "滨江街道"}]
)
def test_sorting_by_total_orders_the_visible_cards(page, served_demo, records, query):
    open_directory(page, served_demo)
    grouped = page.evaluate(VISIBLE_SLUGS)
    open_directory(page, served_demo, query)
    filters = {k: v for k, v in query.items() if k != "sort"}
    slugs = page.evaluate(VISIBLE_SLUGS)
    assert set(slugs) == expected(records, filters) and len(slugs) == len(set(slugs))
    assert_by_total(slugs, records)
    # One flat list under its own heading; the district sections step aside.
    assert page.locator(".sc-flat ol.sc-cards").is_visible()
    assert page.locator("section[data-sc-district]").evaluate_all("ss => ss.every(s => s.hidden)")
    assert "按最新总分从高到低" in page.locator("[data-sc-shown]").inner_text()
    # Back to names: the cards return to their streets, in the page's own order.
    page.locator(f'{FORM} [name="sort"]').select_option("name")
    assert page.locator(".sc-flat").is_hidden()
    back = page.evaluate(VISIBLE_SLUGS)
    assert back == [s for s in grouped if s in set(slugs)]
    assert page.locator("[data-sc-street] > ul > li.sc-card").count() == len(records)


def test_sorting_by_rate_follows_the_rectification_rate(page, served_demo, records):
    open_directory(page, served_demo)
    page.locator(f'{FORM} [name="sort"]').select_option("rate")
    assert query_of(page) == {"sort": "rate"}
    slugs = page.evaluate(VISIBLE_SLUGS)
    assert sorted(slugs) == sorted(records)
    rated = [s for s in slugs if records[s]["rectification_rate"] is not None]
    assert slugs[: len(rated)] == rated
    rates = [records[s]["rectification_rate"] for s in rated]
    assert rates == sorted(rates, reverse=True)


def test_without_javascript_every_card_shows_and_no_control(browser, served_demo, records):  # noqa: F811
    ctx = browser.new_context(java_script_enabled=False, locale="zh-CN")
    try:
        pg = ctx.new_page()
        pg.goto(served_demo + "communities/?" + urlencode({"band": "优秀", "sort": "total"}))
        cards = pg.locator(".sc-directory .sc-card")
        assert cards.count() == len(records)
        assert all(cards.nth(i).is_visible() for i in range(cards.count()))
        assert {
            cards.nth(i).locator(".sc-compare-add").get_attribute("data-slug") for i in range(cards.count())
        } == set(records)
        controls = pg.locator(".sc-directory select, .sc-directory input, .sc-directory button")
        assert controls.count() > 0 and not any(controls.nth(i).is_visible() for i in range(controls.count()))
        assert pg.locator(FORM).is_hidden()
        # Each card's compare link works as a plain link.
        href = pg.locator('.sc-compare-add[data-slug="chayuan"]').get_attribute("href")
        assert href.endswith("?c=chayuan")
    finally:
        ctx.close()


@pytest.mark.parametrize(
    "query", [{"sort": "total", "band": "良好"}, {"sort": "rate", "notice": "1"}, {"street": "云溪镇"}]
)
def test_a_phone_needs_no_sideways_scrolling(browser, served_demo, query):  # noqa: F811
    ctx = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN")
    try:
        pg = ctx.new_page()
        open_directory(pg, served_demo, query)
        assert pg.evaluate("document.documentElement.scrollWidth") <= 360
        small = pg.evaluate(
            """() => [...document.querySelectorAll('.sc-filters select, .sc-filters button, .sc-card .sc-compare-add, .sc-card__link')]
                .filter(e => e.getClientRects().length > 0)
                .filter(e => e.getBoundingClientRect().height < 44).map(e => e.outerHTML.slice(0, 80))"""
        )
        assert small == []
    finally:
        ctx.close()


@pytest.mark.parametrize("query", [None, {"band": "良好", "sort": "total"}, {"band": "优秀", "evaluated": "no"}])
def test_no_wcag_violations(page, served_demo, query):
    open_directory(page, served_demo, query)
    violations = axe_violations(page)
    assert violations == []


def test_open_notices_are_recounted_with_the_readers_date(page, served_demo, demo_site, records):
    """Read after the build, a card's "公示中" chip and the notice filter follow the
    reader's date (the notice rules of assets/showcase.js), not the build's."""
    notices = json.loads((demo_site.site / "data" / "notices.json").read_text(encoding="utf-8"))["records"]

    def open_on(day: str) -> dict[str, int]:
        counts: dict[str, int] = {}
        for n in notices:
            if n["start"] <= day <= n["end"]:
                for slug in n["subjects"]:
                    counts[slug] = counts.get(slug, 0) + 1
        return counts

    assert open_on("2026-11-23") == {s: r["open_notices"] for s, r in records.items() if r["open_notices"]}
    # 11-28: some have ended; 12-03: one still to come at the build is open; 2027: none.
    for day in ("2026-11-23", "2026-11-28", "2026-12-03", "2027-01-15"):
        wanted = open_on(day)
        open_directory(page, served_demo, {"notice": "1"}, day=f"{day}T10:00:00+08:00")
        assert set(page.evaluate(VISIBLE_SLUGS)) == set(wanted), day
        chips = page.evaluate(
            """() => Object.fromEntries([...document.querySelectorAll('.sc-card')]
                .map(li => [li.querySelector('.sc-compare-add').dataset.slug, li.querySelector('.sc-chip--open')])
                .filter(([, chip]) => chip && !chip.hidden)
                .map(([slug, chip]) => [slug, +chip.querySelector('.sc-chip__n').textContent]))"""
        )
        assert chips == wanted, day
