#!/usr/bin/env python3
"""Check a content folder exactly as the build does, without building the site.

Usage (from anywhere):
    .venv/bin/python scripts/check_content.py              # checks the repository's content/
    .venv/bin/python scripts/check_content.py path/to/content
    .venv/bin/python scripts/check_content.py --changed    # what git shows changed (pre-commit)
    .venv/bin/python scripts/check_content.py --no-cache   # read every file again

Runs the build's own loader and validator (``showcase.loader.load_site``) and, when
``SHOWCASE_DATE`` is set, checks it as the build would (``showcase.dates.build_date``);
rules that depend on the date use the build's date (today in Asia/Shanghai by default).
Every problem is printed as ``path:line: field: message`` and the exit status is 1; when
everything is fine a one-line summary is printed and the exit status is 0.

Community folders come from the record cache (``.cache/records``, shared with the
build) when their files and the code are those they were checked with; the output is
the same as with ``--no-cache``.

``--changed`` checks what ``git status`` shows changed under the content folder
(staged, unstaged and untracked), for the pre-commit hook (.pre-commit-config.yaml):

* every changed community folder, fully, as the build does;
* every policy, framework, notice and ordinary page (they are few), every file outside
  the community folders, and the rules across files over what was loaded (a notice
  may name any community folder, loaded or not);
* when a framework changed, every community (through the cache);
* an unchanged community folder is skipped only when the cache knows it as fine: a
  check found no error in it with the same files (known by the id of its tree in
  HEAD: the folder is not read), the same code, the same frameworks and a date no
  later than today's (``loader.still_fine``). So a folder that is broken is reported
  even when the commit does not touch it, and a folder never checked (a fresh clone,
  new code) is checked once, through the cache. A folder holding files git ignores
  (or a symbolic link) is always read: git's tree does not describe it as it is.

Without git (not a repository, no git, git failing) it checks everything and says so.
"""

from __future__ import annotations

import argparse
import gc
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


from showcase.runtime import require_dependencies  # noqa: E402

require_dependencies("PIL", "yaml")

from showcase.parallel import available_cpus, can_fork  # noqa: E402

# From this many community folders on, helper processes on the spare cores load a share
# of them (as the build does); below it, starting them costs more than they save.
PARALLEL_MIN_COMMUNITIES = 100

DEFAULT_CONTENT = ROOT / "content"
CACHE_DIR = ROOT / ".cache" / "records"
FRAMEWORKS = "policies/frameworks/"


def check(
    content_dir: Path,
    environ: dict | os._Environ = os.environ,
    cache: bool = True,
    only: set[str] | None = None,
    records=None,
) -> tuple[list, dict]:
    """Every error of ``content_dir`` (and of SHOWCASE_DATE), and the file counts.
    ``cache``: use the record cache (``CACHE_DIR``; ``records``: one opened already);
    ``only``: the community folders to check (``load_site(only=…)``; None: all)."""
    from showcase.errors import ContentInvalid
    from showcase.loader import count_files, load_site

    # A check makes its objects once and ends: the cyclic garbage collector would only
    # walk them again and again (a quarter of a cached check at 10,000 communities).
    enabled = gc.isenabled()
    gc.disable()
    errors: list = []
    today = build_date(environ, errors)
    if records is None and cache:
        records = _record_cache()
    to_load = len(only) if only is not None else None
    counts: dict = {}
    try:
        site = load_site(content_dir, workers=helper_count(content_dir, to_load), today=today, cache=records, only=only, outlines=True)
        counts = count_files(site)
    except ContentInvalid as exc:
        errors += exc.errors
    finally:
        if enabled:
            gc.enable()
    return errors, counts


def build_date(environ, errors: list):
    """The build's date (SHOWCASE_DATE or today); None, with its error, when invalid."""
    from showcase.dates import build_date as date_of
    from showcase.errors import ContentInvalid

    try:
        return date_of(environ)
    except ContentInvalid as exc:
        errors += exc.errors
        return None


