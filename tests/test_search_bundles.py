"""A large site's search index in bundles by district, searched together in the browser."""

from __future__ import annotations

import gzip
import json

from conftest import ROOT, run_build

from showcase.search import BUNDLE_MIN, BUNDLE_PAGES, BUNDLES_WANTED, PART_FILES, bundle_size, district_bundles


def fragments(bundle) -> dict[str, dict]:
    """URL → fragment data of every page in a bundle."""
    found = {}
    for path in (bundle / "fragment").iterdir():
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd")
        fragment = json.loads(data[len(b"pagefind_dcd") :])
        found[fragment["url"]] = fragment
    return found


SPLIT = {"SHOWCASE_SEARCH_SPLIT_AT": "1", "SHOWCASE_SEARCH_BUNDLE_PAGES": "5"}


def test_district_bundles_depend_on_the_content_only():
    districts = [
        ("临川区", ["a", "b", "c"]),  # more than a bundle holds: cut
        ("云溪镇", ["d"]),  # small districts share a bundle, in the directory's order
        ("青山县", ["e"]),
        ("白沙镇", ["f"]),  # the bundle is full: a new one
        ("林川区", ["g", "h"]),  # the same pinyin as 临川区: a folder of its own
    ]
    plan = district_bundles(districts, limit=2)
    assert plan == {
        "a": "d-linchuanqu/", "b": "d-linchuanqu/", "c": "d-linchuanqu-2/",
        "d": "d-yunxizhen/", "e": "d-yunxizhen/",
        "f": "d-baishazhen/",
        "g": "d-linchuanqux/", "h": "d-linchuanqux/",
    }  # fmt: skip
    assert district_bundles(districts, limit=2) == plan
    # With room for all, the small districts share one bundle; no district is cut.
    assert set(district_bundles(districts, limit=100).values()) == {"d-linchuanqu/"}
    assert set(district_bundles(districts, limit=3).values()) == {"d-linchuanqu/", "d-yunxizhen/", "d-linchuanqux/"}


def test_bundle_size_follows_the_site_within_bounds():
    assert bundle_size(1000) == max(BUNDLE_MIN, 1000 // BUNDLES_WANTED)
    assert bundle_size(100) == BUNDLE_MIN
    assert bundle_size(10_000) == bundle_size(100_000) == BUNDLE_PAGES  # memory bounds it
    assert bundle_size(10_000, most=5) == 5  # the option is the most


def test_district_bundles_hold_every_page_once(tmp_path):
    one = run_build(ROOT / "content", tmp_path / "one")
    split = run_build(ROOT / "content", tmp_path / "split", env=SPLIT)
    assert one.returncode == 0 and split.returncode == 0, one.output + split.output
    single = fragments(one.site / "pagefind")
    assert not [p for p in (one.site / "pagefind").iterdir() if p.name.startswith("d-")]
    folders = sorted(p.name for p in (split.site / "pagefind").iterdir() if p.name.startswith("d-"))
    # The demo's 14 communities are in one district: three bundles of at most five.
    assert folders == ["d-linchuanqu", "d-linchuanqu-2", "d-linchuanqu-3"]
    main = fragments(split.site / "pagefind")
    parts = {folder: fragments(split.site / "pagefind" / folder) for folder in folders}
    seen = list(main) + [url for part in parts.values() for url in part]
    assert sorted(seen) == sorted(single)  # every page once
    assert [len(parts[f]) for f in folders] == [5, 5, 4]
    assert all(url.startswith("/communities/") for part in parts.values() for url in part)
    assert not any(url.startswith("/communities/") and url.count("/") == 3 for url in main)
    # Communities go to bundles in the directory's order (by pinyin).
    manifest = json.loads((split.site / "search" / "lookup" / "index.json").read_text(encoding="utf-8"))
    assert manifest["bundles"] == [f"pagefind/{f}/" for f in folders]
    # District bundles hold index files only; the browser runs the main bundle's code.
    for folder in folders:
        part = split.site / "pagefind" / folder
        names = [p.relative_to(part).as_posix() for p in part.rglob("*") if p.is_file()]
        assert names and all(PART_FILES.match(name) for name in names)
        assert not (part / "pagefind.js").exists() and not list(part.glob("wasm.*"))
    # Pages name the lookup, not the bundles: their HTML does not grow with the districts.
    page = (split.site / "communities" / "index.html").read_text(encoding="utf-8")
    assert 'data-lookup-url="../search/lookup/index.json"' in page and "d-linchuanqu" not in page
    unsplit = json.loads((one.site / "search" / "lookup" / "index.json").read_text(encoding="utf-8"))
    assert unsplit["bundles"] == []


def test_lists_of_communities_are_not_searched(demo_site):
    """A community's name finds its page, not every framework page that lists it."""
    from showcase.search import pairs, searchable_part

    html = demo_site.html("policies/frameworks/qingzhou-2025/index.html")
    assert "采用本体系测评的社区" in html
    part = searchable_part(html)
    assert pairs("采用本体系测评的社区") not in part
    # The framework itself stays searchable: its items, indicators and contents.
    assert pairs("党建统领") in part and pairs("居民自治建设") in part
    community = searchable_part(demo_site.html("communities/binjiang-huayuan/index.html"))
    assert "sc-scorepanel" not in community and pairs("在其他网站引用") not in community
    assert "<h1" in community


def _tree(folder) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_district_bundles_taking_turns_hold_one_pagefind_at_a_time(tmp_path, monkeypatch):
    """A shard's bundles take turns (``SearchIndex(turns=True)``): beside the main
    bundle, one district's Pagefind process at a time, the pages of the next held until
    the one before is written. Pages given from two threads, bundles interleaved, give
    the files the index writes without turns, byte for byte."""
    import random
    import threading

    from showcase import search

    folders = ["d-a/", "d-b/", "d-c/", "d-d/"]
    order = [(f"p{n}", "" if n % 5 == 0 else folders[n % 4]) for n in range(60)]
    text = {key: f"社区{n} " + search.pairs("文明创建风采展示第" + str(n) + "号楼") for n, (key, _) in enumerate(order)}

    alive, most = set(), [0]
    real_init, real_close = search.StreamingIndex.__init__, search.StreamingIndex.close

    def init(self, path):
        real_init(self, path)
        if path.name.startswith("d-"):
            alive.add(id(self))
            most[0] = max(most[0], len(alive))

    def close(self):
        real_close(self)
        alive.discard(id(self))

    monkeypatch.setattr(search.StreamingIndex, "__init__", init)
    monkeypatch.setattr(search.StreamingIndex, "close", close)

    def build(out, turns: bool) -> dict[str, bytes]:
        index = search.SearchIndex(out, order, turns=turns)
        keys = [key for key, _ in order]
        halves = [keys[0::2], keys[1::2]]  # each thread in the page order, as renderers are
        rng = random.Random(7)

        def give(mine):
            for key in mine:
                if rng.random() < 0.3:
                    threading.Event().wait(0.002)
                index.put(key, f"/{key}/", f"<p>{text[key]}</p>")

        threads = [threading.Thread(target=give, args=(half,)) for half in halves]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert index.missing == 0
        index.write()
        return _tree(out)

    with_turns = build(tmp_path / "turns", True)
    assert most[0] == 1
    most[0] = 0
    without = build(tmp_path / "plain", False)
    assert most[0] > 1  # (without turns, bundles overlap: the count above can fail)
    assert sorted(with_turns) == sorted(without) and any(name.startswith("d-d/") for name in without)
    assert [name for name in without if with_turns[name] != without[name]] == []
