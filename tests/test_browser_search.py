"""Pagefind search in a real browser: the search page and the header dropdown.

Runs against the demo content (content/) built once per session; see tests/browser.py.
"""
# The fixtures are imported from tests/browser.py and requested by name as arguments:
# ruff: noqa: F811

from __future__ import annotations

import re
from urllib.parse import quote, urljoin

import pytest

from tests.browser import (  # noqa: F401  (pytest fixtures are used by name)
    assert_local_only,
    browser,
    context,
    page,
    served_demo,
)
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

COMMUNITIES = ROOT / "content" / "communities"
# A two-character word from the middle of a sentence of one community's narrative
# ("…劝阻违规垂钓和野炊…"), found in no other community file: test_search_word_is_specific.
WORD = "垂钓"
COMMUNITY = "binjiang-huayuan"
SENTENCE_END = re.compile(r"[。！？；!?;\n]")


def front_matter_and_body(text: str) -> tuple[str, str]:
    match = re.match(r"---\n(.*?)\n---\n(.*)", text, re.S)
    assert match, "community file without front matter"
    return match.group(1), match.group(2)


def community_name(slug: str) -> str:
    meta, _ = front_matter_and_body((COMMUNITIES / slug / "index.md").read_text(encoding="utf-8"))
    return re.search(r"^name:\s*(.+)$", meta, re.M).group(1).strip().strip("\"'")


def narrative_sentences(slug: str) -> list[str]:
    """Sentences of the community's Markdown body (headings and list markers left out)."""
    _, body = front_matter_and_body((COMMUNITIES / slug / "index.md").read_text(encoding="utf-8"))
    prose = "\n".join(line for line in body.splitlines() if line.strip() and not line.lstrip().startswith("#"))
    return [s.strip() for s in SENTENCE_END.split(prose) if s.strip()]


def test_search_word_is_specific():
    """The query is a real word inside a sentence of one community, and of that community only."""
    assert len(WORD) == 2 and all("\u4e00" <= ch <= "\u9fff" for ch in WORD)
    # In the middle: the sentence goes on, in Chinese, on both sides of the word.
    inside = [s for s in narrative_sentences(COMMUNITY) if re.search(f"[\u4e00-\u9fff]{WORD}[\u4e00-\u9fff]", s)]
    assert inside, f"{WORD!r} is not in the middle of a sentence of content/communities/{COMMUNITY}/index.md"
    others = [
        path.parent.name
        for path in sorted(COMMUNITIES.glob("*/index.md"))
        if path.parent.name != COMMUNITY and WORD in path.read_text(encoding="utf-8")
    ]
    assert not others, f"{WORD!r} also appears in {others}: pick a word unique to one community"


def community_url(base: str) -> str:
    return urljoin(base, f"communities/{COMMUNITY}/")


def test_search_page_finds_the_community(page, served_demo):
    test_search_word_is_specific()
    page.goto(f"{served_demo}search/?q={quote(WORD)}")
    first = page.locator("ol.sc-results > li").first
    first.wait_for()

    assert page.input_value("#sc-q") == WORD
    assert re.fullmatch(r"全文找到 \d+ 条结果", page.locator(".sc-results-count").inner_text().strip())
    link = first.locator("a").first
    assert link.inner_text().strip() == community_name(COMMUNITY)
    assert link.evaluate("a => a.href") == community_url(served_demo)
    # The excerpt shows the hit as <mark>, and nothing but text and <mark> elements.
    assert WORD in "".join(first.locator("mark").all_inner_texts())
    tags = first.locator(".sc-hit__excerpt *").evaluate_all("els => els.map(e => e.tagName)")
    assert set(tags) <= {"MARK"}

    assert_local_only(page.sc_requests)
    assert any("/pagefind/" in url for url in page.sc_requests), "Pagefind was not loaded"


def test_search_page_submit_without_reload(page, served_demo):
    page.goto(f"{served_demo}search/")
    assert page.locator("#sc-results").inner_text().strip() == ""
    page.evaluate("window.__noReload = true")

    page.click("#sc-q")
    page.keyboard.type(WORD)
    page.keyboard.press("Enter")
    page.locator("ol.sc-results > li").first.wait_for()
    assert page.evaluate("window.__noReload") is True, "the form submit reloaded the page"
    assert page.url == f"{served_demo}search/?q={quote(WORD)}"
    assert page.locator("ol.sc-results > li a").first.evaluate("a => a.href") == community_url(served_demo)

    page.fill("#sc-q", "zzqxjw")
    page.keyboard.press("Enter")
    none = page.locator(".sc-results-none")
    none.wait_for()
    assert "没有找到" in none.inner_text()
    assert page.locator("ol.sc-results").count() == 0
    assert page.evaluate("window.__noReload") is True

    page.go_back()  # history: back to the previous query, still without a reload
    page.locator("ol.sc-results > li").first.wait_for()
    assert page.input_value("#sc-q") == WORD

    assert_local_only(page.sc_requests)


