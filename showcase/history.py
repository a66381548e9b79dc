"""Last-updated dates from git history: one ``git log`` for the whole content folder."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class History:
    """Newest commit date (Asia/Shanghai) of each file under the content folder, by its
    path relative to that folder; ``reason`` says why there are no dates, if so."""

    dates: dict[str, dt.date] = field(default_factory=dict)
    reason: str | None = None
    _folders: dict[str, dt.date] | None = field(default=None, repr=False, compare=False)

    def file(self, rel: str) -> dt.date | None:
        return self.dates.get(rel)

    def folder(self, rel: str) -> dt.date | None:
        """The newest date of any file under the folder ``rel``. (Every folder's is
        found in one pass over the files, the first time: asked for each of 10,000
        communities, a pass each took minutes.)"""
        if self._folders is None:
            newest: dict[str, dt.date] = {}
            for path, day in self.dates.items():
                parts = path.split("/")
                for depth in range(1, len(parts)):
                    folder = "/".join(parts[:depth])
                    if newest.get(folder, day) <= day:
                        newest[folder] = day
            self._folders = newest
        return self._folders.get(rel.strip("/"))


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "TZ": "Asia/Shanghai", "GIT_TERMINAL_PROMPT": "0"}
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, env=env, check=False)


def load_history(content_dir: Path) -> History:
    """Dates of the last commit touching each file. In a shallow clone or outside git,
    no dates at all (a shallow history would give wrong ones)."""
    content_dir = content_dir.resolve()
    try:
        top = _git(["rev-parse", "--show-toplevel"], content_dir)
    except FileNotFoundError:
        return History(reason="找不到 git 命令")
    if top.returncode != 0:
        return History(reason="内容目录不在 git 仓库中")
    shallow = _git(["rev-parse", "--is-shallow-repository"], content_dir)
    if shallow.stdout.strip() == "true":
        return History(reason="git 仓库是浅克隆（shallow clone），历史不完整")
    log = _git(
        ["log", "--format=%x00%cd", "--date=format-local:%Y-%m-%d", "--name-only", "--no-renames", "--relative", "--", "."],
        content_dir,
    )
    if log.returncode != 0:
        return History(reason="无法读取 git 历史")
    dates: dict[str, dt.date] = {}
    current: dt.date | None = None
    for line in log.stdout.splitlines():
        if line.startswith("\x00"):
            current = dt.date.fromisoformat(line[1:])
        elif line and current is not None:
            # git log lists newest first: the first date seen for a file is its latest.
            dates.setdefault(line, current)
    if not dates:
        return History(reason="内容尚未提交到 git")
    return History(dates)


def source_commit(content_dir: Path) -> str | None:
    """The commit the content folder is built from (``git rev-parse HEAD``), for the open
    data's provenance; None outside git. A shallow clone knows its HEAD too."""
    try:
        head = _git(["rev-parse", "HEAD"], content_dir.resolve())
    except FileNotFoundError:
        return None
    value = head.stdout.strip()
    return value if head.returncode == 0 and len(value) in (40, 64) else None
