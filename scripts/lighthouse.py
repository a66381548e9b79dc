#!/usr/bin/env python3
"""Lighthouse (mobile) on the built demo: performance, accessibility, best practices and
SEO of the eight page types residents open most, served with gzip as a host would.

    .venv/bin/python scripts/lighthouse.py [SITE_DIR] [--runs N]

Builds the demo (dated today) into a temporary folder when SITE_DIR is not given. Lighthouse itself
(pinned below) is installed with npm into .cache/lighthouse on first use; Chromium is
Debian's (`apt-get install chromium`) or CHROME_PATH. Prints each page's four scores
(the median of N runs) and exits 1 when one is below 100.

Lighthouse's mobile profile simulates a mid-range phone (4× CPU slowdown) on slow 4G;
its performance score also depends on how busy this machine is: run it on an idle one.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = "lighthouse@13.5.0"
TOOL_DIR = ROOT / ".cache" / "lighthouse"
PAGES = {
    "首页": "",
    "社区": "communities/liuyin-xiyuan/",
    "公示公告": "notices/",
    "公示": "notices/2026-shi-wenming-shequ-tuijian/",
    "测评排名": "rankings/",
    "社区名录": "communities/",
    "政策文件": "policies/",
    "搜索": "search/?q=垃圾分类",
}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".pf_meta")


class GzipHandler(SimpleHTTPRequestHandler):
    """Static files, gzip-compressed when the browser accepts it (as GitHub Pages and
    any CDN serve them): Lighthouse measures what a reader downloads."""

    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if "gzip" not in self.headers.get("Accept-Encoding", "") or path.suffix not in COMPRESSED or not path.is_file():
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=9, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def serve(site: Path) -> tuple[ThreadingHTTPServer, str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(GzipHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def lighthouse_bin() -> Path:
    binary = TOOL_DIR / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        if shutil.which("npm") is None:
            sys.exit("npm is needed to install Lighthouse (apt-get install npm)")
        TOOL_DIR.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--prefix", str(TOOL_DIR), LIGHTHOUSE], check=True)
    return binary


def chrome() -> str:
    path = os.environ.get("CHROME_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        sys.exit("Chromium is needed (apt-get install chromium, or CHROME_PATH)")
    return path


def run_once(binary: Path, url: str, out: Path) -> dict[str, int]:
    subprocess.run(
        [str(binary), url, "--quiet", "--output=json", f"--output-path={out}", "--only-categories=" + ",".join(CATEGORIES),
         "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
        check=True,
        env={**os.environ, "CHROME_PATH": chrome()},
    )
    report = json.loads(out.read_text(encoding="utf-8"))
    return {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}


def build_demo(into: Path) -> Path:
    # Built today, as a published site is (CI builds it every day): pages built on
    # another day have their notice statuses corrected by the script in the reader's
    # browser, which moves content (a layout shift Lighthouse counts).
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(into)], cwd=ROOT, check=True, env=env)
    return into


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", nargs="?", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    binary = lighthouse_bin()
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site or build_demo(Path(tmp) / "site")
        server, base = serve(site)
        failed = False
        print(f"{'页面':<8}" + "".join(f"{c:>16}" for c in CATEGORIES))
        try:
            for name, path in PAGES.items():
                runs = [run_once(binary, base + path, Path(tmp) / "report.json") for _ in range(args.runs)]
                scores = {c: int(statistics.median(r[c] for r in runs)) for c in CATEGORIES}
                failed |= any(v < 100 for v in scores.values())
                print(f"{name:<8}" + "".join(f"{scores[c]:>16}" for c in CATEGORIES), flush=True)
        finally:
            server.shutdown()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