def open_dropdown(page, query: str):
    page.click("#sc-hsearch-q")
    page.keyboard.type(query, delay=60)
    box = page.locator("#sc-hsearch-results")
    box.locator("a.sc-hsearch__item").first.wait_for()
    return box


def test_header_dropdown_keyboard(page, served_demo):
    page.goto(served_demo)
    box = open_dropdown(page, WORD)
    search_input = page.locator("#sc-hsearch-q")
    assert search_input.get_attribute("aria-expanded") == "true"

    items = box.locator("a.sc-hsearch__item")
    assert 1 <= items.count() <= 8
    first = items.first
    assert first.locator(".sc-hsearch__title").inner_text().strip() == community_name(COMMUNITY)
    assert first.evaluate("a => a.href") == community_url(served_demo)
    assert WORD in "".join(first.locator("mark").all_inner_texts())
    all_link = box.locator("a.sc-hsearch__all")
    assert re.fullmatch(r"查看全部 \d+ 条全文结果", all_link.inner_text().strip())
    assert all_link.evaluate("a => a.href") == f"{served_demo}search/?q={quote(WORD)}"

    page.keyboard.press("ArrowDown")
    assert first.get_attribute("aria-selected") == "true"
    assert search_input.get_attribute("aria-activedescendant") == first.get_attribute("id")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == community_url(served_demo)
    assert page.locator("h1").first.inner_text().strip() == community_name(COMMUNITY)

    assert_local_only(page.sc_requests)
    assert any("/pagefind/" in url for url in page.sc_requests), "Pagefind was not loaded"


def test_header_dropdown_closes(page, served_demo):
    page.goto(served_demo)
    page.add_script_tag(url=served_demo + "assets/search.js")  # loaded twice: still one set of handlers
    box = open_dropdown(page, WORD)
    search_input = page.locator("#sc-hsearch-q")

    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # onto "查看全部", then wraps to the first result
    page.keyboard.press("ArrowDown")
    assert box.locator("a.sc-hsearch__item").first.get_attribute("aria-selected") == "true"
    page.keyboard.press("ArrowUp")
    assert box.locator("a.sc-hsearch__all").get_attribute("aria-selected") == "true"

    page.keyboard.press("Escape")
    assert box.is_hidden()
    assert search_input.get_attribute("aria-expanded") == "false"
    assert search_input.get_attribute("aria-activedescendant") is None
    assert search_input.input_value() == WORD  # Escape closes, it does not clear

    page.keyboard.press("ArrowDown")  # reopens
    assert box.is_visible()
    page.mouse.click(5, 400)  # outside
    assert box.is_hidden()

    assert_local_only(page.sc_requests)


@pytest.mark.parametrize("start", ["search/", "communities/", "policies/frameworks/qingzhou-2025/"])
def test_header_dropdown_links_at_any_depth(page, served_demo, start):
    page.goto(served_demo + start)
    box = open_dropdown(page, WORD)
    assert box.locator("a.sc-hsearch__item").first.evaluate("a => a.href") == community_url(served_demo)
    with page.expect_navigation():
        box.locator("a.sc-hsearch__all").click()
    assert page.url == f"{served_demo}search/?q={quote(WORD)}"
    page.locator("ol.sc-results > li").first.wait_for()
    assert_local_only(page.sc_requests)


def test_header_form_without_javascript(browser, served_demo):
    """Without JavaScript the header form still opens the search page, which explains itself."""
    ctx = browser.new_context(java_script_enabled=False)
    try:
        pg = ctx.new_page()
        pg.goto(served_demo + "communities/")
        pg.fill("#sc-hsearch-q", WORD)
        with pg.expect_navigation():
            pg.keyboard.press("Enter")
        assert pg.url == f"{served_demo}search/?q={quote(WORD)}"
        assert "搜索需要启用 JavaScript" in pg.locator("article.sc-search").inner_text()
    finally:
        ctx.close()


# -- a large site's index in bundles by district ----------------------------------------


@pytest.fixture(scope="module")
def served_split_demo(tmp_path_factory):
    """The demo built with its index split as a large site's is: by district, here at
    most five communities a bundle (three bundles for the demo's one district)."""
    from tests.browser import DEMO_DATE, serve
    from tests.conftest import run_build
    from tests.test_search_bundles import SPLIT

    result = run_build(ROOT / "content", tmp_path_factory.mktemp("split"), date=DEMO_DATE, env=SPLIT)
    assert result.returncode == 0, result.output
    with serve(result.site) as url:
        yield url, result.site


