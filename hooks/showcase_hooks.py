"""MkDocs hooks: thin adapters between MkDocs' build events and the ``showcase`` package.

MkDocs imports this file by path and keeps it loaded under ``mkdocs serve``, so it
holds nothing but the current build: one ``BuildRun`` (``showcase_run.py``), created
in ``on_config`` and closed in ``_close`` on success, on error and at shutdown. Each
event is one step of it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.structure.files import Files

# The domain package sits at the repository root, beside this folder.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from showcase_run import BuildRun, configure_env  # noqa: E402  (beside this file)

from showcase.sanitize import sanitize_html  # noqa: E402

_run: BuildRun | None = None
_command: str | None = None  # "build" / "gh-deploy" / "serve"; None for --dirty builds


def on_startup(command, dirty, **_):
    global _command
    _command = None if dirty else command


def on_config(config, **_):
    """Load and validate all content (every error at once); stage the site folder."""
    global _run
    _close(success=False)  # `mkdocs serve`: the previous build is over
    _run = BuildRun.start(config, _command)
    return config


def on_files(files: Files, config, **_) -> Files:
    return _run.add_files(files, config)


def on_nav(nav, config, files, **_):
    _run.start_helpers(nav, config, files)
    return nav


def on_env(env, files, **_):
    _run.env = configure_env(env, files)
    return _run.env


def on_page_read_source(page, **_) -> str | None:
    """Typed pages' Markdown comes from the validated model: MkDocs need not parse
    their front matter a second time."""
    return _run.build.body(page.file.src_uri)


def on_page_markdown(markdown: str, page, **_) -> str:
    _run.page_markdown(page)
    return markdown


def on_page_content(html: str, page, **_) -> str:
    """Sanitize what editors' Markdown produced."""
    return sanitize_html(html)


def on_page_context(context, page, **_):
    return _run.page_context(context, page)


def on_post_page(output: str, page, **_) -> str:
    _run.index_page(page, output)
    return output


def on_post_build(config, **_):
    _run.finish(config)


def on_build_error(**_):
    _close(success=False)


def on_shutdown(**_):
    _close(success=True)


def _close(success: bool) -> None:
    """The one place a build ends: on success the staged site replaces the site."""
    global _run
    run, _run = _run, None
    if run is not None:
        run.close(success)
