"""A province's showcase built in shards, measured (``scripts/bench.py --shards``,
issue #15). Prints figures and whether each target is met; nothing asserts.

    .venv/bin/python scripts/bench.py --shards [--n 100000] [--count K] [--keep DIR] [--seed 1]

1. Generates N communities (``scripts/gen_content.py N DIR``) into a reusable folder,
   ``DIR`` = ``--keep DIR`` or ``/tmp/showcase-bench-shards-N`` (on disk, not in
   memory: 100,000 communities are about 405,000 files, 5.3 GB with .git, and about
   6–8 min to generate and commit; the site about 13 GB, whose files the assembly
   hard-links from the parts), and makes the content a git repository with one commit,
   as ``scripts/bench_preview.py`` does (pages show last-change dates from git). A
   marker file (``DIR/.bench-shards.json``: N, seed, a hash of the generator) says the
   content is complete; the next run with the same N and seed reuses it. A folder with
   another marker is emptied and generated again; a non-empty folder without one is
   left alone (the benchmark stops).
2. Writes ``DIR/mkdocs.yml``: the repository's, pointed at the generated content
   (``bench.write_project_config``).
3. Runs one after another, each a subprocess timed (wall) with its peak memory:
   ``scripts/shard.py summary``, ``build K N`` for K = 1 … count (``shard.py count`` for
   the content, or ``--count``), ``shared``, ``assemble``. Search on (the
   ``SHOWCASE_SEARCH`` variables are removed from the environment), no record cache
   (``SHOWCASE_CACHE=off``: every run reads its files, as a CI runner without a cache
   does), build date 2026-11-23 (``bench.BUILD_ENV``).
4. Prints a table: each step's wall time, peak memory, target and whether it is met;
   the total; the assembled site's size (``du``) and file count; the machine's cores.

Peak memory is measured as ``scripts/bench.py`` does (``bench.run_measured``): GNU
time's maximum resident set of the step's process tree, which is the peak of its
*largest single process* (the build forks helper processes and runs Pagefind, each
counted on its own, not added up). The targets are judged on that figure. For
reference the table also shows the whole tree's memory (the proportional set size of
every process of the step, added up, sampled every quarter second): what the step needs
of a machine at once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import bench  # noqa: E402
from bench_preview import _git  # noqa: E402

SHARD_SCRIPT = ROOT / "scripts" / "shard.py"
GEN_SCRIPT = ROOT / "scripts" / "gen_content.py"
MARKER = ".bench-shards.json"

# Targets (issue #15)
SHARD_GIB = 3.0  # each shard, and the shared run
SHARD_SECONDS = 600.0
SUMMARY_GIB = 2.0

KIB_PER_GIB = 1024 * 1024

# -- the generated content ---------------------------------------------------------


def generator_hash() -> str:
    """Of ``scripts/gen_content.py``: content made by another version is made again."""
    return hashlib.sha256(GEN_SCRIPT.read_bytes()).hexdigest()[:16]


def marker_data(n: int, seed: int) -> dict:
    return {"n": n, "seed": seed, "generator": generator_hash(), "complete": True}


def read_marker(folder: Path) -> dict | None:
    try:
        return json.loads((folder / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_marker(folder: Path, n: int, seed: int, complete: bool = True) -> None:
    data = {**marker_data(n, seed), "complete": complete}
    (folder / MARKER).write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")


def needs_generation(folder: Path, n: int, seed: int) -> bool:
    """Whether ``folder`` lacks complete content for N and seed. Empties a folder this
    benchmark made (it has a marker) when its content is for something else or was
    interrupted; stops at a non-empty folder without a marker."""
    if not folder.exists() or not any(folder.iterdir()):
        return True
    marker = read_marker(folder)
    if marker is None:
        raise SystemExit(f"{folder} is not empty and has no {MARKER}: not a folder of this benchmark; choose another")
    if marker == marker_data(n, seed) and (folder / "content").is_dir():
        return False
    for entry in folder.iterdir():
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    return True


def ensure_content(folder: Path, n: int, seed: int) -> Path:
    """``folder/content`` with N communities in a git repository, generated unless it
    is there already."""
    content = folder / "content"
    if not needs_generation(folder, n, seed):
        print(f"Reusing the {n:,} communities in {content} (seed {seed}; {MARKER})", flush=True)
        return content
    folder.mkdir(parents=True, exist_ok=True)
    write_marker(folder, n, seed, complete=False)  # ours, to be emptied if interrupted
    print(f"Generating {n:,} communities (seed {seed}) in {content} …", flush=True)
    start = time.perf_counter()
    subprocess.run([sys.executable, str(GEN_SCRIPT), str(n), str(folder), "--seed", str(seed)], check=True)
    generated = time.perf_counter() - start
    start = time.perf_counter()
    user = ["-c", "user.email=bench@example.org", "-c", "user.name=bench"]
    _git(content, "init", "-q")
    _git(content, *user, "add", "-A")
    _git(content, *user, "commit", "-qm", "content")
    committed = time.perf_counter() - start
    write_marker(folder, n, seed)
    files, used = count_files(content, skip=".git"), du_bytes(content)
    print(
        f"Generated in {generated:.1f} s, committed to git in {committed:.1f} s; "
        f"{files:,} files, {used / 1e9:.2f} GB on disk with .git",
        flush=True,
    )
    return content


# -- measuring ----------------------------------------------------------------------


def _processes() -> dict[int, tuple[int, str]]:
    """pid → (parent pid, name) of every process (Linux ``/proc``)."""
    found = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", encoding="utf-8", errors="replace") as f:
                stat = f.read()
        except OSError:
            continue
        name, _, rest = stat.partition(" (")[2].rpartition(")")
        try:
            found[int(entry.name)] = (int(rest.split()[1]), name)
        except (IndexError, ValueError):
            continue
    return found


def _descendants(root: int, processes: dict[int, tuple[int, str]]) -> list[int]:
    children: dict[int, list[int]] = {}
    for pid, (ppid, _name) in processes.items():
        children.setdefault(ppid, []).append(pid)
    found, todo = [], [root]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _memory_kib(pid: int) -> tuple[int, int]:
    """(proportional set size now, peak resident set size so far) of a process."""
    pss = hwm = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="utf-8") as f:
            pss = next((int(line.split()[1]) for line in f if line.startswith("Pss:")), 0)
        with open(f"/proc/{pid}/status", encoding="utf-8") as f:
            hwm = next((int(line.split()[1]) for line in f if line.startswith("VmHWM:")), 0)
    except (OSError, ValueError):
        pass
    return pss, hwm


def _label(pid: int, processes: dict[int, tuple[int, str]]) -> str:
    """What a process of a step is: ``mkdocs``, ``mkdocs helper`` (forked by it),
    ``shard.py`` (and processes it forks), or its program (``pagefind_extended`` …)."""
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        argv = []
    words = [os.path.basename(a.decode("utf-8", "replace")) for a in argv[:4]]
    if "mkdocs" in words:
        parent = processes.get(pid, (0, ""))[0]
        try:
            parent_argv = Path(f"/proc/{parent}/cmdline").read_bytes().split(b"\0")[:4]
        except OSError:
            parent_argv = []
        return "mkdocs helper" if b"mkdocs" in parent_argv else "mkdocs"
    if "shard.py" in words:
        return "shard.py"
    return words[0] if words and words[0] else processes.get(pid, (0, "?"))[1]


class TreeMemory:
    """Samples, every ``interval`` seconds, the processes below this one (Linux):
    ``peak_kib``, the peak of their proportional set sizes added up (what the step
    needs of the machine at once), and ``largest``, each kind of process's peak
    resident set (``VmHWM``: its high-water mark, so a peak between samples counts,
    unless the process ends before the next). None / empty elsewhere, and for a step
    shorter than a sample."""

    def __init__(self, interval: float = 0.25):
        self.interval = interval
        self.peak_kib: int | None = None  # None: no sample found a process
        self.largest: dict[str, int] = {}  # label → peak RSS, KiB
        self._labels: dict[int, str] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> TreeMemory:
        if Path("/proc/self/smaps_rollup").exists():
            self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def _sample(self) -> None:
        me = os.getpid()
        while not self._stop.wait(self.interval):
            processes = _processes()
            # Not GNU time itself (bench.run_measured runs the step under it).
            pids = [pid for pid in _descendants(me, processes) if processes[pid][1] != "time"]
            total = 0
            for pid in pids:
                if pid not in self._labels:
                    self._labels[pid] = _label(pid, processes)
                pss, hwm = _memory_kib(pid)
                total += pss
                label = self._labels[pid]
                self.largest[label] = max(self.largest.get(label, 0), hwm)
            if pids:
                self.peak_kib = max(self.peak_kib or 0, total)

    def breakdown(self, top: int = 4) -> str:
        """``mkdocs 1.10, pagefind_extended 0.40 …`` (GiB), largest first."""
        ranked = sorted(self.largest.items(), key=lambda item: item[1], reverse=True)
        return ", ".join(f"{label} {gib(kib)}" for label, kib in ranked[:top] if kib) or "not sampled"


@dataclass
class Step:
    name: str
    seconds: float
    rss_kib: int | None  # the largest process (GNU time), as bench.py
    tree_kib: int | None = None  # the whole tree's PSS, sampled
    max_gib: float | None = None
    max_seconds: float | None = None
    breakdown: str = ""  # each kind of process's peak (TreeMemory.breakdown)

    @property
    def target(self) -> str:
        parts = []
        if self.max_gib is not None:
            parts.append(f"≤ {self.max_gib:g} GiB")
        if self.max_seconds is not None:
            parts.append(f"≤ {self.max_seconds / 60:g} min")
        return ", ".join(parts) or "—"

    @property
    def verdict(self) -> str:
        if self.max_gib is None and self.max_seconds is None:
            return "—"
        missed = []
        if self.max_gib is not None:
            if self.rss_kib is None:
                return "memory unknown"
            # What a runner must hold: the whole tree when it was sampled, else (a step
            # shorter than a sample) the largest process.
            held = max(self.rss_kib, self.tree_kib or 0)
            if held > self.max_gib * KIB_PER_GIB:
                missed.append("memory")
        if self.max_seconds is not None and self.seconds > self.max_seconds:
            missed.append("time")
        return "met" if not missed else f"NOT met ({', '.join(missed)})"


def gib(kib: int | None) -> str:
    return "n/a" if kib is None else f"{kib / KIB_PER_GIB:.2f}"


def format_table(steps: list[Step]) -> str:
    """The steps and their total (time added up, memory the largest of any step)."""
    header = ("step", "wall s", "peak RSS GiB", "tree PSS GiB", "target", "met")
    rows = [(s.name, f"{s.seconds:.1f}", gib(s.rss_kib), gib(s.tree_kib), s.target, s.verdict) for s in steps]
    total_rss = bench.max_or_none(s.rss_kib for s in steps)
    total_tree = bench.max_or_none(s.tree_kib for s in steps)
    rows.append(
        ("total (one after another)", f"{sum(s.seconds for s in steps):.1f}", gib(total_rss), gib(total_tree), "—", "—")
    )
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    right = {1, 2, 3}

    def line(row) -> str:
        cells = [
            str(c).rjust(w) if i in right else str(c).ljust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        return "  ".join(cells).rstrip()

    return "\n".join([line(header), line(["-" * w for w in widths]), *(line(r) for r in rows)])


def measured(name: str, command: list[str], work: Path, env: dict) -> Step:
    """``python command…`` timed with its peak memory (``bench.run_measured``), after
    the previous step's files are flushed to disk (untimed, as ``bench.build``).

    No ``bench.RSS_WRAPPER``-style wrapper: ``shard.py build`` and ``shared`` start
    MkDocs as a process of their own, so a wrapper round ``shard.py`` would measure the
    launcher only; GNU time's figure covers the whole tree."""
    print(f"{name} …", end=" ", flush=True)
    os.sync()
    with TreeMemory() as tree:
        run = bench.run_measured([sys.executable, *command], work, env)
    step = Step(name, run.seconds, run.tree_rss_kib, tree.peak_kib, breakdown=tree.breakdown())
    print(
        f"{run.seconds:.1f} s, largest process {gib(run.tree_rss_kib)} GiB, tree {gib(tree.peak_kib)} GiB"
        f" (peaks by process, GiB: {step.breakdown})",
        flush=True,
    )
    return step


