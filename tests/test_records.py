"""The record cache (showcase/records.py): a build that uses it is byte for byte the
build that does not, and an entry never outlives the files it was read from."""

from __future__ import annotations

import os
import shutil
import time

import pytest
from conftest import ROOT, run_build

from showcase.errors import ContentInvalid
from showcase.loader import load_site
from showcase.records import RecordCache


def tree(site) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_builds_with_and_without_the_cache_are_identical(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    without = run_build(content, tmp_path / "off", env={"SHOWCASE_CACHE": "off"})
    assert without.returncode == 0, without.output
    first = run_build(content, tmp_path / "cold")  # fills .cache/records for this folder
    second = run_build(content, tmp_path / "warm")  # reads every community from it
    for built in (first, second):
        assert built.returncode == 0, built.output
    expected = tree(without.site)
    for built in (first, second):
        got = tree(built.site)
        assert sorted(got) == sorted(expected)
        assert [rel for rel in expected if expected[rel] != got[rel]] == []


def _demo(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    folder = content / "communities" / "gulou-nanli"
    # Files older than RACY_SECONDS: their hashes may be remembered by their stat.
    old = time.time() - 60
    for path in content.rglob("*"):
        if path.is_file():
            os.utime(path, (old, old))
    return content, folder


def test_a_changed_file_changes_the_key(tmp_path):
    content, folder = _demo(tmp_path)
    cache = RecordCache(tmp_path / "records")
    key = cache.key(folder, "shown")
    assert cache.key(folder, "shown") == key
    assert cache.key(folder, "shown elsewhere") != key  # errors name paths as shown
    # Same size, same modification time: only the content tells (a hash, not the stat).
    index = folder / "index.md"
    stat = index.stat()
    text = index.read_bytes()
    index.write_bytes(text.replace("鼓楼".encode(), "钟楼".encode(), 1))
    os.utime(index, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    fresh = RecordCache(tmp_path / "records")  # another run: its memo is on disk
    assert fresh.key(folder, "shown") != key
    index.write_bytes(text)
    os.utime(index, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    # A photo replaced by another of the same name.
    photo = folder / "photos" / "cover.jpg"
    photo.write_bytes((folder / "photos" / "jiezhi-qingli.jpg").read_bytes())
    assert RecordCache(tmp_path / "records").key(folder, "shown") != key
    # A file added anywhere in the folder.
    shutil.copy(content / "communities" / "xikou" / "index.md", folder / "photos" / "notes.md")
    assert RecordCache(tmp_path / "records").key(folder, "shown") != key


INVALID = sorted(p.name for p in (ROOT / "tests" / "fixtures" / "invalid").iterdir() if p.is_dir())


@pytest.mark.parametrize("case", INVALID)
def test_cached_load_reports_the_same_errors(case, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "tests" / "fixtures" / "invalid" / case, content)
    with pytest.raises(ContentInvalid) as plain:
        load_site(content)
    expected = [str(e) for e in plain.value.errors]
    cache = RecordCache(tmp_path / "records")
    for run in ("cold", "warm"):
        with pytest.raises(ContentInvalid) as cached:
            load_site(content, cache=cache)
        assert [str(e) for e in cached.value.errors] == expected, run
    if (content / "communities").is_dir() and any((content / "communities").iterdir()):
        assert cache.hits > 0, "the second load read nothing from the cache"


def test_a_damaged_entry_is_read_again(tmp_path):
    content, folder = _demo(tmp_path)
    cache = RecordCache(tmp_path / "records")
    site = load_site(content, cache=cache)
    for entry in (tmp_path / "records").rglob("*.pickle"):
        if entry.name != "file-hashes.pickle":
            entry.write_bytes(b"not a pickle")
    again = RecordCache(tmp_path / "records")
    reloaded = load_site(content, cache=again)
    assert again.hits == 0
    assert reloaded.communities["gulou-nanli"].name == site.communities["gulou-nanli"].name


def test_entries_unused_for_a_month_are_evicted_once_a_day(tmp_path):
    content, folder = _demo(tmp_path)
    cache = RecordCache(tmp_path / "records")
    load_site(content, cache=cache)  # fills it; evicts nothing (all new)
    entries = [p for p in (tmp_path / "records").glob("??/*.pickle")]
    assert entries
    now = time.time()
    old = now - 40 * 86400
    os.utime(entries[0], (old, old))
    (tmp_path / "records" / "evicted").unlink(missing_ok=True)
    assert cache.evict(now) == 1
    assert not entries[0].exists() and all(p.exists() for p in entries[1:])
    os.utime(entries[1], (old, old))
    assert cache.evict(now + 3600) == 0  # once a day
    assert cache.evict(now + 90000) == 1
    # An entry read again is kept: reading it makes it recent.
    again = RecordCache(tmp_path / "records")
    os.utime(entries[2], (old, old))
    load_site(content, cache=again)
    assert entries[2].stat().st_mtime > old + 86400
