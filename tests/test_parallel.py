"""Pages built by forked helper processes: the same site, byte for byte, and every
warning and failure of a helper reaches the build."""

from __future__ import annotations

import os
import shutil
import threading

import pytest
from conftest import ROOT, no_leftovers, run_build

from showcase.parallel import ForkedWorker, Sequencer, WorkerFailed, can_fork, write_files

needs_fork = pytest.mark.skipif(not can_fork(), reason="helper processes are used on Linux only")


# -- Sequencer ----------------------------------------------------------------------


def test_sequencer_emits_in_number_order_whatever_the_arrival_order():
    out = []
    seq = Sequencer(5, out.append)
    seq.put(2, "c")
    seq.put(0, "a")
    assert out == ["a"]
    seq.put(1, None)  # only advances
    assert out == ["a", "c"]
    assert seq.missing == [3, 4]
    seq.put(4, "e")
    seq.put(3, "d")
    assert out == ["a", "c", "d", "e"]
    assert seq.missing == []


def test_sequencer_refuses_a_number_twice_or_out_of_range():
    seq = Sequencer(2, lambda item: None)
    seq.put(0, "a")
    for number in (0, 2, -1):
        with pytest.raises(ValueError):
            seq.put(number, "x")


def test_sequencer_from_several_threads():
    out = []
    seq = Sequencer(400, out.append)
    threads = [threading.Thread(target=lambda k=k: [seq.put(n, n) for n in range(k, 400, 4)]) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert out == list(range(400))


# -- ForkedWorker ---------------------------------------------------------------------


@needs_fork
def test_worker_streams_items_in_order_and_ends_cleanly():
    got = []

    def work(send):
        for n in range(1000):
            send(("n", n, "社区" * (n % 7)))

    worker = ForkedWorker(work, got.append)
    worker.join()
    assert got == [("n", n, "社区" * (n % 7)) for n in range(1000)]


@needs_fork
def test_worker_exception_is_raised_in_the_parent_with_its_traceback():
    def work(send):
        send("first")
        raise KeyError("模板里缺少字段")

    got = []
    worker = ForkedWorker(work, got.append)
    with pytest.raises(WorkerFailed) as caught:
        worker.join()
    assert got == ["first"]
    assert "KeyError" in str(caught.value) and "模板里缺少字段" in str(caught.value)


@needs_fork
def test_worker_killed_by_a_signal_is_a_failure():
    def work(send):
        send("before")
        os.kill(os.getpid(), 9)

    worker = ForkedWorker(work, lambda item: None, name="测试进程")
    with pytest.raises(WorkerFailed, match="测试进程.*信号 9"):
        worker.join()


@needs_fork
def test_worker_failure_in_the_receiver_is_raised_by_join():
    def receive(item):
        raise RuntimeError("接收失败")

    worker = ForkedWorker(lambda send: [send(n) for n in range(3)], receive)
    with pytest.raises(RuntimeError, match="接收失败"):
        worker.join()


def test_write_files_makes_folders(tmp_path):
    files = [(str(tmp_path / "badges" / f"c{n}.svg"), f"<svg>{n}</svg>".encode()) for n in range(3)]
    files.append((str(tmp_path / "data" / "deep" / "x.csv"), b"a,b\n"))
    write_files(files)
    assert (tmp_path / "badges" / "c2.svg").read_bytes() == b"<svg>2</svg>"
    assert (tmp_path / "data" / "deep" / "x.csv").read_bytes() == b"a,b\n"


# -- whole builds ------------------------------------------------------------------------


def name_of(content, slug: str) -> str:
    text = (content / "communities" / slug / "index.md").read_text(encoding="utf-8")
    return next(line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("name:"))


def _tree(site) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@needs_fork
def test_helpers_build_the_same_site_byte_for_byte(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    # Search bundles by district as well (three of five communities): their pages must
    # not depend on who rendered what, nor on when a bundle was complete.
    split = {"SHOWCASE_SEARCH_SPLIT_AT": "1", "SHOWCASE_SEARCH_BUNDLE_PAGES": "5"}
    one = run_build(content, tmp_path / "one", env={"SHOWCASE_WORKERS": "0", **split})
    three = run_build(content, tmp_path / "three", env={"SHOWCASE_WORKERS": "2", **split})
    assert one.returncode == 0, one.output
    assert three.returncode == 0, three.output
    assert "辅助进程" not in one.output
    assert "2 个辅助进程" in three.output
    a, b = _tree(one.site), _tree(three.site)
    assert sorted(a) == sorted(b)
    assert any(name.startswith("pagefind/fragment/") for name in a)
    assert any(name.startswith("pagefind/d-linchuanqu-3/fragment/") for name in a)
    assert any(name.startswith("badges/") for name in a)
    different = [name for name in a if a[name] != b[name]]
    assert different == []


@needs_fork
def test_a_warning_in_a_helper_page_fails_the_strict_build(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    first = sorted(p.name for p in (content / "communities").iterdir() if (p / "index.md").is_file())[0]
    page = content / "communities" / first / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n\n见[不存在的文件](nowhere.md)。\n", encoding="utf-8")
    for workers in ("0", "1"):
        result = run_build(content, tmp_path / f"w{workers}", env={"SHOWCASE_WORKERS": workers})
        assert result.returncode != 0, workers
        assert f"communities/{first}/index.md" in result.output and "nowhere.md" in result.output, result.output
        assert "Traceback" not in result.output


def test_contiguous_shares_keep_order_and_balance():
    from showcase.parallel import contiguous_shares

    assert contiguous_shares(list(range(7)), 3) == [[0, 1, 2], [3, 4], [5, 6]]
    assert contiguous_shares([1, 2], 5) == [[1], [2]]
    assert contiguous_shares([], 2) == [[]]


@needs_fork
def test_map_shares_runs_shares_in_children_and_keeps_their_order():
    from showcase.parallel import map_shares

    assert map_shares(lambda share: (os.getpid(), [n * n for n in share]), [[1, 2], [3], [4, 5]])[1][1] == [9]
    pids = [pid for pid, _ in map_shares(lambda share: (os.getpid(), share), [[1], [2], [3]])]
    assert pids[0] == os.getpid() and len(set(pids)) == 3


def test_loading_with_workers_gives_the_same_site_and_errors(tmp_path):
    from showcase.errors import ContentInvalid
    from showcase.loader import load_site

    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    alone, shared = load_site(content), load_site(content, workers=3)
    assert list(alone.communities) == list(shared.communities)
    assert alone.communities == shared.communities
    # Errors found by the helpers are all reported, in the same order.
    for slug in sorted(alone.communities)[::4]:
        profile = content / "communities" / slug / "index.md"
        profile.write_text(profile.read_text(encoding="utf-8").replace("name:", "nmae:", 1), encoding="utf-8")
    with pytest.raises(ContentInvalid) as one:
        load_site(content)
    with pytest.raises(ContentInvalid) as four:
        load_site(content, workers=3)
    assert str(one.value) == str(four.value)
    for slug in sorted(alone.communities)[::4]:
        assert f"communities/{slug}/index.md:2: nmae:" in str(four.value)


@needs_fork
def test_a_check_with_workers_reports_what_one_process_does(tmp_path):
    """A check (``outlines=True``) without the record cache: the helpers send back only
    each community's outline, which the rules across files read as they read a whole
    community."""
    import datetime as dt

    from showcase.errors import ContentInvalid
    from showcase.loader import count_files, load_site

    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    today = dt.date(2026, 11, 23)
    counts = [count_files(load_site(content, workers=w, today=today, outlines=True)) for w in (0, 3)]
    assert counts[0] == counts[1] and counts[0]["evaluations"] > 14
    edits = [
        ("evaluations/2026.yml", '"2": a', '"2": z'),  # a state the framework does not have
        ("evaluations/2026.yml", '"3":', '"999":'),  # an unknown content id, one missing
        ("evaluations/2026.yml", "framework: qingzhou-2025", "framework: qingzhou-1999"),
        ("evaluations/2025.yml", '"2": a', '"2": z'),
        ("rectifications.yml", "closed: 2026-", "closed: 2027-"),  # after the build date
        ("index.md", "name:", "nmae:"),
    ]
    for i, slug in enumerate(sorted(p.name for p in (content / "communities").iterdir())):
        name, old, new = edits[i % len(edits)]
        path = content / "communities" / slug / name
        if path.is_file():
            path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    reports = []
    for workers in (0, 3):
        with pytest.raises(ContentInvalid) as caught:
            load_site(content, workers=workers, today=today, outlines=True)
        reports.append(str(caught.value))
    assert reports[0] == reports[1]
    for needle in ("states.2:", "states.999:", "framework: ", "[0].closed:", "nmae:"):
        assert needle in reports[0], needle


@needs_fork
def test_content_errors_found_by_helpers_fail_the_build_the_same_way(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    slugs = sorted(p.name for p in (content / "communities").iterdir() if (p / "index.md").is_file())
    for slug in (slugs[0], slugs[-1]):  # one in each share
        profile = content / "communities" / slug / "index.md"
        profile.write_text(profile.read_text(encoding="utf-8").replace("name:", "nmae:", 1), encoding="utf-8")
    results = [run_build(content, tmp_path / f"w{w}", env={"SHOWCASE_WORKERS": w}) for w in ("0", "1")]
    for result in results:
        assert result.returncode != 0
        assert "Traceback" not in result.output
        for slug in (slugs[0], slugs[-1]):
            assert f"communities/{slug}/index.md:2: nmae:" in result.output, result.output
    errors = [[line for line in r.output.splitlines() if ": nmae:" in line or "处错误" in line] for r in results]
    assert errors[0] == errors[1]


@needs_fork
def test_anchor_checks_see_the_anchors_of_helper_pages(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    first = sorted(p.name for p in (content / "communities").iterdir() if (p / "index.md").is_file())[0]
    about = content / "about.md"
    about.write_text(
        about.read_text(encoding="utf-8")
        + f"\n\n见[社区概况](communities/{first}/index.md#社区概况)和[不存在的一节](communities/{first}/index.md#nope)。\n",
        encoding="utf-8",
    )
    outputs = []
    for workers in ("0", "1"):
        result = run_build(content, tmp_path / f"w{workers}", env={"SHOWCASE_WORKERS": workers})
        assert result.returncode == 0, result.output
        outputs.append(sorted(line.split("-", 1)[-1] for line in result.output.splitlines() if "does not contain an anchor" in line))
    assert outputs[0] == outputs[1]
    assert any("#nope" in line for line in outputs[1]) and not any("社区概况" in line for line in outputs[1])


@needs_fork
def test_previous_site_is_replaced_like_mkdocs_cleans_it(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    first = run_build(content, tmp_path / "w", env={"SHOWCASE_WORKERS": "1"})
    assert first.returncode == 0, first.output
    (first.site / "stale.html").write_text("old", encoding="utf-8")
    (first.site / "old-folder").mkdir()
    (first.site / ".git").mkdir()  # hidden entries are kept, as MkDocs keeps them
    (tmp_path / "w" / ".showcase-staging-site-999999999").mkdir()  # left by a build stopped half-way
    second = run_build(content, tmp_path / "w", env={"SHOWCASE_WORKERS": "1"})
    assert second.returncode == 0, second.output
    names = sorted(p.name for p in second.site.iterdir())
    assert "stale.html" not in names and "old-folder" not in names
    assert ".git" in names
    assert no_leftovers(tmp_path / "w")
    assert (second.site / "index.html").is_file() and (second.site / "badges").is_dir()


@needs_fork
def test_a_community_listed_in_the_nav_is_the_same_with_helpers(tmp_path):
    """Every page shows nav titles: a community in the nav is built by this process."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    first = sorted(p.name for p in (content / "communities").iterdir() if (p / "index.md").is_file())[0]
    trees = []
    for workers in ("0", "1"):
        # No title in the nav: it comes from the page (the community's name).
        nav = f"  - 社区名录: communities/index.md\n  - communities/{first}/index.md\n"
        result = run_build(
            content,
            tmp_path / f"w{workers}",
            env={"SHOWCASE_WORKERS": workers},
            edit_config=lambda text, nav=nav: text.replace("  - 社区名录: communities/index.md\n", nav),
        )
        assert result.returncode == 0, result.output
        assert name_of(content, first) in (result.site / "about" / "index.html").read_text(encoding="utf-8")
        trees.append(_tree(result.site))
    assert trees[0] == trees[1]
