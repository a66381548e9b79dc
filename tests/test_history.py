"""Last-updated dates from git: right dates, or none at all (shallow clone, no git)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess

from showcase.history import load_history


def git(cwd, *args, date=None):
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.cn", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.cn"}
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, env=env)


def make_repo(root):
    (root / "content/communities/a/photos").mkdir(parents=True)
    (root / "content/communities/a/index.md").write_text("a", encoding="utf-8")
    (root / "content/notices").mkdir(parents=True)
    (root / "content/notices/n.md").write_text("n", encoding="utf-8")
    git(root, "init", "-q")
    git(root, "add", ".")
    # 23:30 UTC on 2026-01-02 is 2026-01-03 in Asia/Shanghai.
    git(root, "commit", "-qm", "one", date="2026-01-02T23:30:00+00:00")
    (root / "content/communities/a/achievements.yml").write_text("[]\n", encoding="utf-8")
    git(root, "add", ".")
    git(root, "commit", "-qm", "two", date="2026-03-04T08:00:00+08:00")


def test_dates_per_file_and_per_community_folder(tmp_path):
    make_repo(tmp_path)
    history = load_history(tmp_path / "content")
    assert history.reason is None
    assert history.file("notices/n.md") == dt.date(2026, 1, 3)
    assert history.file("communities/a/index.md") == dt.date(2026, 1, 3)
    # Any file of the community's folder counts.
    assert history.folder("communities/a") == dt.date(2026, 3, 4)
    assert history.folder("communities/missing") is None


def test_shallow_clone_shows_no_dates(tmp_path):
    origin = tmp_path / "origin"
    origin.mkdir()
    make_repo(origin)
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{origin}", "clone")
    history = load_history(tmp_path / "clone/content")
    assert history.dates == {} and "浅克隆" in history.reason


def test_outside_git_shows_no_dates(tmp_path):
    (tmp_path / "content").mkdir()
    history = load_history(tmp_path / "content")
    assert history.dates == {} and history.reason


def test_a_folder_takes_the_newest_date_of_the_files_under_it():
    import datetime as dt

    from showcase.history import History

    d = dt.date
    history = History(
        {
            "communities/a/index.md": d(2026, 3, 1),
            "communities/a/evaluations/2026.yml": d(2026, 5, 2),
            "communities/ab/index.md": d(2026, 9, 9),  # not under communities/a/
            "communities/b/index.md": d(2025, 1, 1),
        }
    )
    assert history.folder("communities/a") == d(2026, 5, 2)
    assert history.folder("communities/a/") == d(2026, 5, 2)
    assert history.folder("communities/a/evaluations") == d(2026, 5, 2)
    assert history.folder("communities/ab") == d(2026, 9, 9)
    assert history.folder("communities") == d(2026, 9, 9)
    assert history.folder("communities/c") is None
