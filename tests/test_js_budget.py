"""The JavaScript budget of pages other than search and compare, checked on the built
demo: at most JS_BUDGET bytes of script, compressed as a host serves it (gzip), inline
scripts included. Material's own script is not loaded at all (theme_overrides/main.html):
every page works without it."""

from __future__ import annotations

import gzip
from pathlib import Path

from lxml import html as lxml_html

JS_BUDGET = 30 * 1024  # bytes, gzip level 9, per page (Material's bundle alone was 35 KB)
# Pages whose purpose is a script: they carry their own (search: Pagefind; compare).
SCRIPTED = ("search/", "rankings/compare/", "pagefind/")


def page_scripts(site: Path, page: Path) -> tuple[int, list[str]]:
    tree = lxml_html.fromstring(page.read_bytes())
    total, names = 0, []
    for script in tree.xpath("//script"):
        src = script.get("src")
        if src:
            # 404.html is served at any depth: its addresses start from the root (site_url).
            rel = src.split("?")[0]
            path = (site / rel.lstrip("/") if rel.startswith("/") else page.parent / rel).resolve()
            assert path.is_relative_to(site.resolve()) and path.is_file(), (page, src)
            data = path.read_bytes()
            names.append(path.name)
        else:
            if script.get("type") == "application/json":  # data, not code
                continue
            data = (script.text or "").encode("utf-8")
        total += len(gzip.compress(data, compresslevel=9, mtime=0))
    return total, names


def test_every_page_but_search_and_compare_stays_within_the_js_budget(demo_site):
    site = demo_site.site
    pages = [p for p in sorted(site.rglob("*.html")) if not p.relative_to(site).as_posix().startswith(SCRIPTED)]
    assert len(pages) > 30
    heaviest = 0
    for page in pages:
        total, names = page_scripts(site, page)
        assert not any(n.startswith("bundle.") for n in names), (page, names)
        assert total <= JS_BUDGET, f"{page.relative_to(site)}: {total} bytes of JavaScript (gzip) > {JS_BUDGET}: {names}"
        heaviest = max(heaviest, total)
    assert heaviest > 0  # the budget is measured on something


def test_scripts_never_block_the_first_paint(demo_site):
    for page in sorted(demo_site.site.rglob("*.html")):
        if page.relative_to(demo_site.site).as_posix().startswith("pagefind/"):
            continue
        tree = lxml_html.fromstring(page.read_bytes())
        for script in tree.xpath("//script[@src]"):
            assert script.get("defer") is not None or script.get("async") is not None or script.get("type") == "module", (page, script.get("src"))
