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

from jinja2 import FileSystemBytecodeCache
from markupsafe import Markup, escape
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files, InclusionLevel

# The domain package sits at the repository root, beside this folder.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mkdocs_parallel import DeferredFile, ParallelPages  # noqa: E402  (beside this file)

from showcase.build import Build, cached_web_image  # noqa: E402
from showcase.dates import build_date  # noqa: E402
from showcase.errors import ContentInvalid  # noqa: E402
from showcase.history import load_history  # noqa: E402
from showcase.images import ImageProblem  # noqa: E402
from showcase.notices import pending_result_warning  # noqa: E402
from showcase.parallel import WorkerFailed, available_cpus, can_fork  # noqa: E402
from showcase.sanitize import sanitize_html  # noqa: E402
from showcase.search import OrderedFeed, SearchIndex, SearchIndexError, bundle_count, searchable_part  # noqa: E402
from showcase.sitedir import StagedSite  # noqa: E402
from showcase.urls import GUIDE_URI  # noqa: E402
from showcase.views import split_heading, tel_href  # noqa: E402

log = logging.getLogger("mkdocs.hooks.showcase")
REPO = Path(__file__).resolve().parent.parent
CACHE_DIR = REPO / ".cache"
# Published from the repository itself, not from content/: the editors' guide and the
# JSON Schemas editors' tools use.
GUIDE = REPO / "EDITING.md"
SCHEMAS = REPO / "schemas"

# Forked helper processes load communities and build pages beside this one when the
# site has this many communities and the machine has cores to spare
# (``SHOWCASE_WORKERS``: how many helpers, whatever the size; 0 = none).
PARALLEL_MIN_COMMUNITIES = 100
MAX_WORKERS = 3

_build: Build | None = None
_search: SearchIndex | None = None
_command: str | None = None  # "build" / "gh-deploy" allow helper processes; "serve" does not
_workers = 0  # helper processes of this build
_deferred: list[tuple[str, bytes]] | None = None  # generated files a helper writes
_staged: StagedSite | None = None  # `mkdocs build` writes here; the site is replaced on success
_built = False  # this build got through on_post_build
_pages: ParallelPages | None = None
_feed: OrderedFeed | None = None  # pages on their way to _search


def on_startup(command, dirty, **_):
    global _command
    _command = None if dirty else command


def on_config(config, **_):
    """Decide the build date, then load and validate all content; fail with every error."""
    global _build, _workers
    _build = None
    _stop_search()
    _stop_helpers()
    gc.unfreeze()  # `mkdocs serve`: the previous build's site may now be collected
    _workers = _helper_count(config)
    try:
        today = build_date(os.environ)
        history = load_history(Path(config.docs_dir))
        # Loading makes ~250 objects per community and frees none of them: the cyclic
        # garbage collector would only walk them again and again (~10 % of the load).
        gc.disable()
        try:
            _build = Build.load(Path(config.docs_dir), today, config.site_url or "", history, _workers)
        finally:
            gc.enable()
        gc.freeze()  # the site lives for the whole build: never rescan it
    except ContentInvalid as exc:
        # An Abort prints its message without a traceback and fails the build,
        # with or without --strict.
        raise Abort(str(exc)) from None
    config.extra["showcase_date"] = today.isoformat()
    _stage(config)
    if history.reason:
        log.info("页面不显示“最后更新”日期：%s。", history.reason)
    reminder = pending_result_warning(_build.notice_index)
    if reminder:
        # INFO, not WARNING: a reminder for editors must not fail `--strict` builds.
        log.info("提醒：%s", reminder)
    return config


def _stage(config) -> None:
    """``mkdocs build`` writes into a staging folder beside the site; the site is
    replaced only once the build has succeeded (see ``on_shutdown``)."""
    global _staged, _built
    _built = False
    _staged = StagedSite.start(Path(config.site_dir)) if _command in ("build", "gh-deploy") else None
    if _staged is not None:
        config.site_dir = str(_staged.staging)


