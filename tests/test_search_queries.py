"""The search set: queries readers type, each with the page that must come first.

``tests/search_queries.yml`` holds the queries over ``tests/fixtures/search-city`` (a
city of confusable names: 望湖西里 and 望湖东里, 桃园村 and 桃园新村, a narrative that
mentions another community's name again and again, polyphonic names, 文号 that differ
by one digit). The site is built with its index split by district, as a large site's
is, and searched in Chromium on the search page and in the header dropdown. Any query
whose expected page is not first fails the test; the top-1 share is printed.

Beyond the set, every community of that city and of the demo is found first by its
full name and by its short form (the name without 社区/村/居委会).
"""
# ruff: noqa: F811  (fixtures are imported, then requested by name as arguments)

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from urllib.parse import quote

import pytest
import yaml

from showcase.lookup import NAME_SUFFIXES, normalize, strip_suffix
from tests.browser import assert_local_only, browser, context, page, serve, served_demo  # noqa: F401
from tests.conftest import ROOT, run_build

pytestmark = pytest.mark.browser

HERE = Path(__file__).parent
CITY = HERE / "fixtures" / "search-city"
QUERIES = yaml.safe_load((HERE / "search_queries.yml").read_text(encoding="utf-8"))
SPLIT = {"SHOWCASE_SEARCH_SPLIT_AT": "1", "SHOWCASE_SEARCH_BUNDLE_PAGES": "4"}
MINIMUM = {
    "full-name": 8, "short": 8, "pinyin": 5, "initials": 4, "street": 3, "district": 2,
    "word": 5, "notice-title": 3, "doc-number": 3, "facility": 3,
}  # fmt: skip


def expected(query: dict) -> list[str]:
    return [query["first"]] if "first" in query else list(query["first_any"])


def test_the_set_is_what_it_says():
    assert len(QUERIES) >= 40
    kinds = Counter(q["kind"] for q in QUERIES)
    for kind, least in MINIMUM.items():
        assert kinds[kind] >= least, (kind, kinds[kind])
    assert len({q["q"] for q in QUERIES}) == len(QUERIES), "a query is listed twice"
    for query in QUERIES:
        for url in expected(query):
            assert (CITY / url / "index.md").is_file() or (CITY / (url.rstrip("/") + ".md")).is_file(), url


@pytest.fixture(scope="module")
def served_city(tmp_path_factory):
    """The city with its index split by district, as a large site's is."""
    result = run_build(CITY, tmp_path_factory.mktemp("city"), env=SPLIT)
    assert result.returncode == 0, result.output
    assert list((result.site / "pagefind").glob("d-*")), "the city's index should be split by district"
    with serve(result.site) as url:
        yield url


@pytest.fixture(scope="module")
def served_whole_city(tmp_path_factory):
    """The city as it builds by default: small, so its index is one bundle."""
    result = run_build(CITY, tmp_path_factory.mktemp("whole-city"))
    assert result.returncode == 0, result.output
    assert not list((result.site / "pagefind").glob("d-*"))
    with serve(result.site) as url:
        yield url


def first_on_search_page(page, base: str, query: str) -> str:
    """The path of the first result on the search page (names first, then full text)."""
    page.goto(f"{base}search/?q={quote(query)}")
    page.wait_for_function("() => { const r = document.querySelector('#sc-results'); return r.children.length && !r.hasAttribute('aria-busy'); }")
    links = page.locator("#sc-results ol.sc-results a")
    if links.count():
        return links.first.evaluate("a => new URL(a.href).pathname")
    # Say what the page showed instead (no result, or search unavailable), to tell why.
    return f"no link; the page said {page.locator('#sc-results').inner_text()!r}"


def first_in_dropdown(page, query: str) -> str | None:
    """The path of the dropdown's first option once full text is in too."""
    page.fill("#sc-hsearch-q", "")
    page.fill("#sc-hsearch-q", query)
    page.wait_for_function(
        "() => { const box = document.querySelector('#sc-hsearch-results');"
        " return box.children.length && !box.textContent.includes('正在搜索全文') && document.querySelector('.sc-hsearch__status').textContent; }"
    )
    options = page.locator("#sc-hsearch-results a.sc-hsearch__item")
    return options.first.evaluate("a => new URL(a.href).pathname") if options.count() else None


