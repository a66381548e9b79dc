"""A province's showcase built in shards (``showcase/shards.py``), one step at a time,
as a CI matrix runs them or ``scripts/build-sharded`` on one machine:

    shard.py count [--per-shard N]            how many shards the content needs
    shard.py matrix [--per-shard N]           the same as a JSON list [1, …, N]
    shard.py summary SUMMARY                  load and check everything once; write the summary
                                              (and SUMMARY.shared/, the shared run's input)
    shard.py build K N SUMMARY OUT_DIR        shard K of N: its communities' pages and files
    shard.py shared [--summary SUMMARY] OUT_DIR
                                              the pages and files about the whole site
                                              (with the summary: no community loaded again)
    shard.py assemble SITE_DIR PART_DIR...    merge the parts; check files and links

Every step takes ``-f mkdocs.yml`` (the content is its ``docs_dir``) and the build date
from ``SHOWCASE_DATE`` (all steps of one build must use the same). ``build`` and
``shared`` run ``mkdocs build --strict``. Errors are printed as the build prints them,
and the step fails.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from showcase import shards  # noqa: E402


def _docs_dir(config_file: Path) -> Path:
    """The content folder of ``config_file`` (its ``docs_dir``, as MkDocs reads it)."""
    from mkdocs.config import load_config

    config = load_config(str(config_file))
    return Path(config.docs_dir)


def _communities(docs_dir: Path) -> int:
    folder = docs_dir / "communities"
    return (
        sum(1 for entry in os.scandir(folder) if entry.is_dir() and not entry.name.startswith("."))
        if folder.is_dir()
        else 0
    )


def count(args) -> int:
    n = shards.shard_count(_communities(_docs_dir(args.config_file)), args.per_shard)
    print(json.dumps(list(range(1, n + 1))) if args.command == "matrix" else n)
    return 0


def summary(args) -> int:
    from showcase.dates import build_date
    from showcase.errors import ContentInvalid
    from showcase.parallel import available_cpus, can_fork
    from showcase.records import RecordCache

    started = time.monotonic()
    docs_dir = _docs_dir(args.config_file)
    today = build_date(os.environ)
    workers = max(0, min(available_cpus() - 1, 3)) if can_fork() else 0
    cache = None if os.environ.get("SHOWCASE_CACHE", "").strip() == "off" else RecordCache(REPO / ".cache" / "records")
    try:
        made = shards.summarize(docs_dir, today, workers, cache, shared=shards.shared_folder(args.summary))
    except ContentInvalid as exc:
        print(exc, file=sys.stderr)
        return 1
    shards.write_summary(made, args.summary)
    print(
        f"分片摘要：{made.communities} 个社区，{len(made.directory)} 个区县 → {args.summary}"
        f"（共用页面所需数据：{shards.shared_folder(args.summary)}；{time.monotonic() - started:.1f} 秒）"
    )
    return 0


def _mkdocs(args, shard: str, out_dir: Path, summary: Path | None = None) -> int:
    env = dict(os.environ, SHOWCASE_SHARD=shard, NO_MKDOCS_2_WARNING="1")
    if summary is not None:
        env["SHOWCASE_SUMMARY"] = str(summary.resolve())
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--strict",
        "-f",
        str(args.config_file),
        "-d",
        str(out_dir.resolve()),
    ]
    return subprocess.run(command, env=env, cwd=REPO).returncode


def build(args) -> int:
    if not 1 <= args.k <= args.n:
        print(f"分片编号应在 1 与 {args.n} 之间，而不是 {args.k}", file=sys.stderr)
        return 2
    return _mkdocs(args, f"{args.k}/{args.n}", args.out_dir, args.summary)


def shared(args) -> int:
    return _mkdocs(args, shards.SHARED, args.out_dir, args.summary)


def assemble(args) -> int:
    from showcase.linkcheck import broken_links

    started = time.monotonic()
    problems = shards.assemble(args.parts, args.site_dir)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 1
    files = sum(len(names) for _, _, names in os.walk(args.site_dir))
    broken = broken_links(args.site_dir)
    for page, links in broken.items():
        print(f"{page}: 链接无效：{' '.join(links)}", file=sys.stderr)
    if broken:
        return 1
    print(
        f"合并完成：{len(args.parts)} 个部分，{files} 个文件 → {args.site_dir}；站内链接全部有效（{time.monotonic() - started:.1f} 秒）"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-f", "--config-file", type=Path, default=REPO / "mkdocs.yml")
    steps = parser.add_subparsers(dest="command", required=True)
    for name in ("count", "matrix"):
        step = steps.add_parser(name)
        step.add_argument("--per-shard", type=int, default=shards.PER_SHARD, help="communities per shard")
        step.set_defaults(run=count)
    positional = {
        "summary": (summary, ["summary"]),
        "build": (build, ["k:int", "n:int", "summary", "out_dir"]),
        "shared": (shared, ["out_dir"]),
        "assemble": (assemble, ["site_dir", "parts+"]),
    }
    for name, (run, arguments) in positional.items():
        step = steps.add_parser(name)
        for argument in arguments:
            if argument.endswith("+"):
                step.add_argument(argument[:-1], type=Path, nargs="+")
            else:
                step.add_argument(argument.removesuffix(":int"), type=int if argument.endswith(":int") else Path)
        if name == "shared":
            step.add_argument(
                "--summary", type=Path, help="the summary step's file: the communities are not loaded again"
            )
        step.set_defaults(run=run)
    args = parser.parse_args(_config_first(sys.argv[1:] if argv is None else argv))
    # MkDocs runs in the repository (its hooks are named from there): a relative
    # ``-f`` is the caller's, resolved here, never the repository's mkdocs.yml.
    args.config_file = args.config_file.resolve()
    try:
        return args.run(args)
    except shards.ShardError as exc:
        print(exc, file=sys.stderr)
        return 2


def _config_first(argv: list[str]) -> list[str]:
    """``-f PATH`` moved before the step's name, where argparse expects it."""
    out, front, i = [], [], 0
    while i < len(argv):
        if argv[i] in ("-f", "--config-file") and i + 1 < len(argv):
            front += argv[i : i + 2]
            i += 2
        elif argv[i].startswith("--config-file="):
            front.append(argv[i])
            i += 1
        else:
            out.append(argv[i])
            i += 1
    return front + out


if __name__ == "__main__":
    sys.exit(main())