def on_files(files: Files, config, **_) -> Files:
    """Add the generated pages, badges and feed; publish re-encoded photos, not originals;
    start the search indexer."""
    global _search, _deferred, _feed
    _feed = None
    # With helper processes, one of them writes the generated files (thousands of
    # badges) while MkDocs works on; MkDocs still knows them, so links to them resolve.
    _deferred = [] if _workers else None

    def generated(uri: str, data: bytes | str) -> File:
        if _deferred is None:
            return File.generated(config, uri, content=data)
        file = DeferredFile.generated(config, uri, content=data)
        _deferred.append((file.abs_dest_path, data.encode("utf-8") if isinstance(data, str) else data))
        return file

    # Only what the contract names is published: pages, PDFs, and images after the
    # image pipeline; data files become pages, badges and CSV; debris is skipped.
    # (Files from the theme are not content and are left alone.)
    for file in list(files):
        if file.src_dir == config.docs_dir and _build.published_kind(file.src_uri) is None:
            files.remove(file)
    if _build.skipped_files():
        shown = "、".join(_build.skipped_files()[:20]) + ("…" if len(_build.skipped_files()) > 20 else "")
        log.info("跳过 %d 个编辑器临时文件或隐藏文件（不发布）：%s", len(_build.skipped_files()), shown)
    for uri in _build.generated_uris():
        if files.get_file_from_path(uri) is None:
            files.append(File.generated(config, uri, content=""))
    for uri, data in _build.static_files(CACHE_DIR).items():
        files.append(generated(uri, data))
    if GUIDE.is_file() and files.get_file_from_path(GUIDE_URI) is None:
        files.append(File.generated(config, GUIDE_URI, content=GUIDE.read_text(encoding="utf-8")))
    for schema in sorted(SCHEMAS.glob("*.json")):
        files.append(generated(f"schemas/{schema.name}", schema.read_bytes()))
    for file in list(files):
        if file.src_dir == config.docs_dir and _build.is_image(file.src_uri):
            try:
                data = cached_web_image(Path(file.abs_src_path), CACHE_DIR / "images")
            except ImageProblem as problem:  # checked while loading; a file changed since
                raise Abort(f"{file.src_uri}: 文件: {problem}") from None
            files.remove(file)
            files.append(generated(file.src_uri, data))
    # Pagefind indexes each page as soon as it is rendered, on the other core.
    # SHOWCASE_SEARCH=off skips it (scripts/bench.py measures its share that way).
    config.extra["showcase_search_merge"] = []
    if os.environ.get("SHOWCASE_SEARCH", "on") != "off":
        try:
            _search = SearchIndex(Path(config.site_dir) / "pagefind", _bundle_count(len(files.documentation_pages())))
        except SearchIndexError as exc:
            raise Abort(str(exc)) from None
        config.extra["showcase_search_merge"] = [f"pagefind/{path}" for path in _search.merged_paths]
    return files


def _bundle_count(pages: int) -> int:
    """Search bundles: by the number of pages, or SHOWCASE_SEARCH_BUNDLES (tests)."""
    wanted = _env_count("SHOWCASE_SEARCH_BUNDLES", 1, "搜索索引分成几份")
    return bundle_count(pages) if wanted is None else wanted


def _env_count(name: str, minimum: int, meaning: str) -> int | None:
    """A whole number from the environment (``None`` when unset); a plain error otherwise."""
    wanted = os.environ.get(name, "").strip()
    if not wanted:
        return None
    if not wanted.isdigit() or int(wanted) < minimum:
        raise Abort(f"{name} 应为不小于 {minimum} 的整数（{meaning}），而不是 {wanted!r}")
    return int(wanted)


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
    number = _feed.number(page.file.src_uri) if _feed is not None else None
    if number is not None:
        item = ("/" + page.url, searchable_part(output))
        if _pages is not None and _pages.in_helper:
            _pages.send(("page", number, item))
        else:
            _feed.put(number, item)
    return output