def _record_cache():
    from showcase.records import RecordCache

    return RecordCache(CACHE_DIR)


def helper_count(content_dir: Path, folders: int | None = None) -> int:
    """Processes to load communities beside this one: one per spare core (at most 3),
    for large sites, where fork exists. ``folders``: how many community folders are to
    be loaded, when not all of them."""
    folder = Path(content_dir) / "communities"
    if not can_fork() or not folder.is_dir():
        return 0
    if folders is None:
        folders = sum(1 for entry in os.scandir(folder) if entry.is_dir())
    if folders < PARALLEL_MIN_COMMUNITIES:
        return 0
    return max(0, min(available_cpus() - 1, 3))


def summary(counts: dict, checked: str = "") -> str:
    """``checked``: what a partial check covered, said in brackets."""
    return (
        f"内容检查通过{checked}：{counts['communities']} 个社区、{counts['evaluations']} 份测评、"
        f"{counts['frameworks']} 个测评体系、{counts['policies']} 份政策文件、"
        f"{counts['notices']} 条公示，未发现错误。"
    )


# -- what git shows changed ----------------------------------------------------------------


class GitFailed(Exception):
    """Git could not say what changed: the reason, for one line."""


class Changes:
    """What git shows changed under a content folder, as paths relative to it.
    (No dataclass: the tests load this script without registering it as a module.)"""

    def __init__(self) -> None:
        self.paths: set[str] = set()
        # The id of each community folder's tree in HEAD (for a folder git reports
        # unchanged: of its files as they are): slug → hex id.
        self.trees: dict[str, str] = {}

    @property
    def communities(self) -> set[str]:
        """Slugs of the community folders with a change (added, changed, deleted)."""
        return {parts[1] for parts in (path.split("/", 2) for path in self.paths) if len(parts) == 3 and parts[0] == "communities"}

    @property
    def frameworks(self) -> bool:
        return any(path.startswith(FRAMEWORKS) for path in self.paths)