def bundles_of(site) -> dict[str, str]:
    """Community URL → the folder of the bundle holding it ("" for the main one)."""
    from tests.test_search_bundles import fragments

    found = {url: "" for url in fragments(site / "pagefind")}
    for folder in (site / "pagefind").glob("d-*"):
        found.update({url: folder.name for url in fragments(folder)})
    return found


def all_results(page) -> list[str]:
    """Every full-text result of the search page, "显示更多" pressed until the end."""
    hits = page.locator("ol.sc-results:not(.sc-results--names) > li")
    hits.first.wait_for()
    while page.locator("button.sc-results-more").count():
        shown = hits.count()
        page.locator("button.sc-results-more").click()
        page.wait_for_function(f"document.querySelectorAll('ol.sc-results:not(.sc-results--names) > li').length > {shown}")
    return hits.evaluate_all("els => els.map(li => new URL(li.querySelector('a').href).pathname)")


def test_split_index_finds_pages_of_every_bundle(page, served_split_demo):
    base, site = served_split_demo
    where = bundles_of(site)
    folders = sorted({folder for folder in where.values() if folder})
    assert folders == ["d-linchuanqu", "d-linchuanqu-2", "d-linchuanqu-3"]
    page.goto(f"{base}search/?q={quote('社区')}")
    found = all_results(page)
    # Full text from every bundle, the main one included, each page once.
    assert {where[url] for url in found} == {"", *folders}
    assert len(found) == len(set(found))
    # Each district bundle's index was fetched; its code and WebAssembly were not (it has none).
    for folder in folders:
        requested = [url for url in page.sc_requests if f"/pagefind/{folder}/" in url]
        assert any(url.endswith(".pf_meta") for url in requested), requested
        assert not any("wasm" in url or url.endswith(".js") for url in requested), requested
    assert_local_only(page.sc_requests)


def test_split_index_in_the_header_dropdown(page, served_split_demo):
    """The dropdown of a split site searches the main bundle only: a community is
    found by its name (the lookup), a word of its narrative on the search page."""
    base, site = served_split_demo
    where = bundles_of(site)
    page.goto(base + "communities/")
    box = open_dropdown(page, community_name(COMMUNITY))
    first = box.locator("a.sc-hsearch__item").first
    assert first.evaluate("a => new URL(a.href).pathname") == f"/communities/{COMMUNITY}/"
    assert where[f"/communities/{COMMUNITY}/"]  # whose page is in a district bundle
    page.fill("#sc-hsearch-q", WORD)
    link = box.locator("a.sc-hsearch__all")
    link.wait_for()
    assert link.inner_text().strip() == "在搜索页查看全部结果"
    assert not [url for url in page.sc_requests if "/pagefind/d-" in url]
    with page.expect_navigation():
        link.click()
    hits = page.locator("ol.sc-results > li a")
    hits.first.wait_for()
    assert hits.first.evaluate("a => new URL(a.href).pathname") == f"/communities/{COMMUNITY}/"
    assert_local_only(page.sc_requests)


def test_search_page_shows_results_a_page_at_a_time(page, served_demo):
    """Each result's text is its own download: a common word loads 20, then 20 more on request."""
    page.goto(f"{served_demo}search/?q={quote('社区')}")
    page.locator("ol.sc-results > li").first.wait_for()
    total = int(re.fullmatch(r"全文找到 (\d+) 条结果", page.locator(".sc-results-count").inner_text().strip()).group(1))
    assert total > 20, "the demo should have more than one page of results for 社区"
    hits = page.locator("ol.sc-results > li")
    assert hits.count() == 20
    fragments_before = len([u for u in page.sc_requests if "/fragment/" in u])
    more = page.locator("button.sc-results-more")
    assert more.inner_text().strip() == f"显示更多结果（还有 {total - 20} 条）"
    more.click()
    page.wait_for_function(f"document.querySelectorAll('ol.sc-results > li').length === {min(total, 40)}")
    # Keyboard users go on from the first new result.
    assert page.evaluate("document.activeElement.closest('li') === document.querySelectorAll('ol.sc-results > li')[20]")
    assert len([u for u in page.sc_requests if "/fragment/" in u]) > fragments_before
    while page.locator("button.sc-results-more").count():
        shown = hits.count()
        page.locator("button.sc-results-more").click()
        page.wait_for_function(f"document.querySelectorAll('ol.sc-results > li').length > {shown}")
    assert hits.count() == total
    assert_local_only(page.sc_requests)