def run_set(queries, find) -> list[str]:
    failures = []
    for query in queries:
        got = find(query["q"])
        wanted = ["/" + url for url in expected(query)]
        if got not in wanted:
            failures.append(f"{query['kind']}: {query['q']!r} → {got}, expected {' or '.join(wanted)}")
    share = 1 - len(failures) / len(queries)
    print(f"\ntop-1: {len(queries) - len(failures)}/{len(queries)} = {share:.0%}")
    return failures


def test_the_set_on_the_search_page(page, served_city):
    failures = run_set(QUERIES, lambda q: first_on_search_page(page, served_city, q))
    assert not failures, "\n".join(failures)
    assert_local_only(page.sc_requests)


def test_the_set_in_the_header_dropdown(page, served_whole_city):
    page.goto(served_whole_city + "about/")
    failures = run_set(QUERIES, lambda q: first_in_dropdown(page, q))
    assert not failures, "\n".join(failures)
    assert_local_only(page.sc_requests)


# Answered from the table of names, which the dropdown has whatever the site's size.
NAMED = ("full-name", "short", "pinyin", "initials", "street", "district", "notice-title", "doc-number")


def test_the_dropdown_of_a_split_site_finds_names_and_leads_to_the_rest(page, served_city):
    """On a large site the dropdown searches the main bundle only (the community pages'
    bundles are the search page's): names still come first, and the way to full text
    is offered."""
    page.goto(served_city + "about/")
    failures = run_set([q for q in QUERIES if q["kind"] in NAMED], lambda q: first_in_dropdown(page, q))
    assert not failures, "\n".join(failures)
    word = next(q for q in QUERIES if q["kind"] == "word" and q["first"].startswith("communities/"))
    first_in_dropdown(page, word["q"])
    link = page.locator("#sc-hsearch-results a.sc-hsearch__all")
    assert link.inner_text().strip() == "在搜索页查看全部结果"
    assert link.evaluate("a => new URL(a.href).pathname + new URL(a.href).search") == f"/search/?q={quote(word['q'])}"
    assert not [url for url in page.sc_requests if "/pagefind/d-" in url], "the dropdown fetched district bundles"
    assert_local_only(page.sc_requests)


def communities_of(content: Path) -> list[tuple[str, str]]:
    """(URL path, name) of every community of a content folder."""
    found = []
    for profile in sorted(content.glob("communities/*/index.md")):
        meta = yaml.safe_load(re.match(r"---\n(.*?)\n---\n", profile.read_text(encoding="utf-8"), re.S).group(1))
        found.append((f"/communities/{profile.parent.name}/", meta["name"]))
    return found


@pytest.mark.parametrize("where", ["city", "demo"])
def test_every_name_and_short_form_finds_its_community(page, where, served_city, served_demo):
    base, content = (served_city, CITY) if where == "city" else (served_demo, ROOT / "content")
    communities = communities_of(content)
    shorts = Counter(strip_suffix(normalize(name), NAME_SUFFIXES) for _, name in communities)
    failures = []
    for url, name in communities:
        short = strip_suffix(normalize(name), NAME_SUFFIXES)
        for query in (name, short) if shorts[short] == 1 else (name,):
            got = first_on_search_page(page, base, query)
            if got != url:
                failures.append(f"{query!r} → {got}, expected {url}")
    assert not failures, "\n".join(failures + [f"failed request: {r}" for r in page.sc_failed])


def test_the_browser_normalises_as_the_build(page, served_city):
    """One table of rules, two implementations: they agree."""
    page.goto(served_city + "search/")
    samples = ["望湖西里 社区", "ＷＡＮＧ Hu", "xi'an", "青文明委（2026）３号", "青文明委[2026]3号", "【2026】·柳巷—南苑", "Ⅻ号楼"]
    for text in samples:
        assert page.evaluate("t => window.__scSearch.normalize(t)", text) == normalize(text), text
