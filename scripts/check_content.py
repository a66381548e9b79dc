#!/usr/bin/env python3
"""Check a content folder exactly as the build does, without building the site.

Usage (from anywhere):
    .venv/bin/python scripts/check_content.py              # checks the repository's content/
    .venv/bin/python scripts/check_content.py path/to/content

Runs the build's own loader and validator (``showcase.loader.load_site``) and, when
``SHOWCASE_DATE`` is set, checks it as the build would (``showcase.dates.build_date``);
rules that depend on the date use the build's date (today in Asia/Shanghai by default).
Every problem is printed as ``path:line: field: message`` and the exit status is 1; when
everything is fine a one-line summary is printed and the exit status is 0.

Also used as a pre-commit hook (.pre-commit-config.yaml).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


from showcase.runtime import require_dependencies  # noqa: E402

require_dependencies("PIL", "yaml")

from showcase.dates import build_date  # noqa: E402
from showcase.errors import ContentError, ContentInvalid  # noqa: E402
from showcase.loader import count_files, load_site  # noqa: E402
from showcase.parallel import available_cpus, can_fork  # noqa: E402

# From this many community folders on, helper processes on the spare cores load a share
# of them (as the build does); below it, starting them costs more than they save.
PARALLEL_MIN_COMMUNITIES = 100

DEFAULT_CONTENT = ROOT / "content"


def check(content_dir: Path, environ: dict | os._Environ = os.environ) -> tuple[list[ContentError], dict]:
    """Every error of ``content_dir`` (and of SHOWCASE_DATE), and the file counts."""
    errors: list[ContentError] = []
    today = None
    try:
        today = build_date(environ)
    except ContentInvalid as exc:
        errors += exc.errors
    counts: dict = {}
    try:
        counts = count_files(load_site(content_dir, workers=helper_count(content_dir), today=today))
    except ContentInvalid as exc:
        errors += exc.errors
    return errors, counts


def helper_count(content_dir: Path) -> int:
    """Processes to load communities beside this one: one per spare core (at most 3),
    for large sites, where fork exists."""
    folder = Path(content_dir) / "communities"
    if not can_fork() or not folder.is_dir():
        return 0
    if sum(1 for entry in os.scandir(folder) if entry.is_dir()) < PARALLEL_MIN_COMMUNITIES:
        return 0
    return max(0, min(available_cpus() - 1, 3))


def summary(counts: dict) -> str:
    return (
        f"内容检查通过：{counts['communities']} 个社区、{counts['evaluations']} 份测评、"
        f"{counts['frameworks']} 个测评体系、{counts['policies']} 份政策文件、"
        f"{counts['notices']} 条公示，未发现错误。"
    )


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
    args = parser.parse_args(argv)
    content = args.content_dir if args.content_dir is not None else DEFAULT_CONTENT
    if not content.is_dir():
        print(f"{content}: 找不到内容文件夹", file=sys.stderr)
        return 2
    errors, counts = check(content)
    if errors:
        for error in errors:
            print(error)
        print(
            f"共发现 {len(errors)} 处错误：请按 文件:行号: 字段: 说明 逐条修改（说明见 EDITING.md）。", file=sys.stderr
        )
        return 1
    print(summary(counts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
