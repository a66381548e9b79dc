"""The sharded build's benchmark (scripts/bench_shards.py): its verdicts, table and
generation marker, without building anything."""

from __future__ import annotations

import sys

import pytest

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import bench_shards  # noqa: E402
from bench_shards import KIB_PER_GIB, Step  # noqa: E402


def _shard(name: str, gib: float, seconds: float = 120.0) -> Step:
    return Step(name, seconds, int(gib * KIB_PER_GIB), None, bench_shards.SHARD_GIB, bench_shards.SHARD_SECONDS)


def test_table_flags_a_shard_above_three_gib():
    steps = [
        Step("summary", 30.0, int(1.5 * KIB_PER_GIB), int(1.6 * KIB_PER_GIB), bench_shards.SUMMARY_GIB, None),
        _shard("shard 1/2", 2.5),
        _shard("shard 2/2", 3.5),
        _shard("shared", 1.0, seconds=700.0),
        Step("assemble", 12.0, 200 * 1024),
    ]
    assert [s.verdict for s in steps] == ["met", "met", "NOT met (memory)", "NOT met (time)", "—"]
    lines = bench_shards.format_table(steps).splitlines()
    row = {line.split("  ")[0].strip(): line for line in lines[2:]}
    assert row["shard 1/2"].rstrip().endswith(" met") and "2.50" in row["shard 1/2"]
    assert row["shard 2/2"].endswith("NOT met (memory)") and "3.50" in row["shard 2/2"]
    assert "≤ 3 GiB, ≤ 10 min" in row["shard 1/2"] and "≤ 2 GiB" in row["summary"]
    assert "n/a" in row["shard 1/2"]  # no tree figure
    total = row["total (one after another)"]
    assert "982.0" in total and "3.50" in total  # times added up, memory the largest


def test_memory_is_judged_on_the_whole_tree_when_sampled():
    """Each process under 3 GiB, all of them together above: a runner must hold them all."""
    held = Step("shard 1/2", 200.0, int(1.0 * KIB_PER_GIB), int(3.2 * KIB_PER_GIB), 3.0, 600.0)
    assert held.verdict == "NOT met (memory)"
    assert Step("shard 2/2", 200.0, int(1.0 * KIB_PER_GIB), int(2.9 * KIB_PER_GIB), 3.0, 600.0).verdict == "met"


def test_unknown_memory_is_not_met():
    assert Step("shard 1/1", 1.0, None, None, 3.0, 600.0).verdict == "memory unknown"


def test_marker_reuses_only_complete_content_for_the_same_n_and_seed(tmp_path):
    folder = tmp_path / "bench"
    assert bench_shards.needs_generation(folder, 2000, 1)  # not there
    folder.mkdir()
    (folder / "content").mkdir()
    bench_shards.write_marker(folder, 2000, 1, complete=False)  # interrupted
    assert bench_shards.needs_generation(folder, 2000, 1)
    assert list(folder.iterdir()) == []  # emptied

    (folder / "content").mkdir()
    (folder / "content" / "index.md").write_text("x", encoding="utf-8")
    bench_shards.write_marker(folder, 2000, 1)
    assert not bench_shards.needs_generation(folder, 2000, 1)
    assert (folder / "content" / "index.md").exists()
    assert bench_shards.needs_generation(folder, 2000, 2)  # another seed
    assert not (folder / "content").exists()

    (folder / "content").mkdir()
    bench_shards.write_marker(folder, 2000, 1)
    assert bench_shards.needs_generation(folder, 3000, 1)  # another N


def test_a_folder_that_is_not_the_benchmarks_is_left_alone(tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(SystemExit):
        bench_shards.needs_generation(tmp_path, 2000, 1)
    assert (tmp_path / "notes.txt").exists()


def test_shard_count_is_the_last_number_printed():
    assert bench_shards.parse_count("10\n") == 10
    assert bench_shards.parse_count("100000 个社区，每片 10000 个：10 片\n") == 10
    with pytest.raises(SystemExit):
        bench_shards.parse_count("")
