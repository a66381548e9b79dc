"""Full-text search with Pagefind, which segments Chinese (the ``extended`` build)."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path


def index_site(site_dir: Path, log: logging.Logger) -> None:
    """Run Pagefind over ``site_dir``; only elements marked ``data-pagefind-body`` are indexed."""
    # Permalink anchors (¶) are not content: keep them out of excerpts.
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", "pagefind", "--exclude-selectors", ".headerlink"]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"Pagefind 建立搜索索引失败：\n{result.stdout}\n{result.stderr}")
    log.debug(result.stdout)
