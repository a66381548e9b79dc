"""Start-up for the command-line scripts (standard library only, imported first)."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def require_dependencies(*modules: str) -> None:
    """Re-run the script with the project's .venv when it was started by another Python
    that lacks ``modules`` (once: never loop if .venv lacks them too)."""
    if all(importlib.util.find_spec(name) is not None for name in modules):
        return
    venv_python = ROOT / ".venv" / "bin" / "python"
    if venv_python.exists() and not os.environ.get("SHOWCASE_REEXEC"):
        os.environ["SHOWCASE_REEXEC"] = "1"
        os.execv(str(venv_python), [str(venv_python), *sys.argv])
    sys.exit("缺少依赖：请先在仓库根目录运行 scripts/bootstrap")
