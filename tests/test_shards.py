"""A sharded build (``showcase/shards.py``, ``scripts/shard.py``): the plan, the
summary, the assembly, and the assembled site byte for byte the one-machine build's."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from showcase import shards
from showcase.urls import community_uri
from tests.conftest import ROOT, run_build, write_config

sys.path.insert(0, str(ROOT / "scripts"))
import gen_content  # noqa: E402

DATE = "2026-11-23"
SPLIT = {"SHOWCASE_SEARCH_SPLIT_AT": "1", "SHOWCASE_SEARCH_BUNDLE_PAGES": "40"}


# -- the plan ---------------------------------------------------------------------------


def test_a_shard_is_named_k_of_n_or_shared():
    assert shards.parse_shard("") is None
    assert shards.parse_shard(" 3/8 ") == shards.Shard(3, 8)
    assert str(shards.parse_shard("3/8")) == "3/8"
    assert shards.parse_shard("shared").shared
    for wrong in ("0/8", "9/8", "3", "a/b", "3/8/1", "共用"):
        with pytest.raises(shards.ShardError, match="SHOWCASE_SHARD 应为"):
            shards.parse_shard(wrong)


def test_districts_sharing_a_search_bundle_stay_together():
    directory = [("东区", ["a1", "a2"]), ("西区", ["b1"]), ("南区", ["c1", "c2", "c3"]), ("北区", ["d1"])]
    # 东区 and 西区 share a bundle; 南区 is cut in two; 北区 is alone.
    bundles = {
        community_uri(s): f
        for s, f in {
            "a1": "d-x/",
            "a2": "d-x/",
            "b1": "d-x/",
            "c1": "d-n/",
            "c2": "d-n/",
            "c3": "d-n-2/",
            "d1": "d-b/",
        }.items()
    }
    assert shards.units(directory, bundles) == [["a1", "a2", "b1"], ["c1", "c2", "c3"], ["d1"]]
    # Without split bundles, each district is a unit.
    assert shards.units(directory, {}) == [["a1", "a2"], ["b1"], ["c1", "c2", "c3"], ["d1"]]


def test_shards_are_contiguous_balanced_and_cover_every_community_once():
    groups = [[f"g{g}-{n}" for n in range(size)] for g, size in enumerate([30, 10, 10, 25, 5, 20])]
    plan = shards.plan(groups, 3)
    # Running totals 30, 40, 50, 75, 80, 100: cuts nearest to 33 1/3 (30) and 66 2/3 (75).
    assert [len(s) for s in plan] == [30, 45, 25]
    assert [slug for shard in plan for slug in shard] == [slug for g in groups for slug in g]
    assert shards.plan(groups, 1) == [[slug for g in groups for slug in g]]
    # More shards than groups: some are empty, none is cut.
    many = shards.plan([["a"], ["b", "c"]], 4)
    assert [slug for s in many for slug in s] == ["a", "b", "c"]
    assert sum(1 for s in many if not s) == 2
    assert shards.plan(groups, 3) == plan  # from the content alone
    with pytest.raises(shards.ShardError):
        shards.plan(groups, 0)


def test_shard_count_follows_the_content_size():
    assert shards.shard_count(0) == 1
    assert shards.shard_count(5_000) == 1
    assert shards.shard_count(5_001) == 2
    assert shards.shard_count(100_000) == 20
    assert shards.shard_count(250, per_shard=100) == 3


def test_the_summary_must_match_the_content_and_the_date():
    summary = shards.make_summary([("东区", ["a", "b"]), ("西区", ["c"])], {}, dt.date(2026, 11, 23))
    assert shards.check_matches(summary, {"a", "b", "c"}, dt.date(2026, 11, 23)) == []
    problems = shards.check_matches(summary, {"a", "c", "new"}, dt.date(2026, 11, 24))
    assert len(problems) == 3
    assert "2026-11-23" in problems[0] and "2026-11-24" in problems[0] and "SHOWCASE_DATE" in problems[0]
    assert "new" in problems[1] and "新增" in problems[1]
    assert "b" in problems[2] and "删除" in problems[2]


def test_a_summary_file_that_is_missing_foreign_or_stale_is_refused(tmp_path):
    with pytest.raises(shards.ShardError, match="找不到分片摘要文件"):
        shards.read_summary(tmp_path / "none.pickle")
    (tmp_path / "junk.pickle").write_bytes(b"not a pickle")
    with pytest.raises(shards.ShardError, match="无法读取"):
        shards.read_summary(tmp_path / "junk.pickle")
    (tmp_path / "other.pickle").write_bytes(pickle.dumps({"a": 1}))
    with pytest.raises(shards.ShardError, match="不是本程序的分片摘要文件"):
        shards.read_summary(tmp_path / "other.pickle")
    stale = shards.make_summary([], {}, dt.date(2026, 11, 23))
    stale.code = "older"
    shards.write_summary(stale, tmp_path / "stale.pickle")
    with pytest.raises(shards.ShardError, match="另一版本"):
        shards.read_summary(tmp_path / "stale.pickle")
    good = shards.make_summary([("东区", ["a"])], {("a", 2026): (1, 1)}, dt.date(2026, 11, 23))
    shards.write_summary(good, tmp_path / "good.pickle")
    assert shards.read_summary(tmp_path / "good.pickle") == good


def test_assembly_refuses_a_file_made_twice_and_changes_nothing(tmp_path):
    a, b, site = tmp_path / "a", tmp_path / "b", tmp_path / "site"
    (a / "x").mkdir(parents=True)
    (b / "x").mkdir(parents=True)
    (a / "x" / "one.html").write_text("1")
    (b / "x" / "two.html").write_text("2")
    (b / "x" / "one.html").write_text("1 again")
    site.mkdir()
    (site / "old.html").write_text("old")
    problems = shards.assemble([a, b], site)
    assert problems == [f"x/one.html: 由两个分片生成（{a} 与 {b}）"]
    assert sorted(p.name for p in site.iterdir()) == ["old.html"]
    assert shards.assemble([a, tmp_path / "missing"], site) == [f"{tmp_path / 'missing'}: 不是文件夹"]
    (b / "x" / "one.html").unlink()
    assert shards.assemble([a, b], site) == []
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()) == [
        "x/one.html",
        "x/two.html",
    ]
    assert not (tmp_path / "site.assembling").exists() and not (tmp_path / "site.old").exists()


# -- a sharded build is the one-machine build ---------------------------------------------


def _tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _shard(config: Path, *args, env: dict | None = None) -> subprocess.CompletedProcess:
    environ = {**os.environ, "SHOWCASE_DATE": DATE, **SPLIT, **(env or {})}
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "shard.py"), "-f", str(config), *args],
        capture_output=True,
        text=True,
        env=environ,
        cwd=ROOT,
    )


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """150 generated communities in three districts, each cut into search bundles of 40."""
    workdir = tmp_path_factory.mktemp("shards")
    content = gen_content.generate(150, workdir / "gen", seed=5)
    config = write_config(workdir, content, workdir / "site")
    return workdir, content, config


def test_a_sharded_build_is_byte_for_byte_the_one_machine_build(generated):
    workdir, content, config = generated
    one = run_build(content, workdir / "one", date=DATE, env=SPLIT)
    assert one.returncode == 0, one.output
    summary = workdir / "summary.pickle"
    made = _shard(config, "summary", str(summary))
    assert made.returncode == 0, made.stderr
    assert "150 个社区，3 个区县" in made.stdout
    parts = []
    # Four shards of three districts: one shard is empty and makes nothing.
    for k in range(1, 5):
        part = workdir / f"part-{k}"
        result = _shard(config, "build", str(k), "4", str(summary), str(part))
        assert result.returncode == 0, result.stdout + result.stderr
        assert "WARNING" not in result.stdout + result.stderr
        parts.append(part)
    shared = _shard(config, "shared", "--summary", str(summary), str(workdir / "part-shared"))
    assert shared.returncode == 0, shared.stdout + shared.stderr
    parts.append(workdir / "part-shared")
    made_by = {k: _tree(part) for k, part in enumerate(parts, start=1)}
    assert sum(1 for files in made_by.values() if not files) == 1
    # Each shard made whole districts: its community pages and their search bundles.
    for files in list(made_by.values())[:4]:
        assert all(
            name.startswith(("communities/", "badges/", "data/communities/", "pagefind/d-", "feeds/", "share/"))
            for name in files
        ), sorted(files)[:5]
    assert (
        "sitemap.xml" in made_by[5] and "pagefind/pagefind.js" in made_by[5] and "communities/index.html" in made_by[5]
    )
    assembled = _shard(config, "assemble", str(workdir / "sharded"), *map(str, parts))
    assert assembled.returncode == 0, assembled.stderr
    assert "站内链接全部有效" in assembled.stdout
    a, b = _tree(one.site), _tree(workdir / "sharded")
    assert sorted(a) == sorted(b)
    assert len([name for name in a if name.startswith("communities/") and name.endswith("/index.html")]) == 151
    assert len({name.split("/")[1] for name in a if name.startswith("pagefind/d-")}) >= 5
    assert [name for name in a if a[name] != b[name]] == []


def test_a_small_site_in_shards_is_made_by_the_shared_run_whole(generated, tmp_path):
    """Under ``search_split_at`` communities the search index is one bundle, which
    needs every page: the numbered shards make nothing, the shared run the whole site,
    and the result is the one-machine build's (a new user trying scripts/build-sharded
    on a small site)."""
    workdir, content, config = generated
    whole = {"SHOWCASE_SEARCH_SPLIT_AT": "400"}  # 150 communities: one bundle
    one = run_build(content, tmp_path / "one", date=DATE, env={**SPLIT, **whole})
    assert one.returncode == 0, one.output
    summary = tmp_path / "summary.pickle"
    assert _shard(config, "summary", str(summary), env=whole).returncode == 0
    parts = [tmp_path / "part-1", tmp_path / "part-2", tmp_path / "part-shared"]
    for k, part in enumerate(parts[:2], start=1):
        result = _shard(config, "build", str(k), "2", str(summary), str(part), env=whole)
        assert result.returncode == 0, result.stdout + result.stderr
        assert not _tree(part)
    shared = _shard(config, "shared", "--summary", str(summary), str(parts[2]), env=whole)
    assert shared.returncode == 0, shared.stdout + shared.stderr
    assembled = _shard(config, "assemble", str(tmp_path / "sharded"), *map(str, parts))
    assert assembled.returncode == 0, assembled.stderr
    a, b = _tree(one.site), _tree(tmp_path / "sharded")
    assert sorted(a) == sorted(b) and "communities/" + sorted(p.name for p in (content / "communities").iterdir())[0] + "/index.html" in b
    assert [name for name in a if a[name] != b[name]] == []


def test_a_shard_refuses_a_summary_of_other_content_or_another_day(generated, tmp_path):
    workdir, content, config = generated
    summary = tmp_path / "summary.pickle"
    assert _shard(config, "summary", str(summary)).returncode == 0
    later = _shard(config, "build", "1", "2", str(summary), str(tmp_path / "p"), env={"SHOWCASE_DATE": "2026-11-24"})
    assert later.returncode != 0
    assert "内容与分片摘要不一致" in later.stdout + later.stderr and "SHOWCASE_DATE" in later.stdout + later.stderr
    assert "Traceback" not in later.stdout + later.stderr
    missing = _shard(config, "build", "1", "2", str(tmp_path / "none.pickle"), str(tmp_path / "p"))
    assert missing.returncode != 0 and "找不到分片摘要文件" in missing.stdout + missing.stderr
    bad = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-d", str(tmp_path / "q")],
        capture_output=True,
        text=True,
        env={**os.environ, "SHOWCASE_DATE": DATE, "SHOWCASE_SHARD": "2"},
        cwd=ROOT,
    )
    assert (
        bad.returncode != 0
        and "SHOWCASE_SHARD 应为" in bad.stdout + bad.stderr
        and "Traceback" not in bad.stdout + bad.stderr
    )


def test_the_shared_run_refuses_a_summary_without_its_folder_or_of_another_content(generated, tmp_path):
    workdir, content, config = generated
    summary = tmp_path / "summary.pickle"
    assert _shard(config, "summary", str(summary)).returncode == 0
    assert (shards.shared_folder(summary) / shards.SHARED_SITE).is_file()
    later = _shard(config, "shared", "--summary", str(summary), str(tmp_path / "p"), env={"SHOWCASE_DATE": "2026-11-24"})
    assert later.returncode != 0 and "内容与分片摘要不一致" in later.stdout + later.stderr
    subprocess.run(["rm", "-rf", str(shards.shared_folder(summary))], check=True)
    missing = _shard(config, "shared", "--summary", str(summary), str(tmp_path / "p"))
    assert missing.returncode != 0 and "找不到共用页面所需的摘要数据" in missing.stdout + missing.stderr
    for result in (later, missing):
        assert "Traceback" not in result.stdout + result.stderr


def test_a_community_added_after_the_summary_is_not_silently_left_out(generated, tmp_path):
    workdir, content, config = generated
    summary = tmp_path / "summary.pickle"
    assert _shard(config, "summary", str(summary)).returncode == 0
    first = sorted(p for p in (content / "communities").iterdir() if p.is_dir())[0]
    copy = first.with_name("zz-xinjian-shequ")
    subprocess.run(["cp", "-r", str(first), str(copy)], check=True)
    try:
        result = _shard(config, "build", "1", "2", str(summary), str(tmp_path / "p"))
    finally:
        subprocess.run(["rm", "-rf", str(copy)], check=True)
    assert result.returncode != 0
    assert "zz-xinjian-shequ" in result.stdout + result.stderr and "新增" in result.stdout + result.stderr


def test_a_relative_config_is_the_callers_not_the_repositorys(generated):
    """``-f mkdocs.yml`` from the folder of a content set builds that content (MkDocs
    runs in the repository, where another mkdocs.yml is)."""
    workdir, _, config = generated
    out = workdir / "relative-shared"
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "shard.py"), "shared", out.name, "-f", config.name],
        capture_output=True,
        text=True,
        env={**os.environ, "SHOWCASE_DATE": DATE, **SPLIT},
        cwd=config.parent,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    with (out / "data" / "communities.csv").open(encoding="utf-8-sig", newline="") as f:
        assert len(list(csv.reader(f))) == 1 + 150


def test_shard_count_and_matrix_come_from_the_content(generated):
    _, _, config = generated
    assert _shard(config, "count").stdout.strip() == "1"
    assert _shard(config, "count", "--per-shard", "40").stdout.strip() == "4"
    assert _shard(config, "matrix", "--per-shard", "40").stdout.strip() == "[1, 2, 3, 4]"


# -- the summary ----------------------------------------------------------------------------


def test_the_summary_loaded_a_share_at_a_time_is_the_whole_builds(generated):
    from showcase.build import Build
    from showcase.opendata import rank_table

    _, content, _ = generated
    today = dt.date.fromisoformat(DATE)
    build = Build.load(content, today)
    whole = rank_table(build.rankings)
    for share in (40, 1000):
        summary = shards.summarize(content, today, share=share)
        assert summary.directory == build.districts()
        assert summary.ranks == whole
    assert summary.communities == 150 and len(summary.directory) == 3
    # The ranks are real: some ranked, first places, and each year's count of ranked.
    assert sum(1 for rank, _ in whole.values() if rank == 1) >= 1
    assert all(rank is None or 1 <= rank <= ranked for rank, ranked in whole.values())


def test_the_summary_reports_every_content_error_once(tmp_path):
    from showcase.errors import ContentInvalid
    from showcase.loader import load_site

    content = gen_content.generate(12, tmp_path / "gen", seed=2)
    folders = sorted(p for p in (content / "communities").iterdir() if p.is_dir())
    for folder in (folders[1], folders[9]):  # in two shares of 5
        page = folder / "index.md"
        page.write_text(page.read_text(encoding="utf-8").replace("district:", "distrct:", 1), encoding="utf-8")
    policy = next((content / "policies").glob("*.md"))
    policy.write_text(policy.read_text(encoding="utf-8").replace("issued:", "isued:", 1), encoding="utf-8")
    today = dt.date.fromisoformat(DATE)
    with pytest.raises(ContentInvalid) as whole:
        load_site(content, today=today)
    with pytest.raises(ContentInvalid) as summary:
        shards.summarize(content, today, share=5, shared=tmp_path / "summary.pickle.shared")
    assert summary.value.errors == whole.value.errors
    with pytest.raises(ContentInvalid) as shared:  # the shared run, loading them itself
        shards.load_shared(content, today, shards.Spill(tmp_path), share=5)
    assert shared.value.errors == whole.value.errors
    assert len(set(summary.value.errors)) == len(summary.value.errors)  # the policy's: not once per share
    shown = str(summary.value)
    assert "isued" in shown
    assert folders[1].name in shown and folders[9].name in shown


# -- the shared run -------------------------------------------------------------------------


def _static(build, folder: Path) -> dict[str, bytes]:
    """Every generated file of ``build`` about the whole site, as bytes."""
    made = build.static_files(folder, lambda uri: "/" + uri)
    out = {}
    for uri, data in made.items():
        if build.owner_page(uri) is not None:
            continue  # a community's own file: its shard's
        out[uri] = data.read_bytes() if isinstance(data, Path) else data() if callable(data) else data
    return out


@pytest.mark.parametrize(("share", "source"), [(7, "run"), (40, "run"), (1000, "run"), (7, "summary"), (60, "summary")])
def test_the_shared_run_holding_a_share_at_a_time_makes_the_whole_builds_files(generated, tmp_path, share, source):
    """The shared run keeps its communities light and each share on disk: its pages'
    views and its files about the whole site (the open data's tables above all, made a
    share at a time and joined: evaluations newest year first across shares) equal a
    whole build's, byte for byte. It loads them itself (``load_shared``) or takes them
    from the summary step (``read_shared``), which loaded them already."""
    from showcase.build import Build
    from showcase.loader import load_site
    from showcase.opendata import rank_table

    _, content, _ = generated
    today = dt.date.fromisoformat(DATE)
    whole = Build.load(content, today)
    (tmp_path / "work").mkdir()
    if source == "run":
        spill = shards.Spill(tmp_path / "work")
        site, scores = shards.load_shared(content, today, spill, share=share)
    else:
        summary = tmp_path / "summary.pickle"
        shards.write_summary(shards.summarize(content, today, share=share, shared=shards.shared_folder(summary)), summary)
        communities, scores, spill = shards.read_shared(summary, tmp_path / "work")
        site = load_site(content, today=today, only=set())
        site.communities.update(communities)
    assert len(spill.parts) == -(-150 // share)
    assert all(c.body == "" and not c.achievements and not c.honors for c in site.communities.values())
    light = Build.from_parts(site, scores, today)
    light.spill = spill
    assert rank_table(light.rankings) == rank_table(whole.rankings)
    assert light.directory_view().cards == whole.directory_view().cards
    assert light.home_view().figures == whole.home_view().figures
    assert light.areas == whole.areas
    whole.site_name = light.site_name = "测试区文明创建风采展示"  # the share images show it
    a, b = _static(whole, tmp_path / "a"), _static(light, tmp_path / "b")
    assert sorted(a) == sorted(b)
    assert [uri for uri in a if a[uri] != b[uri]] == []
    assert light.data_counts == whole.data_counts
    years = [row["year"] for row in json.loads(b["data/evaluations.json"])["records"]]
    assert years == sorted(years, reverse=True) and len(set(years)) > 1
    if source == "summary":  # the tables are written in the work folder, not the summary's
        assert not any(shards.shared_folder(summary).glob("*.json")) and any((tmp_path / "work").glob("*.json"))
