"""Shared test helpers: building fixture sites with the real MkDocs command."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
sys.path.insert(0, str(ROOT))


@dataclass
class BuildResult:
    returncode: int
    output: str
    site: Path

    def html(self, rel: str) -> str:
        return (self.site / rel).read_text(encoding="utf-8")


def write_config(workdir: Path, content: Path, site: Path) -> Path:
    """The project's mkdocs.yml, pointed at another content folder and site folder."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("docs_dir: content", f"docs_dir: {content}")
    text = text.replace("site_dir: site", f"site_dir: {site}")
    text = text.replace("custom_dir: theme_overrides", f"custom_dir: {ROOT / 'theme_overrides'}")
    text = text.replace("  - hooks/showcase_hooks.py", f"  - {ROOT / 'hooks' / 'showcase_hooks.py'}")
    config = workdir / "mkdocs.yml"
    config.write_text(text, encoding="utf-8")
    return config


def run_build(
    content: Path, workdir: Path, date: str = "2026-11-23", strict: bool = True, env: dict | None = None, edit_config=None
) -> BuildResult:
    """Build ``content`` with the project's configuration via the real ``mkdocs`` CLI.

    ``edit_config(text) -> text`` changes the mkdocs.yml first."""
    workdir.mkdir(parents=True, exist_ok=True)
    site = workdir / "site"
    config = write_config(workdir, content, site)
    if edit_config is not None:
        config.write_text(edit_config(config.read_text(encoding="utf-8")), encoding="utf-8")
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(config)]
    if strict:
        command.append("--strict")
    environ = {**os.environ, "SHOWCASE_DATE": date, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    proc = subprocess.run(command, cwd=workdir, capture_output=True, text=True, env=environ)
    return BuildResult(proc.returncode, proc.stdout + proc.stderr, site)


def no_leftovers(workdir: Path, timeout: float = 10.0) -> bool:
    """No staging folder beside the site, and the previous site deleted (by a process
    of its own that may still be at work for a moment)."""
    deadline = time.monotonic() + timeout
    while True:
        left = [p.name for p in workdir.iterdir() if p.name.startswith(".showcase-")]
        if not left or any(name.startswith(".showcase-staging-") for name in left) or time.monotonic() > deadline:
            return not left
        time.sleep(0.05)


def copy_fixture(name: str, dest: Path) -> Path:
    """Copy ``tests/fixtures/<name>`` to ``dest/content`` and return that path."""
    target = dest / "content"
    shutil.copytree(FIXTURES / name, target)
    return target


@pytest.fixture
def build(tmp_path):
    """``build(content_dir, **kw)`` builds into a temporary folder."""

    def _build(content: Path, **kw) -> BuildResult:
        return run_build(content, tmp_path, **kw)

    return _build


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory) -> BuildResult:
    """The demo content built once per test run with --strict on its default date,
    2026-11-23: the one demo build every test reads (the browser tests serve it)."""
    workdir = tmp_path_factory.mktemp("demo")
    content = workdir / "content"
    shutil.copytree(ROOT / "content", content)
    result = run_build(content, workdir)
    assert result.returncode == 0, result.output
    assert "WARNING" not in result.output, result.output
    assert (result.site / "pagefind" / "pagefind.js").is_file(), "Pagefind did not index the demo"
    return result