# -- sizes --------------------------------------------------------------------------


def du_bytes(path: Path) -> int:
    """Disk usage (``du -s``), in bytes."""
    out = subprocess.run(["du", "-s", "--block-size=1", str(path)], capture_output=True, text=True, check=True).stdout
    return int(out.split()[0])


def count_files(path: Path, skip: str | None = None) -> int:
    total = 0
    for _folder, dirs, files in os.walk(path):
        if skip in dirs:
            dirs.remove(skip)
        total += len(files)
    return total


def parse_count(output: str) -> int:
    """The shard count printed by ``shard.py count`` (its last number)."""
    numbers = re.findall(r"\d+", output)
    if not numbers:
        raise SystemExit(f"shard.py count printed no number: {output!r}")
    return int(numbers[-1])


# -- the benchmark ------------------------------------------------------------------


def step_env() -> dict:
    env = {**os.environ, **bench.BUILD_ENV}
    for name in [k for k in env if k.startswith("SHOWCASE_SEARCH")]:
        del env[name]  # the defaults: search on, bundles by district
    return env


def run(n: int, folder: Path | None = None, seed: int = 1, count: int | None = None) -> int:
    if not SHARD_SCRIPT.exists():
        raise SystemExit(f"{SHARD_SCRIPT.relative_to(ROOT)} is not there")
    work = (folder or Path(f"/tmp/showcase-bench-shards-{n}")).resolve()
    load_before = os.getloadavg()
    started = dt.datetime.now()
    content = ensure_content(work, n, seed)
    config = bench.write_project_config(work, content, work / "site")
    summary, parts, site = work / "summary.pickle", work / "parts", work / "site"
    for old in (parts, site):
        shutil.rmtree(old, ignore_errors=True)
    summary.unlink(missing_ok=True)
    parts.mkdir()
    env = step_env()
    shard = [str(SHARD_SCRIPT)]
    cfg = ["-f", str(config)]

    if count is None:
        proc = subprocess.run(
            [sys.executable, *shard, "count", *cfg], cwd=work, env=env, capture_output=True, text=True
        )
        if proc.returncode != 0:
            raise SystemExit(f"shard.py count failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
        count = parse_count(proc.stdout)
        print(f"shard.py count: {count} shard(s) for {n:,} communities", flush=True)
    else:
        print(f"{count} shard(s) (--count)", flush=True)

    def limited(step: Step, max_gib: float, max_seconds: float | None) -> Step:
        step.max_gib, step.max_seconds = max_gib, max_seconds
        return step

    steps = [limited(measured("summary", [*shard, "summary", str(summary), *cfg], work, env), SUMMARY_GIB, None)]
    part_dirs = []
    for k in range(1, count + 1):
        out = parts / f"shard-{k}"
        part_dirs.append(out)
        command = [*shard, "build", str(k), str(count), str(summary), str(out), *cfg]
        steps.append(limited(measured(f"shard {k}/{count}", command, work, env), SHARD_GIB, SHARD_SECONDS))
    out = parts / "shared"
    part_dirs.append(out)
    command = [*shard, "shared", "--summary", str(summary), str(out), *cfg]
    steps.append(limited(measured("shared", command, work, env), SHARD_GIB, SHARD_SECONDS))
    steps.append(measured("assemble", [*shard, "assemble", str(site), *map(str, part_dirs)], work, env))

    site_files, site_bytes = count_files(site), du_bytes(site)
    shutil.rmtree(parts, ignore_errors=True)  # the site has all their files (hard links or copies)
    load_after = os.getloadavg()
    cores = os.cpu_count()
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else cores

    print()
    print(
        f"=== Sharded build: N = {n:,} communities, {count} shard(s), run one after another; started {started:%Y-%m-%d %H:%M} ==="
    )
    print(f"machine: {cores} CPU cores ({usable} usable by this process)")
    print(
        f"load average (1/5/15 min) before {load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f}, "
        f"after {load_after[0]:.2f} {load_after[1]:.2f} {load_after[2]:.2f} (other processes share the CPUs)"
    )
    print(format_table(steps))
    print(
        "peak RSS: the largest single process of the step (GNU time's maximum over the process tree; "
        "MkDocs' helper processes and Pagefind are separate processes, not added up)."
    )
    print(
        "tree PSS: every process of the step added up (proportional set size, sampled every 0.25 s; n/a: the step was shorter)"
        " — what a runner must hold: the memory targets are judged on the larger of the two."
    )
    over = [
        s.name
        for s in steps
        if s.max_gib is not None and s.tree_kib is not None and s.tree_kib > s.max_gib * KIB_PER_GIB
    ]
    if over:
        print(f"  the whole tree was above the memory target in: {', '.join(over)}")
    print("each step's processes, their peak RSS in GiB (VmHWM, sampled; helpers: the largest of them):")
    for s in steps:
        print(f"  {s.name:<12} {s.breakdown}")
    print(f"site: {site_bytes / 1e9:.2f} GB on disk (du), {site_files:,} files, in {site}")
    shards = [s for s in steps if s.max_gib == SHARD_GIB]
    print(
        f"all shards and the shared run within {SHARD_GIB:g} GiB and {SHARD_SECONDS / 60:g} min: {'met' if all(s.verdict == 'met' for s in shards) else 'NOT met'}"
    )
    print(f"content: {content} (reused by the next run with N = {n:,} and seed {seed})")
    return 0
