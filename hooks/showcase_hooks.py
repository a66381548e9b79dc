"""MkDocs hooks: thin adapters between MkDocs' build events and the ``showcase`` package.

MkDocs imports this file by path and keeps it loaded under ``mkdocs serve``, so it
holds nothing but the current build, reset at every ``on_config``.
"""

from __future__ import annotations

import gc
import logging
import os
import sys
from pathlib import Path

from markupsafe import Markup, escape
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files

# The domain package sits at the repository root, beside this folder.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from showcase.build import Build, cached_web_image, is_community_image  # noqa: E402
from showcase.dates import build_date  # noqa: E402
from showcase.errors import ContentInvalid  # noqa: E402
from showcase.history import load_history  # noqa: E402
from showcase.notices import pending_result_warning  # noqa: E402
from showcase.sanitize import sanitize_html  # noqa: E402
from showcase.search import SearchIndexError, StreamingIndex  # noqa: E402
from showcase.views import split_heading, tel_href  # noqa: E402

log = logging.getLogger("mkdocs.hooks.showcase")
REPO = Path(__file__).resolve().parent.parent
CACHE_DIR = REPO / ".cache"
# Published from the repository itself, not from content/: the editors' guide and the
# JSON Schemas editors' tools use.
GUIDE = REPO / "EDITING.md"
GUIDE_URI = "about/editing.md"
SCHEMAS = REPO / "schemas"

_build: Build | None = None
_search: StreamingIndex | None = None


def on_config(config, **_):
    """Decide the build date, then load and validate all content; fail with every error."""
    global _build
    _build = None
    _stop_search()
    gc.unfreeze()  # `mkdocs serve`: the previous build's site may now be collected
    try:
        today = build_date(os.environ)
        history = load_history(Path(config.docs_dir))
        # Loading makes ~250 objects per community and frees none of them: the cyclic
        # garbage collector would only walk them again and again (~10 % of the load).
        gc.disable()
        try:
            _build = Build.load(Path(config.docs_dir), today, config.site_url or "", history)
        finally:
            gc.enable()
        gc.freeze()  # the site lives for the whole build: never rescan it
    except ContentInvalid as exc:
        # An Abort prints its message without a traceback and fails the build,
        # with or without --strict.
        raise Abort(str(exc)) from None
    config.extra["showcase_date"] = today.isoformat()
    if history.reason:
        log.info("页面不显示“最后更新”日期：%s。", history.reason)
    reminder = pending_result_warning(_build.notice_index)
    if reminder:
        # INFO, not WARNING: a reminder for editors must not fail `--strict` builds.
        log.info("提醒：%s", reminder)
    return config


def on_files(files: Files, config, **_) -> Files:
    """Add the generated pages, badges and feed; publish re-encoded photos, not originals;
    start the search indexer."""
    global _search
    for file in list(files):
        if _build.is_source_data(file.src_uri):
            files.remove(file)  # validated YAML is published as pages, badges and CSV
    for uri in _build.generated_uris():
        if files.get_file_from_path(uri) is None:
            files.append(File.generated(config, uri, content=""))
    for uri, data in _build.static_files(CACHE_DIR).items():
        files.append(File.generated(config, uri, content=data))
    if GUIDE.is_file() and files.get_file_from_path(GUIDE_URI) is None:
        files.append(File.generated(config, GUIDE_URI, content=GUIDE.read_text(encoding="utf-8")))
    for schema in sorted(SCHEMAS.glob("*.json")):
        files.append(File.generated(config, f"schemas/{schema.name}", content=schema.read_bytes()))
    for file in list(files):
        if is_community_image(file.src_uri) and file.abs_src_path:
            data = cached_web_image(Path(file.abs_src_path), CACHE_DIR / "images")
            files.remove(file)
            files.append(File.generated(config, file.src_uri, content=data))
    # Pagefind indexes each page as soon as it is rendered, on the other core.
    # SHOWCASE_SEARCH=off skips it (scripts/bench.py measures its share that way).
    if os.environ.get("SHOWCASE_SEARCH", "on") != "off":
        try:
            _search = StreamingIndex(Path(config.site_dir) / "pagefind")
        except SearchIndexError as exc:
            raise Abort(str(exc)) from None
    return files


def on_page_read_source(page, **_) -> str | None:
    """Typed pages' Markdown comes from the validated model: MkDocs need not parse
    their front matter a second time."""
    return _build.body(page.file.src_uri)


def on_page_markdown(markdown: str, page, **_) -> str:
    """Give typed pages their template and title, from the validated model."""
    spec = _build.page(page.file.src_uri)
    if spec is not None:
        # Typed pages take nothing from MkDocs' own front-matter parse; the home page
        # keeps an editor's ordinary front matter.
        meta = dict(page.meta) if page.is_homepage else {}
        meta["template"] = spec.template
        # Our templates lay out their own sections; Material's TOC would list only the
        # editor's Markdown headings.
        meta["hide"] = ["toc"]
        if spec.title:
            meta["title"] = spec.title
        if spec.description:
            meta["description"] = spec.description
        page.meta = meta
    return markdown


def on_page_content(html: str, page, **_) -> str:
    """Sanitize what editors' Markdown produced."""
    return sanitize_html(html)


def on_page_context(context, page, **_):
    """Escape every front-matter value Material prints raw; hand the view to the template."""
    spec = _build.page(page.file.src_uri)
    page.meta = {key: _escaped(value) for key, value in page.meta.items()}
    page.meta["title"] = _escaped(page.meta.get("title") or page.title or "")
    context["showcase"] = spec.view if spec else None
    if page.is_homepage:
        context["home_heading"], context["home_body"] = split_heading(page.content or "")
    context["showcase_page"] = spec
    context["build"] = _build
    return context


def _escaped(value):
    if isinstance(value, Markup):
        return value
    if isinstance(value, str):
        return escape(value)
    if isinstance(value, list):
        return [_escaped(v) for v in value]
    if isinstance(value, dict):
        return {k: _escaped(v) for k, v in value.items()}
    return value


def on_post_page(output: str, page, **_) -> str:
    """Hand the finished page to the search indexer."""
    if _search is not None:
        _search.add(output, "/" + page.url)
    return output


def on_post_build(config, **_):
    """Write the search index (Pagefind) once every page has been indexed."""
    global _search
    if _search is not None:
        search, _search = _search, None
        try:
            search.write()
        except SearchIndexError as exc:
            raise Abort(f"搜索索引未能生成：{exc}") from None


def on_build_error(**_):
    _stop_search()


def on_shutdown(**_):
    _stop_search()


def _stop_search() -> None:
    global _search
    if _search is not None:
        _search.close()
        _search = None


def on_env(env, **_):
    """Autoescape every template of ours (``showcase/…``); Material's keep their setting."""
    env.autoescape = lambda name: bool(name) and name.startswith("showcase/")
    env.globals["tel_href"] = tel_href
    return env
