"""The compare page (rankings/compare/, assets/compare.js) in Chromium, on the built demo.

Expected values are read from the built open data (data/communities.json), never
written here: the page must show what the build computed.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser import assert_local_only, axe_violations, browser, context, page, served_demo  # noqa: F401

pytestmark = pytest.mark.browser

COMPARE = "rankings/compare/"

# The compare table as {"columns": [names], "rows": [[row header, cell, …], …]}.
READ_TABLE = """() => {
    const table = document.querySelector("table.sc-cmp-table");
    if (!table) return null;
    const text = (el) => el.textContent.replace(/\\s+/g, " ").trim();
    return {
        columns: [...table.querySelectorAll("thead th[scope=col]")].map(text),
        rows: [...table.querySelectorAll("tbody tr")]
            .filter((tr) => tr.querySelector("th[scope=row]"))
            .map((tr) => [text(tr.querySelector("th[scope=row]")), ...[...tr.querySelectorAll("td")].map(text)]),
    };
}"""


@pytest.fixture(scope="module")
def communities(demo_site) -> dict[str, dict]:
    """The built data/communities.json, by community id."""
    data = json.loads((demo_site.site / "data" / "communities.json").read_text(encoding="utf-8"))
    return {row["id"]: row for row in data["records"]}


def evaluated_with(communities: dict[str, dict], framework: str) -> list[str]:
    return sorted(
        slug for slug, row in communities.items() if row["latest_framework"] == framework and not row["latest_vetoed"]
    )


def never_evaluated(communities: dict[str, dict]) -> list[str]:
    return sorted(slug for slug, row in communities.items() if row["latest_year"] is None)


def open_compare(page, base: str, slugs: list[str]) -> dict | None:
    page.goto(f"{base}{COMPARE}?c={','.join(slugs)}")
    # Rendered once the script has loaded the data: the table, or the explanation.
    page.wait_for_selector("table.sc-cmp-table, .sc-cmp-howto:not([hidden])")
    return page.evaluate(READ_TABLE)


def chosen_in_url(page) -> list[str]:
    values = parse_qs(urlsplit(page.url).query, keep_blank_values=True).get("c", [""])
    return [s for s in values[0].split(",") if s]


def cells(table: dict, label: str) -> list[str]:
    """The cells of the first row headed ``label``."""
    for row in table["rows"]:
        if row[0] == label:
            return row[1:]
    raise AssertionError(f"no row {label!r} in {[r[0] for r in table['rows']]}")


def choices(communities: dict[str, dict]) -> dict[str, list[str]]:
    qingzhou = evaluated_with(communities, "qingzhou-2025")
    yunxi = evaluated_with(communities, "yunxi-town-2026")
    return {
        "two, one framework": qingzhou[:2],
        "three, mixed and unevaluated": [yunxi[0], *never_evaluated(communities)[:1], qingzhou[2]],
    }


@pytest.mark.parametrize("case", ["two, one framework", "three, mixed and unevaluated"])
def test_shows_the_chosen_communities_with_their_latest_results(page, served_demo, communities, case):
    slugs = choices(communities)[case]
    assert len(slugs) in (2, 3)
    table = open_compare(page, served_demo, slugs)
    assert table is not None
    assert table["columns"] == [communities[s]["name"] for s in slugs]
    totals, bands = cells(table, "总分"), cells(table, "等次")
    for slug, total, band in zip(slugs, totals, bands, strict=True):
        row = communities[slug]
        if row["latest_year"] is None:
            assert (total, band) == ("未测评", "未测评")
        else:
            assert total.split(" ")[0] == row["latest_total_display"]
            assert band == row["latest_band"]
    assert chosen_in_url(page) == slugs
    assert page.locator(".sc-cmp-howto").is_hidden()
    # Column headers link to each community's page.
    hrefs = page.locator("table.sc-cmp-table thead th a").evaluate_all("links => links.map(a => a.href)")
    assert hrefs == [served_demo + communities[s]["url"] for s in slugs]
    assert_local_only(page.sc_requests)


def test_different_frameworks_are_said_to_be_not_comparable_item_by_item(page, served_demo, communities):
    slugs = [evaluated_with(communities, "qingzhou-2025")[0], evaluated_with(communities, "yunxi-town-2026")[0]]
    table = open_compare(page, served_demo, slugs)
    note = page.locator(".sc-cmp-note").inner_text()
    names = [communities[s]["name"] for s in slugs]
    assert f"{names[0]}与{names[1]}最新一次测评使用不同的测评体系" in note
    assert f"{names[0]}依据《" in note and f"{names[1]}依据《" in note
    assert "分项不能逐项对比；总分仅供参考" in note
    # One block of subtotals per framework, each filled only for its own communities.
    groups = page.locator("tr.sc-cmp-group th").all_inner_texts()
    assert len([g for g in groups if g.startswith("分项得分")]) == 2
    first_item = next(r for r in table["rows"] if r[0].startswith("1 "))
    assert first_item[1] != "—" and first_item[2] == "—"


def test_one_framework_has_no_such_statement(page, served_demo, communities):
    open_compare(page, served_demo, evaluated_with(communities, "qingzhou-2025")[:3])
    assert "不同的测评体系" not in page.locator("#sc-compare").inner_text()
    assert page.locator("tr.sc-cmp-group th").all_inner_texts().count("分项得分") == 1


def test_add_from_two_community_pages(page, served_demo, communities):
    first, second = evaluated_with(communities, "qingzhou-2025")[:2]
    page.goto(served_demo + communities[first]["url"])
    page.locator("a.sc-compare-add").click()
    page.wait_for_url(f"**/{COMPARE}?c={first}")
    page.locator(".sc-cmp-howto:not([hidden])").wait_for()
    assert "加入对比" in page.locator(".sc-cmp-howto").inner_text()

    page.goto(served_demo + communities[second]["url"])
    page.locator("a.sc-compare-add").click()
    page.wait_for_url(f"**/{COMPARE}?c={first},{second}")
    page.locator("table.sc-cmp-table").wait_for()
    assert page.evaluate(READ_TABLE)["columns"] == [communities[first]["name"], communities[second]["name"]]
    assert page.locator(".sc-cmp-howto").is_hidden()

    # The compare page without ?c= shows the remembered choice, and puts it in the URL.
    page.goto(served_demo + COMPARE)
    page.locator("table.sc-cmp-table").wait_for()
    assert page.evaluate(READ_TABLE)["columns"] == [communities[first]["name"], communities[second]["name"]]
    assert chosen_in_url(page) == [first, second]


def test_without_javascript_the_page_says_where_else_to_look(browser, served_demo):
    ctx = browser.new_context(java_script_enabled=False, locale="zh-CN")
    try:
        pg = ctx.new_page()
        pg.goto(served_demo + COMPARE + "?c=chayuan")
        text = pg.locator("#sc-compare").inner_text()
        assert "社区对比需要启用 JavaScript" in text
        links = pg.locator("#sc-compare noscript a, #sc-compare .sc-cmp-note a").evaluate_all("a => a.map(x => x.href)")
        assert served_demo + "communities/" in links and served_demo + "data/" in links
    finally:
        ctx.close()


def test_a_fifth_community_replaces_the_oldest_and_says_so(page, served_demo, communities):
    slugs = evaluated_with(communities, "qingzhou-2025")[:5]
    open_compare(page, served_demo, slugs[:4])
    page.goto(served_demo + communities[slugs[4]]["url"])
    page.locator("a.sc-compare-add").click()
    page.wait_for_url(f"**/{COMPARE}?c={','.join(slugs[1:])}")
    page.locator("table.sc-cmp-table").wait_for()
    assert page.evaluate(READ_TABLE)["columns"] == [communities[s]["name"] for s in slugs[1:]]
    assert f"已移出最早加入的{communities[slugs[0]]['name']}" in page.locator(".sc-cmp-messages").inner_text()


def test_remove_updates_the_url(page, served_demo, communities):
    slugs = evaluated_with(communities, "qingzhou-2025")[:3]
    open_compare(page, served_demo, slugs)
    page.get_by_role("button", name="移除" + communities[slugs[1]]["name"]).click()
    assert chosen_in_url(page) == [slugs[0], slugs[2]]
    assert page.evaluate(READ_TABLE)["columns"] == [communities[slugs[0]]["name"], communities[slugs[2]]["name"]]
    assert f"已移除{communities[slugs[1]]['name']}" in page.locator(".sc-cmp-messages").inner_text()
    assert page.evaluate("JSON.parse(localStorage.getItem('sc-compare'))") == [slugs[0], slugs[2]]

    # Down to one: the page says how to add more; a reload keeps the choice.
    page.get_by_role("button", name="移除" + communities[slugs[0]]["name"]).click()
    assert chosen_in_url(page) == [slugs[2]]
    assert page.locator(".sc-cmp-howto").is_visible()
    page.reload()
    page.locator(".sc-cmp-howto:not([hidden])").wait_for()
    assert page.evaluate(READ_TABLE)["columns"] == [communities[slugs[2]]["name"]]


def test_unknown_duplicate_and_surplus_slugs_are_reported_and_dropped(page, served_demo, communities):
    known = evaluated_with(communities, "qingzhou-2025")
    asked = [known[0], "no-such-place", known[0], "Bad/..", known[1], known[2], known[3], known[4]]
    table = open_compare(page, served_demo, asked)
    messages = page.locator(".sc-cmp-messages").inner_text()
    assert "“no-such-place”" in messages and "已从对比中移除" in messages
    assert "“Bad/..”不是社区标识" in messages
    assert f"{communities[known[0]]['name']}在地址中重复出现" in messages
    assert "最多同时对比 4 个社区" in messages
    # The four that fit, unknown ones gone (the 404 is for no-such-place only).
    assert chosen_in_url(page) == known[:3]
    assert table["columns"] == [communities[s]["name"] for s in known[:3]]


def test_a_failed_download_is_said_plainly(page, served_demo, communities):
    slugs = evaluated_with(communities, "qingzhou-2025")[:3]
    page.route(f"**/data/communities/{slugs[1]}.json", lambda route: route.abort())
    table = open_compare(page, served_demo, slugs)
    assert f"未能载入“{slugs[1]}”的数据，请检查网络后刷新页面重试。" in page.locator(".sc-cmp-messages").inner_text()
    assert table["columns"] == [communities[slugs[0]]["name"], communities[slugs[2]]["name"]]
    # Kept in the choice, so that a reload tries again.
    assert chosen_in_url(page) == slugs


def test_no_wcag_violations_with_three_communities(page, served_demo, communities):
    slugs = choices(communities)["three, mixed and unevaluated"]
    open_compare(page, served_demo, slugs)
    violations = axe_violations(page)
    assert violations == []


@pytest.mark.parametrize("width", [360, 1280])
def test_no_horizontal_page_scroll(page, served_demo, communities, width):
    page.set_viewport_size({"width": width, "height": 800})
    open_compare(page, served_demo, evaluated_with(communities, "qingzhou-2025")[:4])
    assert page.evaluate("document.documentElement.scrollWidth") <= width