def start_git(content: Path) -> dict[str, subprocess.Popen]:
    """Start the git commands ``git_changes`` reads, at once (they run while this
    process loads its modules). Raises ``GitFailed`` when git cannot be started."""
    # A pre-commit hook runs while git commit holds the index: never try to refresh it.
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}
    commands = {
        "prefix": ["rev-parse", "--show-prefix"],
        "status": ["status", "--porcelain", "-z", "--untracked-files=all", "--", "."],
        "trees": ["ls-tree", "-d", "-z", "HEAD", "--", "communities/"],
    }
    started: dict[str, subprocess.Popen] = {}
    try:
        for name, args in commands.items():
            started[name] = subprocess.Popen(
                ["git", "-C", str(content), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=env
            )
    except OSError as exc:
        for proc in started.values():
            proc.kill()
            proc.wait()
        raise GitFailed(f"无法运行 git（{exc.strerror or exc}）") from None
    return started


def git_changes(started: dict[str, subprocess.Popen]) -> Changes:
    """Read the commands of ``start_git``. Raises ``GitFailed``."""
    outputs = {}
    failure = None
    for name, proc in started.items():
        out, err = proc.communicate()
        outputs[name] = out
        if name == "trees" and proc.returncode != 0:
            outputs[name] = b""  # no commit yet: every folder is new
        elif proc.returncode != 0 and failure is None:
            message = err.decode("utf-8", "replace").strip().splitlines()
            failure = message[0] if message else f"git 退出码 {proc.returncode}"
    if failure is not None:
        raise GitFailed(failure)
    prefix = os.fsdecode(outputs["prefix"].strip())
    changes = Changes()
    fields = outputs["status"].split(b"\0")
    i = 0
    while i < len(fields):
        record = fields[i]
        i += 1
        if len(record) < 4:
            continue
        status, paths = record[:2], [record[3:]]
        if b"R" in status or b"C" in status:  # renamed or copied: the next field is where from
            paths.append(fields[i])
            i += 1
        for path in map(os.fsdecode, paths):
            if path.startswith(prefix):
                changes.paths.add(path[len(prefix) :].rstrip("/"))
    for entry in outputs["trees"].split(b"\0"):
        info, _, path = entry.partition(b"\t")
        parts = os.fsdecode(path).split("/")
        if len(parts) == 2 and info.endswith(b"tree " + info[-40:]):
            changes.trees[parts[1]] = info[-40:].decode()
    return changes


def check_changed(content: Path, started: dict[str, subprocess.Popen], cache: bool) -> int:
    # While git works: the modules, the record cache and its outlines.
    from showcase.loader import fine_folders

    records = _record_cache() if cache else None
    if records is not None:
        records.outlines(content)
    try:
        changes = git_changes(started)
    except GitFailed as exc:
        print(f"无法从 git 得知改动（{exc}）：改为检查全部内容。", file=sys.stderr)
        return report(*check(content, cache=cache, records=records))
    if not changes.paths:
        print(f"git 显示 {content} 里没有改动，无需检查。")
        return 0
    folders = {entry.name for entry in os.scandir(content / "communities") if entry.is_dir()} if (content / "communities").is_dir() else set()
    changed = changes.communities
    if changes.frameworks:
        errors, counts = check(content, cache=cache, records=records)
        said = f"（git 显示测评体系有改动：检查了全部 {len(folders)} 个社区）"
        return report(errors, counts, said)
    fine: set[str] = set()
    if records is not None:
        unchanged = {slug: tree for slug, tree in changes.trees.items() if slug in folders and slug not in changed}
        fine = fine_folders(content, records, unchanged, build_date(os.environ, []))
    only = folders - fine
    errors, counts = check(content, cache=cache, only=only, records=records)
    present = len(changed & folders)
    said = f"（只检查了 git 显示有改动的内容：{present} 个社区"
    if changed - folders:
        said += f"，删除了 {len(changed - folders)} 个社区"
    others = len(only - changed)
    if others and cache:
        said += f"；另检查了 {others} 个未改动、但没有检查无误记录的社区"
    elif others:
        said += f"；不用记录缓存，未改动的 {others} 个社区也检查了"
    return report(errors, counts, said + "）")


def report(errors: list, counts: dict, checked: str = "") -> int:
    if errors:
        for error in errors:
            print(error)
        print(
            f"共发现 {len(errors)} 处错误：请按 文件:行号: 字段: 说明 逐条修改（说明见 EDITING.md）。", file=sys.stderr
        )
        return 1
    print(summary(counts, checked))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="检查内容文件夹（与构建使用同一套校验规则，但不生成网站）。",
    )
    parser.add_argument(
        "content_dir",
        nargs="?",
        type=Path,
        default=None,
        help="内容文件夹（默认：仓库根目录下的 content/）",
    )
    parser.add_argument(
        "--changed",
        action="store_true",
        help="只检查 git 显示有改动的内容（提交前检查用；跨文件的规则照常检查）",
    )
    parser.add_argument(
        "--no-cache",
        dest="cache",
        action="store_false",
        help="不用记录缓存（.cache/records），重新读取每个文件",
    )
    args = parser.parse_args(argv)
    content = args.content_dir if args.content_dir is not None else DEFAULT_CONTENT
    if not content.is_dir():
        print(f"{content}: 找不到内容文件夹", file=sys.stderr)
        return 2
    enabled = gc.isenabled()
    gc.disable()  # see ``check``; from the start: the modules make many objects too
    try:
        if args.changed:
            try:
                started = start_git(content)
            except GitFailed as exc:
                print(f"无法从 git 得知改动（{exc}）：改为检查全部内容。", file=sys.stderr)
                return report(*check(content, cache=args.cache))
            return check_changed(content, started, args.cache)
        return report(*check(content, cache=args.cache))
    finally:
        if enabled:
            gc.enable()


if __name__ == "__main__":
    status = main()
    sys.stdout.flush()
    sys.stderr.flush()
    # Nothing is left to clean up (every file is written, every helper has ended):
    # skip freeing a large site's objects one by one on the way out.
    os._exit(status)