def on_post_build(config, **_):
    """Wait for the helper processes; write the search index (Pagefind) once every
    page has been indexed."""
    global _search, _pages, _built
    if _pages is not None:
        pages, _pages = _pages, None
        try:
            pages.finish()
        except WorkerFailed as exc:
            _stop_search()
            raise Abort(f"页面生成失败（辅助进程）：{exc}") from None
    if _search is not None:
        search, _search = _search, None
        try:
            if _feed.missing:
                raise SearchIndexError(f"{_feed.missing} 个页面没有送入索引")
            search.write()
        except SearchIndexError as exc:
            raise Abort(f"搜索索引未能生成：{exc}") from None
    _built = True  # MkDocs may still fail the build in strict mode: see on_build_error


def on_build_error(**_):
    global _built
    _built = False
    _stop_helpers()
    _stop_search()
    _unstage()


def on_shutdown(**_):
    _stop_helpers()
    _stop_search()
    _unstage()


def _unstage() -> None:
    """Replace the site with the staged one if the build succeeded; otherwise drop the
    staged one, leaving the previous site as it was."""
    global _staged, _built
    staged, _staged = _staged, None
    if staged is None:
        return
    if _built:
        _built = False
        try:
            staged.publish()
        except OSError as exc:
            raise Abort(f"新生成的站点未能放到 {staged.site}：{exc}（新站点在 {staged.staging}）") from None
    else:
        staged.discard()


def _stop_helpers() -> None:
    global _pages
    if _pages is not None:
        _pages.stop()
        _pages = None


def _stop_search() -> None:
    global _search
    if _search is not None:
        _search.close()
        _search = None


def on_nav(nav, config, files, **_):
    """Fork the helper processes that write the generated files and turn a share of
    the community pages into HTML (see ``mkdocs_parallel.ParallelPages``)."""
    global _pages, _feed
    doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
    candidates = [f for f in doc_files if _build.is_community_page(f.src_uri)]
    if _search is not None:
        # Community pages first: helpers build them early, and Pagefind gets to work.
        others = [f for f in doc_files if not _build.is_community_page(f.src_uri)]
        _feed = OrderedFeed(_search, [f.src_uri for f in candidates + others])
    if _workers:
        # A page listed in the nav is built here: every page shows its title in the nav.
        in_nav = {page.file.src_uri for page in nav.pages}
        put_page = _feed.put if _feed is not None else None
        _pages = ParallelPages(_workers, [f for f in candidates if f.src_uri not in in_nav], files, put_page)
        # Forked only now: the helpers must see ``_pages`` set, as this process does.
        _pages.start(config, nav, files, _deferred)
        log.info("%d 个辅助进程与主进程一起生成社区页面（SHOWCASE_WORKERS=0 可关闭）", _workers)
    return nav


def on_env(env, **_):
    """Autoescape every template of ours (``showcase/…``); Material's keep their setting.
    Compiled templates are kept between builds (Jinja checks each template's source)."""
    env.autoescape = lambda name: bool(name) and name.startswith("showcase/")
    env.globals["tel_href"] = tel_href
    (CACHE_DIR / "jinja").mkdir(parents=True, exist_ok=True)
    env.bytecode_cache = FileSystemBytecodeCache(str(CACHE_DIR / "jinja"))
    return env


def _helper_count(config) -> int:
    """Helper processes for this build: none for ``serve``, ``--dirty`` or small sites;
    SHOWCASE_WORKERS decides otherwise."""
    if _command not in ("build", "gh-deploy") or not can_fork():
        return 0
    wanted = _env_count("SHOWCASE_WORKERS", 0, "辅助进程个数，0 表示不用")
    if wanted is not None:
        return wanted
    folder = Path(config.docs_dir) / "communities"
    communities = sum(1 for entry in os.scandir(folder) if entry.is_dir()) if folder.is_dir() else 0
    if communities < PARALLEL_MIN_COMMUNITIES:
        return 0
    return max(0, min(available_cpus() - 1, MAX_WORKERS))
