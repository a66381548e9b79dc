"""The editor's side of the benchmark (``scripts/bench.py --preview``): how long an
edit takes to show in the preview, how long the content checker takes, and what the
record cache saves a whole build. Prints figures and whether each target is met.

1. Generates N communities (``scripts/gen_content.py``) in a throwaway git repository.
2. ``mkdocs build`` three times: without the record cache (``SHOWCASE_CACHE=off``),
   with an empty one (a first build), with a warm one (CI with a restored ``.cache``,
   or a second local build).
3. ``scripts/preview.py`` on the content: the first build, then ``--edits`` edits of a
   community's name, each timed from saving the file to the changed page being served
   (polled over HTTP); a mistake (the error shown above the pages) and its fix.
4. ``scripts/check_content.py``: cold (``--no-cache``; after a first run, shown apart,
   that may read the files from disk), with the cache, and
   ``--changed`` after one community's edit (git).
"""

from __future__ import annotations

import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Targets (issue #11)
EDIT_SECONDS = {1000: 1.5, 10000: 3.0}
CHECK_COLD_SECONDS = 6.0  # at 10,000
CHECK_CACHED_SECONDS = 2.0  # at 10,000
CHECK_CHANGED_SECONDS = 1.0
ENV = {"SHOWCASE_DATE": "2026-11-23", "NO_MKDOCS_2_WARNING": "1"}
WAIT = 1800  # seconds for a first build at 10,000


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _git(content: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(content), *args], check=True, capture_output=True)


class Preview:
    def __init__(self, config: Path):
        self.port = _port()
        self.lines: list[str] = []
        self.ready = threading.Event()
        started = time.perf_counter()
        self.proc = subprocess.Popen(
            [sys.executable, str(ROOT / "scripts" / "preview.py"), "-f", str(config), "-a", f"127.0.0.1:{self.port}"],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, **ENV},
        )
        threading.Thread(target=self._read, daemon=True).start()
        if not self.ready.wait(WAIT):
            raise SystemExit("the preview did not start:\n" + "".join(self.lines[-40:]))
        self.first_build = time.perf_counter() - started

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.append(line)
            if "Serving on" in line:
                self.ready.set()

    def get(self, path: str) -> str:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=WAIT) as response:
                return response.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            return exc.read().decode("utf-8", "replace")

    def until(self, path: str, test) -> float:
        """Seconds until ``test(body)`` holds for the page (polled every 20 ms)."""
        start = time.perf_counter()
        while not test(self.get(path)):
            if time.perf_counter() - start > WAIT:
                raise SystemExit(f"{path}: timed out\n" + "".join(self.lines[-40:]))
            time.sleep(0.02)
        return time.perf_counter() - start

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(60)


def _timed(command: list[str], cwd: Path | None = None) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    proc = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env={**os.environ, **ENV})
    return time.perf_counter() - start, proc


def _met(ok: bool) -> str:
    return "met" if ok else "NOT met"


def run(n: int, work: Path, content: Path, config: Path, edits: int = 5, builds: bool = True) -> None:
    """Everything above on ``content`` (N communities), figures printed; without
    ``builds``, not the three whole builds (at 10,000 they take most of the time)."""
    _git(content, "init", "-q")
    _git(content, "-c", "user.email=bench@example.org", "-c", "user.name=bench", "add", "-A")
    _git(content, "-c", "user.email=bench@example.org", "-c", "user.name=bench", "commit", "-qm", "content")
    slugs = sorted(p.name for p in (content / "communities").iterdir() if p.is_dir())

    print(f"\n=== The editor's side: N = {n} communities ===", flush=True)
    if builds:
        whole_builds(work, config)
    preview_edits(n, content, config, slugs, edits)
    checker(n, content, slugs)


def whole_builds(work: Path, config: Path) -> None:
    """Whole builds and the record cache."""
    build = [sys.executable, "-m", "mkdocs", "build", "-f", str(config), "--strict"]
    off, proc = _timed(["env", "SHOWCASE_CACHE=off", *build], work)
    _check(proc)
    cold, proc = _timed(build, work)
    _check(proc)
    warm, proc = _timed(build, work)
    _check(proc)
    print(f"mkdocs build: without the record cache {off:.1f} s; first with it (empty) {cold:.1f} s; with it warm {warm:.1f} s", flush=True)


