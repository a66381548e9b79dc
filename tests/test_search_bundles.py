"""A large site's search index in two Pagefind bundles, searched together in the browser."""

from __future__ import annotations

import gzip
import json
import re

from conftest import ROOT, run_build

from showcase.search import PART_FILES, SPLIT_AT, bundle_count


def fragments(bundle) -> dict[str, dict]:
    """URL → fragment data of every page in a bundle."""
    found = {}
    for path in (bundle / "fragment").iterdir():
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd")
        fragment = json.loads(data[len(b"pagefind_dcd") :])
        found[fragment["url"]] = fragment
    return found


def test_bundle_count_depends_on_the_content_only():
    assert bundle_count(SPLIT_AT - 1) == 1
    assert bundle_count(SPLIT_AT) == 2
    assert bundle_count(10_000) == 2


def test_two_bundles_hold_every_page_once(tmp_path):
    one = run_build(ROOT / "content", tmp_path / "one")
    two = run_build(ROOT / "content", tmp_path / "two", env={"SHOWCASE_SEARCH_BUNDLES": "2"})
    assert one.returncode == 0 and two.returncode == 0, one.output + two.output
    assert not (one.site / "pagefind" / "part-1").exists()
    single = fragments(one.site / "pagefind")
    first, second = fragments(two.site / "pagefind"), fragments(two.site / "pagefind" / "part-1")
    assert not set(first) & set(second)
    assert set(first) | set(second) == set(single)
    # Pages alternate between the bundles: both get community pages.
    assert abs(len(first) - len(second)) <= 1
    assert any(url.startswith("/communities/") for url in second)
    # The second bundle holds index files only; the browser runs the first bundle's code.
    part = two.site / "pagefind" / "part-1"
    names = [p.relative_to(part).as_posix() for p in part.rglob("*") if p.is_file()]
    assert names and all(PART_FILES.match(name) for name in names)
    assert not (part / "pagefind.js").exists() and not list(part.glob("wasm.*"))
    # Every page with the search box names the second bundle, relative to itself.
    page = (two.site / "communities" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'data-pagefind-merge="\.\./pagefind/part-1/"', page)
    assert 'data-pagefind-merge' not in (one.site / "communities" / "index.html").read_text(encoding="utf-8")


def test_lists_of_communities_are_not_searched(demo_site):
    """A community's name finds its page, not every framework page that lists it."""
    from showcase.search import searchable_part

    html = demo_site.html("policies/frameworks/qingzhou-2025/index.html")
    assert "采用本体系测评的社区" in html
    part = searchable_part(html)
    assert "采用本体系测评的社区" not in part
    # The framework itself stays searchable: its items, indicators and contents.
    assert "党建统领 机制健全" in part and "居民自治建设" in part
    community = searchable_part(demo_site.html("communities/binjiang-huayuan/index.html"))
    assert "sc-scorepanel" not in community and "在其他网站引用" not in community
    assert "<h1" in community
