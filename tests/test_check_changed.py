"""The checker at scale (issue #11): ``scripts/check_content.py`` with the record cache,
and ``--changed`` (what git shows changed, for the pre-commit hook).

What ``--changed`` leaves out, and why that is right: an unchanged community folder is
skipped only when the record cache knows it as fine, i.e. a check found no error in it
with the same files (git's index says which, without reading the folder), the same
code, the same frameworks and the same date. A broken folder that the commit does not
touch is therefore still reported (it was never found fine), and so is a folder never
checked before (a fresh clone): only what a check has already seen to be fine is
trusted. Everything outside the community folders, and the rules across files, are
checked every time.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT

from showcase import records
from showcase.errors import ContentInvalid
from showcase.loader import load_site
from showcase.records import FileHashes, RecordCache

DATE = "2026-11-23"
INVALID = FIXTURES / "invalid"
SCENARIOS = sorted(p.name for p in INVALID.iterdir() if p.is_dir())


def load_script():
    spec = importlib.util.spec_from_file_location("check_content", ROOT / "scripts" / "check_content.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


check_content = load_script()


def git(repo: Path, *args: str) -> str:
    proc = subprocess.run(
        ["git", "-c", "user.name=测试", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    )
    return proc.stdout


@pytest.fixture
def checker(tmp_path, monkeypatch, capsys):
    """``checker(*args, cwd=…)`` runs the checker in this process with a cache of its
    own and returns (exit status, stdout lines, stderr)."""
    monkeypatch.setattr(check_content, "CACHE_DIR", tmp_path / "cache")
    monkeypatch.setenv("SHOWCASE_DATE", DATE)
    for name in ("GIT_DIR", "GIT_INDEX_FILE", "GIT_WORK_TREE"):  # when run from a git hook
        monkeypatch.delenv(name, raising=False)

    def run(*args: str, cwd: Path) -> tuple[int, list[str], str]:
        monkeypatch.chdir(cwd)
        capsys.readouterr()
        status = check_content.main(list(args))
        out, err = capsys.readouterr()
        return status, out.splitlines(), err

    return run


@pytest.fixture
def repo(tmp_path) -> Path:
    """A git repository holding a copy of the demo content, all committed."""
    work = tmp_path / "repo"
    shutil.copytree(ROOT / "content", work / "content")
    git(work, "init", "-q")
    git(work, "add", "-A")
    git(work, "commit", "-q", "-m", "内容")
    return work


def full_errors(content: Path, date: str = DATE) -> list[str]:
    """The errors of a whole check without the cache (as the build sees them)."""
    import datetime as dt

    try:
        load_site(content, today=dt.date.fromisoformat(date))
    except ContentInvalid as exc:
        return [str(e) for e in exc.errors]
    return []


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# -- --changed ------------------------------------------------------------------------------


def test_nothing_changed_says_so(repo, checker):
    status, out, _ = checker("content", "--changed", cwd=repo)
    assert status == 0
    assert out == ["git 显示 content 里没有改动，无需检查。"]


def test_a_broken_community_file_is_reported_as_path_line_field_message(repo, checker):
    index = repo / "content" / "communities" / "gulou-nanli" / "index.md"
    edit(index, "\ndistrict:", "\ndistric:")
    line = next(n for n, x in enumerate(index.read_text(encoding="utf-8").split("\n"), start=1) if x.startswith("distric:"))
    status, out, err = checker("content", "--changed", cwd=repo)
    assert status == 1
    assert out == full_errors(Path("content"))
    assert any(x.startswith(f"content/communities/gulou-nanli/index.md:{line}: distric: ") for x in out), out
    assert any(re.match(r"^content/communities/gulou-nanli/index\.md:\d+: district: ", x) for x in out), out
    assert f"共发现 {len(out)} 处错误" in err


def test_only_the_changed_community_is_read_once_the_others_are_known_fine(repo, checker):
    status, out, _ = checker("content", cwd=repo)  # a whole check: every folder found fine
    assert status == 0 and out[0].startswith("内容检查通过：14 个社区")
    edit(repo / "content" / "communities" / "xikou" / "index.md", "\nname: ", "\nname: 新")
    status, out, _ = checker("content", "--changed", cwd=repo)
    assert status == 0
    assert out == [out[0]] and out[0].startswith("内容检查通过（只检查了 git 显示有改动的内容：1 个社区）：1 个社区、")


def test_a_first_changed_check_reads_the_folders_it_never_found_fine(repo, checker):
    edit(repo / "content" / "communities" / "xikou" / "index.md", "\nname: ", "\nname: 新")
    status, out, _ = checker("content", "--changed", cwd=repo)
    assert status == 0
    assert out[0].startswith("内容检查通过（只检查了 git 显示有改动的内容：1 个社区；另检查了 13 个未改动、但没有检查无误记录的社区）：14 个社区、")
    status, out, _ = checker("content", "--changed", cwd=repo)  # now they are known fine
    assert out[0].startswith("内容检查通过（只检查了 git 显示有改动的内容：1 个社区）：1 个社区、")


@pytest.mark.parametrize("checked_before", [False, True])
def test_an_unchanged_but_broken_community_is_still_reported(repo, checker, checked_before):
    """Committed broken (say with ``git commit --no-verify``): never found fine, so the
    next --changed reads it again, whatever the commit changes."""
    edit(repo / "content" / "communities" / "chayuan" / "index.md", "\ndistrict:", "\ndistric:")
    git(repo, "commit", "-q", "-am", "坏了")
    if checked_before:
        assert checker("content", cwd=repo)[0] == 1  # the cache has seen it broken
    edit(repo / "content" / "communities" / "xikou" / "index.md", "\nname: ", "\nname: 新")
    status, out, _ = checker("content", "--changed", cwd=repo)
    assert status == 1
    assert out == full_errors(Path("content"))
    assert out and all(x.startswith("content/communities/chayuan/index.md:") for x in out), out


def test_a_folder_found_fine_on_a_date_is_checked_again_for_an_earlier_date(repo, checker, monkeypatch):
    """Fine on the 23rd is fine later (a rectification closed before then stays
    before), not earlier: checked with an earlier SHOWCASE_DATE, an unchanged folder
    with a rectification closed in between is read again and reported."""
    assert checker("content", cwd=repo)[0] == 0  # on DATE: every folder found fine
    edit(repo / "content" / "communities" / "xikou" / "index.md", "\nname: ", "\nname: 新")
    monkeypatch.setenv("SHOWCASE_DATE", "2026-12-01")
    status, out, _ = checker("content", "--changed", cwd=repo)
    assert status == 0 and "：1 个社区）：1 个社区、" in out[0], out
    monkeypatch.setenv("SHOWCASE_DATE", "2026-11-13")
    status, out, _ = checker("content", "--changed", cwd=repo)
    assert status == 1
    assert out == full_errors(Path("content"), "2026-11-13")
    assert any(re.match(r"^content/communities/[a-z-]+/rectifications\.yml:\d+: \[\d+\]\.closed: ", x) for x in out), out


def test_a_changed_framework_checks_the_evaluations_of_every_community(repo, checker):
    assert checker("content", cwd=repo)[0] == 0  # every folder known fine
    framework = repo / "content" / "policies" / "frameworks" / "qingzhou-2025.yml"
    text = framework.read_text(encoding="utf-8")
    start = text.index('          - id: "2"\n')
    end = text.index('      - id: "1.2"\n')
    framework.write_text(text[:start] + text[end:], encoding="utf-8")  # content "2" removed
    status, out, _ = checker("content", "--changed", cwd=repo)
    assert status == 1
    assert out == full_errors(Path("content"))
    naming = {x.split(":")[0] for x in out if re.search(r": states\.2: ", x)}
    evaluations = {
        f"content/{p.relative_to(repo / 'content').as_posix()}"
        for p in (repo / "content" / "communities").glob("*/evaluations/*.yml")
        if "framework: qingzhou-2025" in p.read_text(encoding="utf-8")
    }
    assert naming == evaluations and len(naming) > 10


def test_a_notice_naming_a_deleted_community_folder_is_reported(repo, checker):
    shutil.rmtree(repo / "content" / "communities" / "xikou")
    status, out, _ = checker("content", "--changed", cwd=repo)
    assert status == 1
    assert out == full_errors(Path("content"))
    assert out and all(re.match(r"^content/notices/[^:]+\.md:\d+: subjects\[\d+\]: .*xikou", x) for x in out), out


def test_a_renamed_community_folder(repo, checker):
    git(repo, "mv", "content/communities/xikou", "content/communities/xikou-cun")
    status, out, _ = checker("content", "--changed", cwd=repo)
    assert status == 1
    assert out == full_errors(Path("content"))  # the notices that name xikou
    assert any("subjects" in x and "xikou" in x for x in out), out
    (repo / "content" / "communities" / "xikou-cun" / "index.md").write_text("---\nname: 溪口村\n---\n", encoding="utf-8")
    status, out, _ = checker("content", "--changed", cwd=repo)
    assert any(x.startswith("content/communities/xikou-cun/index.md:") for x in out), out


def test_an_untracked_new_community_folder_is_checked(repo, checker):
    folder = repo / "content" / "communities" / "xin-cun"
    folder.mkdir()
    (folder / "index.md").write_text("---\nname: 新村\ndistrict: 临川区\n---\n正文\n", encoding="utf-8")
    status, out, _ = checker("content", "--changed", cwd=repo)
    assert status == 1
    assert out == full_errors(Path("content"))
    assert out and all(x.startswith("content/communities/xin-cun/index.md:") for x in out), out
    (folder / "index.md").write_text("---\nname: 新村\ndistrict: 临川区\nstreet: 鼓楼街道\n---\n正文\n", encoding="utf-8")
    status, out, _ = checker("content", "--changed", cwd=repo)
    assert status == 0 and "只检查了 git 显示有改动的内容：1 个社区" in out[0], out


def test_without_git_it_checks_everything_and_says_so(tmp_path, checker, monkeypatch):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    shutil.copytree(ROOT / "content", tmp_path / "plain" / "content")
    status, out, err = checker("content", "--changed", cwd=tmp_path / "plain")
    assert status == 0
    assert out[0].startswith("内容检查通过：14 个社区")
    assert "无法从 git 得知改动" in err and len(err.strip().splitlines()) == 1


def test_the_pre_commit_hook_checks_what_changed():
    text = (ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert "entry: .venv/bin/python scripts/check_content.py --changed" in text


# -- the record cache: the same output as without it -----------------------------------------


@pytest.mark.parametrize("name", SCENARIOS)
def test_cached_check_prints_what_the_uncached_one_does(name, tmp_path, checker):
    """Cold, warm and from another place with the same cache (the same shown paths,
    another absolute folder: messages and named files must not come from there)."""
    for place in ("a", "b"):
        shutil.copytree(INVALID / name / "content", tmp_path / place / "content")
    plain = checker("content", "--no-cache", cwd=tmp_path / "a")
    assert checker("content", cwd=tmp_path / "a") == plain  # cold: fills the cache
    assert checker("content", cwd=tmp_path / "a") == plain  # warm
    assert checker("content", cwd=tmp_path / "b") == checker("content", "--no-cache", cwd=tmp_path / "b")


def test_cached_check_of_the_demo_prints_what_the_uncached_one_does(tmp_path, checker):
    shutil.copytree(ROOT / "content", tmp_path / "content")
    plain = checker("content", "--no-cache", cwd=tmp_path)
    assert plain[0] == 0 and plain[1][0].startswith("内容检查通过：14 个社区")
    assert checker("content", cwd=tmp_path) == plain
    assert checker("content", cwd=tmp_path) == plain


@pytest.mark.parametrize("memo", [False, True])
def test_a_record_is_read_again_when_a_file_of_its_folder_changes(tmp_path, monkeypatch, memo):
    """Keyed by the files' bytes: a new image is a new key; the same bytes written
    again (a new modification time) are not. ``memo``: the files' hashes remembered
    by their stat signature (a large site), or read each time (a small one)."""
    if memo:
        monkeypatch.setattr(FileHashes, "DIRECT_BYTES", 0)
        monkeypatch.setattr(records, "RACY_SECONDS", -1e9)  # every file old enough to be remembered
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    monkeypatch.chdir(tmp_path)
    cache = RecordCache(tmp_path / "cache")
    load_site(Path("content"), cache=cache)
    assert (cache.hits, cache.misses) == (0, 14)

    def hits_and_misses() -> tuple[int, int]:
        again = RecordCache(tmp_path / "cache")
        try:
            load_site(Path("content"), cache=again)
        except ContentInvalid:
            pass
        return again.hits, again.misses

    cover = content / "communities" / "gulou-nanli" / "photos" / "cover.jpg"
    data = cover.read_bytes()
    cover.write_bytes(data)  # the same bytes, a new modification time
    os.utime(cover, (1_600_000_000, 1_600_000_000))
    assert hits_and_misses() == (14, 0)
    cover.write_bytes(data[:-200])  # cut off: another image, and a broken one
    assert hits_and_misses() == (13, 1)
    with pytest.raises(ContentInvalid) as caught:
        load_site(Path("content"), cache=RecordCache(tmp_path / "cache"))
    assert any(e.path == "content/communities/gulou-nanli/index.md" and e.field == "cover" for e in caught.value.errors)
    cover.write_bytes(data)  # back as it was: the first record again
    assert hits_and_misses() == (14, 0)
    edit(content / "communities" / "xikou" / "achievements.yml", "\n", "\n\n")
    assert hits_and_misses() == (13, 1)