def preview_edits(n: int, content: Path, config: Path, slugs: list[str], edits: int) -> None:
    """The preview: its first build, then timed edits, a mistake and its fix."""
    preview = Preview(config)
    print(f"preview: first build and serving {preview.first_build:.1f} s", flush=True)
    times, follow = [], []
    try:
        for k in range(edits):
            slug = slugs[(k * 7919) % len(slugs)]
            index = content / "communities" / slug / "index.md"
            text = index.read_text(encoding="utf-8")
            name = re.search(r"^name: (.*)$", text, re.M).group(1)
            new = f"{name}（修订{k + 1}）"
            time.sleep(3)  # the previous edit's background work (search index, open data) has started
            start = time.perf_counter()
            index.write_text(text.replace(f"name: {name}", f"name: {new}", 1), encoding="utf-8")
            preview.until(f"/communities/{slug}/", lambda body, new=new: new in body)
            times.append(time.perf_counter() - start)
            preview.until("/communities/", lambda body, new=new: new in body)
            follow.append(time.perf_counter() - start)
            print(f"  edit {k + 1}: {times[-1]:.2f} s to the community's page, {follow[-1]:.2f} s to the directory", flush=True)
        index = content / "communities" / slugs[0] / "index.md"
        good = index.read_text(encoding="utf-8")
        time.sleep(3)
        start = time.perf_counter()
        index.write_text(good.replace("district:", "distric:", 1), encoding="utf-8")
        preview.until(f"/communities/{slugs[1]}/", lambda body: "sc-preview-errors" in body)
        shown = time.perf_counter() - start
        start = time.perf_counter()
        index.write_text(good, encoding="utf-8")
        preview.until(f"/communities/{slugs[1]}/", lambda body: "sc-preview-errors" not in body)
        fixed = time.perf_counter() - start
    finally:
        preview.stop()
    median = statistics.median(times)
    target = EDIT_SECONDS.get(n)
    print(
        f"edit visible in the preview: median {median:.2f} s of {len(times)} edits (runs: {', '.join(f'{t:.2f}' for t in times)})"
        + (f"   target ≤ {target} s at N = {n}: {_met(median <= target)}" if target else "")
    )
    print(f"  the directory follows: median {statistics.median(follow):.2f} s; a mistake shown above the pages after {shown:.2f} s, gone {fixed:.2f} s after the fix")



def checker(n: int, content: Path, slugs: list[str]) -> None:
    """``check_content.py``: cold, with the cache, and ``--changed``."""
    check = [sys.executable, str(ROOT / "scripts" / "check_content.py"), str(content)]
    # The first run may read the files from disk: this machine's kernel takes back
    # memory it sees unused (DAMON), the page cache too, within minutes. Shown apart;
    # the timed runs measure the checker, with the files in memory as after any read.
    first, proc = _timed([*check, "--no-cache"])
    _check(proc)
    colds = [_timed([*check, "--no-cache"])[0] for _ in range(3)]
    _timed(check)  # fills the cache for this content
    warms = [_timed(check)[0] for _ in range(3)]
    index = content / "communities" / slugs[len(slugs) // 2] / "index.md"
    text = index.read_text(encoding="utf-8")
    index.write_text(text.replace("\nname: ", "\nname: 改", 1), encoding="utf-8")
    changed = []
    for _ in range(3):
        seconds, proc = _timed([*check, "--changed"])
        _check(proc)
        changed.append(seconds)
    index.write_text(text, encoding="utf-8")
    scale = "" if n == 10000 else f" (targets at 10,000; here N = {n})"
    cold_m, warm_m, changed_m = statistics.median(colds), statistics.median(warms), statistics.median(changed)
    print(f"check_content.py, medians of 3{scale}:")
    print(f"  cold (--no-cache)      {cold_m:.2f} s   target ≤ {CHECK_COLD_SECONDS} s: {_met(cold_m <= CHECK_COLD_SECONDS)}")
    print(f"    (runs: {', '.join(f'{t:.2f}' for t in colds)}; before them, a first run that may have read the files from disk: {first:.2f} s)")
    print(f"  with the cache         {warm_m:.2f} s   target ≤ {CHECK_CACHED_SECONDS} s: {_met(warm_m <= CHECK_CACHED_SECONDS)}")
    print(f"  --changed (1 community) {changed_m:.2f} s   target ≤ {CHECK_CHANGED_SECONDS} s: {_met(changed_m <= CHECK_CHANGED_SECONDS)}")


def _check(proc: subprocess.CompletedProcess) -> None:
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}):\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
