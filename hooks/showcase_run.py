"""One build of the showcase as MkDocs runs it: the options, the loaded site, the
helper processes, the search indexer and the staged site folder, in one object.

``showcase_hooks.py`` creates a ``BuildRun`` in ``on_config`` and closes it in one
place (``close``) on success, on error and at shutdown; every event in between is
one method here. Kept beside the hook file (MkDocs puts this folder on ``sys.path``
while it imports a hook file), so ``mkdocs build`` needs nothing installed but
``requirements.txt``, in any copy of the checkout.
"""

from __future__ import annotations

import functools
import gc
import logging
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import showcase_preview
from jinja2 import FileSystemBytecodeCache, pass_context
from markupsafe import Markup, escape
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import normalize_url
from mkdocs_parallel import DeferredFile, ParallelPages, SkipPages, internals_problem

from showcase import shards, urls
from showcase.build import Build, cached_web_image
from showcase.dates import build_date
from showcase.errors import ContentInvalid
from showcase.history import load_history, source_commit
from showcase.images import ImageProblem
from showcase.inventory import edited_communities
from showcase.loader import community_folders, load_site
from showcase.lookup import lookup_table
from showcase.lookup import with_browser_rules as with_lookup_rules
from showcase.notices import pending_result_warning, with_browser_rules
from showcase.opendata import Meta, license_from_option, with_compare_rules
from showcase.parallel import WorkerFailed, available_cpus, can_fork, map_shares, trim_memory
from showcase.records import RecordCache
from showcase.report import report_href, report_problem
from showcase.search import BUNDLE_PAGES, SPLIT_AT, SearchIndex, SearchIndexError, searchable_part
from showcase.sheet import SHEET_TEMPLATES, qr_svg
from showcase.sitedir import StagedSite
from showcase.urls import GUIDE_URI
from showcase.views import split_heading

log = logging.getLogger("mkdocs.hooks.showcase")
REPO = Path(__file__).resolve().parent.parent
CACHE_DIR = REPO / ".cache"
# Published from the repository itself, not from content/: the editors' guide and the
# JSON Schemas editors' tools use.
GUIDE = REPO / "EDITING.md"
SCHEMAS = REPO / "schemas"
MAX_WORKERS = 3
# A quick rebuild plans and renders pages on a second core (``_second_core``) when the
# pages that list many communities wrote this many bytes last time (~1,500 communities).
SECOND_CORE_BYTES = 1_000_000
TRIM_EVERY = 200  # pages: memory the allocator keeps but no longer uses goes back to the system
NOTICE_SCRIPT = "assets/showcase.js"
SEARCH_SCRIPT = "assets/search.js"
COMPARE_SCRIPT = "assets/compare.js"
# Pages with a "纠错 / 反映问题" link.
REPORTED_TEMPLATES = ("showcase/community.html", "showcase/notice.html")


class ShowcaseOptions(base.Config):
    """The generator's options, under ``extra: showcase:`` in ``mkdocs.yml`` (a hook
    file has no ``plugins:`` entry of its own). Each may be overridden by an
    environment variable, for CI and the benchmark."""

    workers = c.Optional(c.Type(int))
    """Helper processes that load communities and build pages beside MkDocs (``mkdocs
    build`` on Linux only). Unset: one per spare core, at most 3, for sites of
    ``parallel_min_communities`` or more; 0: none. ``SHOWCASE_WORKERS`` overrides."""

    parallel_min_communities = c.Type(int, default=100)
    """The site size from which helper processes pay for their start."""

    search = c.Type(bool, default=True)
    """Build the Pagefind search index. ``SHOWCASE_SEARCH=off`` overrides (the
    benchmark measures the index's share that way)."""

    search_split_at = c.Type(int, default=SPLIT_AT)
    """A site of this many communities or more has its search index in bundles by
    district. ``SHOWCASE_SEARCH_SPLIT_AT`` overrides (tests)."""

    search_bundle_pages = c.Type(int, default=BUNDLE_PAGES)
    """The most community pages in one district's bundle (a larger district gets
    several). ``SHOWCASE_SEARCH_BUNDLE_PAGES`` overrides (tests)."""

    data_license = c.Optional(c.Type(dict))
    """The open data's licence: {id: SPDX id, name, url}. Unset: CC BY 4.0."""

    report = c.Optional(c.Type(str))
    """Where readers report a mistake ("纠错 / 反映问题" on community and notice pages):
    an e-mail address, or a URL template with {title} and {url}. Unset: no link."""


def read_options(config, environ=os.environ) -> ShowcaseOptions:
    """The options of ``extra.showcase``, checked, with the environment's overrides."""
    options = ShowcaseOptions(config_file_path=config.config_file_path)
    raw = config.extra.get("showcase") or {}
    if not isinstance(raw, dict):
        raise Abort("mkdocs.yml: extra.showcase 应为若干「选项: 值」")
    options.load_dict(dict(raw))
    errors, warnings = options.validate()
    if errors or warnings:  # a misspelt option would otherwise be ignored
        raise Abort("\n".join(f"mkdocs.yml: extra.showcase.{name}: {problem}" for name, problem in errors + warnings))
    workers = _env_count(environ, "SHOWCASE_WORKERS", 0, "辅助进程个数，0 表示不用")
    if workers is not None:
        options.workers = workers
    split_at = _env_count(environ, "SHOWCASE_SEARCH_SPLIT_AT", 1, "社区数达到多少时搜索索引按区分开")
    if split_at is not None:
        options.search_split_at = split_at
    bundle_pages = _env_count(environ, "SHOWCASE_SEARCH_BUNDLE_PAGES", 1, "一份搜索索引最多含多少个社区页面")
    if bundle_pages is not None:
        options.search_bundle_pages = bundle_pages
    if environ.get("SHOWCASE_SEARCH", "").strip() == "off":
        options.search = False
    if options.report is not None and report_problem(options.report):
        raise Abort(f"mkdocs.yml: extra.showcase.report: {report_problem(options.report)}")
    for name, minimum in (("workers", 0), ("search_split_at", 1), ("search_bundle_pages", 1), ("parallel_min_communities", 0)):
        if options[name] is not None and options[name] < minimum:
            raise Abort(f"mkdocs.yml: extra.showcase.{name} 应为不小于 {minimum} 的整数，而不是 {options[name]}")
    return options


def _env_count(environ, name: str, minimum: int, meaning: str) -> int | None:
    """A whole number from the environment (``None`` when unset); a plain error otherwise."""
    wanted = environ.get(name, "").strip()
    if not wanted:
        return None
    if not wanted.isdigit() or int(wanted) < minimum:
        raise Abort(f"{name} 应为不小于 {minimum} 的整数（{meaning}），而不是 {wanted!r}")
    return int(wanted)


# Pages shared as articles (one record each); the others as the website.
SHARE_ARTICLES = ("showcase/community.html", "showcase/notice.html", "showcase/policy.html")


@dataclass(frozen=True)
class Share:
    title: str
    description: str
    url: str
    image: str
    alt: str
    type: str


class BuildRun:
    """Everything one build holds between ``on_config`` and its end."""

    def __init__(self, config, command: str | None, options: ShowcaseOptions):
        self.command = command  # "build" / "gh-deploy" / "serve"; None for --dirty builds
        self.options = options
        self.workers = self._helper_count(config)
        self.build: Build | None = None
        self.search: SearchIndex | None = None
        self._rendered = 0
        self.bundles: dict[str, str] = {}  # community page → its search bundle (a large site's)
        self.pages: ParallelPages | None = None
        self.deferred: list[tuple[str, bytes]] | None = None  # generated files a helper writes
        # The editor's preview (scripts/serve): the session, and the generated files it
        # makes only when they changed (file, what makes it, its source file's signature).
        self.preview = showcase_preview.ACTIVE if command == "serve" else None
        self.pending: list[tuple[File, object, object]] = []
        self.staged: StagedSite | None = None  # `mkdocs build` writes here
        self.succeeded = False  # got through on_post_build (strict mode may still fail it)
        self.site_url = ""
        self.site_description = ""
        self.data_meta: Meta | None = None
        self.search_later = False
        self.files: Files | None = None  # the preview's, for its end
        self.config = None
        self.nav = None
        self.env = None
        self.structure = ""  # the preview's: what every page depends on
        self.content_files: tuple = ()  # the preview's: every file of the content folder
        self.static_uris: set[str] = set()  # generated files (``Build.static_files``)
        self.doc_pages: dict = {}  # the preview's pages (``_pages``)
        self.parts: dict[tuple, Any] = {}  # the preview's: what ``sc_once`` made (``_once``)
        self.estimates = (0.0, 0.0)  # the preview's: seconds each process was expected to take (``_second_core``)
        self.image_files: list[File] | None = None  # the preview's images (``rebuild``)
        self.search_pages: list[tuple[str, str]] | None = None  # the preview's (``_finish_preview``)
        # A sharded build's run (``showcase.shards``): shard k of N, or the shared run;
        # None for the whole site. A shard's own community pages, and what skips the others.
        self.shard = _shard_of(command)
        # The shared run of a site whose search index is one bundle makes every page
        # and file, as a whole build does (``shards.whole_index``).
        self.shared_all = (
            self.shard is not None
            and self.shard.shared
            and shards.whole_index(len(community_folders(Path(config.docs_dir))), options.search, options.search_split_at)
        )
        self.own_pages: set[str] = set()
        self.spill_dir: tempfile.TemporaryDirectory | None = None  # the shared run's
        self.skip: SkipPages | None = None
        try:
            self.license = license_from_option(options.data_license)
        except ValueError as exc:
            raise Abort(f"mkdocs.yml: extra.showcase.data_license: {exc}") from None

    # -- on_config ----------------------------------------------------------------------

    @classmethod
    def start(cls, config, command: str | None) -> BuildRun:
        """Decide the build date, then load and validate all content (every error at
        once); stage the site folder."""
        run = cls(config, command, read_options(config))
        if run.preview is not None:
            run.preview.run = None  # until this build has succeeded
            run.preview.begin()
            run.search_later = run.options.search
            run.options.search = False  # the preview indexes in the background
        today = build_date(os.environ)
        history = run.preview.history(Path(config.docs_dir)) if run.preview is not None else load_history(Path(config.docs_dir))
        run.build = run._load(config, today, history)
        run.config = config
        run.site_url = config.site_url or ""
        run.site_description = config.site_description or ""
        run.build.site_name, run.build.site_description = config.site_name or "", config.site_description or ""
        if not run.site_url:
            log.info("mkdocs.yml 未设置 site_url：分享信息（og:url、og:image）只能写相对地址，打印的公示栏页没有二维码。")
        run.data_meta = Meta(today, source_commit(Path(config.docs_dir)), run.license, run.site_url)
        config.extra["showcase_date"] = today.isoformat()
        if run.shard is not None and not run.shard.shared:
            # The sitemap, 404.html and the like are the shared run's.
            config.theme.static_templates.clear()
            config.extra_templates = []
        run._stage(config)
        if history.reason:
            log.info("页面不显示“最后更新”日期：%s。", history.reason)
        reminder = pending_result_warning(run.build.notice_index)
        if reminder:
            # INFO, not WARNING: a reminder for editors must not fail `--strict` builds.
            log.info("提醒：%s", reminder)
        return run

    def _load(self, config, today, history, slugs: set[str] | None = None) -> Build | None:
        """Load and check the content. ``slugs`` (the preview's, after an edit): only
        these community folders may have changed since the latest good build, which
        gives the others (``Build.reload``); None when that build cannot be reused."""
        gc.unfreeze()  # `mkdocs serve`: the previous build's site may now be collected
        summary, only = self._shard_plan(today)
        try:
            # Loading makes ~250 objects per community and frees none of them: the
            # cyclic garbage collector would only walk them again and again (~10 %).
            gc.disable()
            try:
                memo = self.preview.scores if self.preview is not None else None
                if slugs is not None:
                    build = self.build.reload(Path(config.docs_dir), slugs, history, self.workers, self._record_cache())
                    if build is None:
                        return None
                elif self.shard is not None and self.shard.shared and not self.shared_all:
                    build = self._load_shared(config, today, history)
                else:
                    build = Build.load(Path(config.docs_dir), today, config.site_url or "", history, self.workers, self._record_cache(), memo, only)
            finally:
                gc.enable()
        except ContentInvalid as exc:
            # An Abort prints its message without a traceback and fails the build,
            # with or without --strict.
            raise Abort(str(exc)) from None
        if summary is not None:
            self._check_summary(summary, build.site, today)
            build.ranks = summary.ranks
        gc.freeze()  # the site lives for the whole build: never rescan it
        return build

    def _load_shared(self, config, today, history) -> Build:
        """The shared run's build: light communities, each share of them on disk for
        the open data's tables, so that its memory does not grow with every community's
        narrative and ledgers. With ``SHOWCASE_SUMMARY``, all of it comes from the
        summary step (``shards.read_shared``); without, this run loads the communities
        a share at a time (``shards.load_shared``)."""
        self.spill_dir = tempfile.TemporaryDirectory(prefix="showcase-shared-")
        work = Path(self.spill_dir.name)
        docs_dir = Path(config.docs_dir)
        path = os.environ.get("SHOWCASE_SUMMARY", "").strip()
        if path:  # the summary step loaded the communities: none is loaded again
            try:
                summary = shards.read_summary(Path(path))
                communities, scores, spill = shards.read_shared(Path(path), work)
            except shards.ShardError as exc:
                raise Abort(str(exc)) from None
            site = load_site(docs_dir, self.workers, today, self._record_cache(), only=set())
            self._check_summary(summary, site, today)
            site.communities.update(communities)
        else:
            spill = shards.Spill(work)
            site, scores = shards.load_shared(docs_dir, today, spill, self.workers, self._record_cache())
        build = Build.from_parts(site, scores, today, config.site_url or "", history)
        build.spill = spill
        return build

    def _check_summary(self, summary: shards.Summary, site, today) -> None:
        """Stop when the content is no longer what the summary was made from."""
        found = {folder.slug for folder in site.files.communities} | set(site.files.unread)
        problems = shards.check_matches(summary, found, today)
        if problems:
            raise Abort(f"分片 {self.shard}：内容与分片摘要不一致，请重新运行 scripts/shard.py summary：\n" + "\n".join(problems))

    def _shard_plan(self, today) -> tuple[shards.Summary | None, set[str] | None]:
        """A shard's summary (``SHOWCASE_SUMMARY``) and the communities it builds."""
        if self.shard is None or self.shard.shared:
            return None, None
        path = os.environ.get("SHOWCASE_SUMMARY", "").strip()
        if not path:
            raise Abort(f"分片 {self.shard}：请用 SHOWCASE_SUMMARY 指定分片摘要文件（scripts/shard.py summary 生成）")
        try:
            summary = shards.read_summary(Path(path))
        except shards.ShardError as exc:
            raise Abort(str(exc)) from None
        # The search bundles come from the summary: a shard holds only its own districts.
        self.bundles = shards.site_bundles(summary.directory, self.options.search, self.options.search_split_at, self.options.search_bundle_pages)
        if shards.whole_index(summary.communities, self.options.search, self.options.search_split_at):
            own = []  # the shared run makes the whole site (its one search bundle needs every page)
        else:
            own = shards.own_slugs(summary, self.shard, self.bundles)
        self.own_pages = {urls.community_uri(slug) for slug in own}
        log.info("分片 %s：本片生成 %d 个社区（共 %d 个）", self.shard, len(own), summary.communities)
        return summary, set(own)

    def makes(self, uri: str) -> bool:
        """Whether this run makes the page or file ``uri`` (a sharded build's runs each
        make their part; a whole build makes everything)."""
        if self.shard is None:
            return True
        if self.shared_all:
            return True
        page = self.build.owner_page(uri)
        if self.shard.shared:
            return page is None
        return page in self.own_pages

    def _record_cache(self) -> RecordCache | None:
        """Communities loaded by an earlier build from the same files (``.cache/records``);
        ``SHOWCASE_CACHE=off`` reads every file again."""
        if self.preview is not None:
            return self.preview.records
        if os.environ.get("SHOWCASE_CACHE", "").strip() == "off":
            return None
        return RecordCache(CACHE_DIR / "records")

    def _stage(self, config) -> None:
        """``mkdocs build`` writes into a staging folder beside the site; the site is
        replaced only once the build has succeeded (``close``)."""
        self.staged = StagedSite.start(Path(config.site_dir)) if self.command in ("build", "gh-deploy") else None
        if self.staged is not None:
            config.site_dir = str(self.staged.staging)

    @property
    def page_helpers(self) -> int:
        """Helper processes that make pages and write generated files beside MkDocs:
        none in a sharded build's shared run, which makes no community page (a helper
        would be forked from a process holding the whole site's file list, for a few
        hundred pages). Loading uses ``workers`` all the same."""
        return 0 if self.shard is not None and self.shard.shared and not self.shared_all else self.workers

    def _helper_count(self, config) -> int:
        """Helper processes: none for ``serve``, ``--dirty``, where MkDocs' internals
        are not the ones known, or small sites; the option decides otherwise."""
        if self.command not in ("build", "gh-deploy") or not can_fork():
            return 0
        problem = internals_problem()
        if problem:
            log.info("页面在一个进程中生成（%s）", problem)
            return 0
        if self.options.workers is not None:
            return self.options.workers
        folder = Path(config.docs_dir) / "communities"
        communities = sum(1 for entry in os.scandir(folder) if entry.is_dir()) if folder.is_dir() else 0
        if communities < self.options.parallel_min_communities:
            return 0
        return max(0, min(available_cpus() - 1, MAX_WORKERS))

    # -- on_files -----------------------------------------------------------------------

    def add_files(self, files: Files, config) -> Files:
        """Publish only what the contract names; add the generated pages, badges and
        feed; publish re-encoded photos, not originals; start the search indexer."""
        # With helper processes, one of them writes the generated files (thousands of
        # badges) while MkDocs works on; MkDocs still knows them, so links resolve.
        self.deferred = [] if self.page_helpers else None
        self._drop_unpublished(files, config)
        if self.shard is None or self.shard.shared:
            self.bundles = self._bundles()
        for uri in self.build.generated_uris():
            if files.get_file_from_path(uri) is None:
                files.append(File.generated(config, uri, content=""))
        url_of = lambda uri: files.src_uris[uri].url  # noqa: E731  (URIs from showcase.urls are POSIX already)
        made = self.build.static_files(CACHE_DIR, url_of, self.data_meta)
        self.static_uris = set(made)
        for uri, data in made.items():
            files.append(self._generated(config, uri, data))
        if GUIDE.is_file() and files.get_file_from_path(GUIDE_URI) is None:
            files.append(File.generated(config, GUIDE_URI, content=GUIDE.read_text(encoding="utf-8")))
        for schema in sorted(SCHEMAS.glob("*.json")):
            files.append(self._generated(config, f"schemas/{schema.name}", schema.read_bytes()))
        self._publish_images(files, config)
        self._write_rules(files, config, NOTICE_SCRIPT, with_browser_rules)
        self._write_rules(files, config, SEARCH_SCRIPT, with_lookup_rules)
        self._write_rules(files, config, COMPARE_SCRIPT, with_compare_rules)
        self._plan_search(files, config)
        if self.shard is not None:
            for file in files:
                if not file.is_documentation_page() and not self.makes(file.src_uri):
                    file.copy_file = _not_here  # another run of the sharded build writes it
        return files

    def _write_rules(self, files: Files, config, uri: str, write: Callable[[str], str]) -> None:
        """A theme script gets its rules from the domain's table."""
        script = files.get_file_from_path(uri)
        if script is None or script.generated_by is not None:
            return
        source = Path(script.abs_src_path).read_text(encoding="utf-8")
        files.remove(script)
        files.append(File.generated(config, uri, content=write(source)))

    def _generated(self, config, uri: str, data, source: object = None) -> File:
        """A generated file: ``data`` is bytes, text, or a function that makes them
        (called by the helper that writes the file, when there is one; in the preview,
        only if it changed: ``source``, the signature of the file it is made from)."""
        if self.preview is not None:
            file = File.generated(config, uri, content=b"")
            self.pending.append((file, data, source))
            return file
        if not self.makes(uri):  # another run of the sharded build makes it
            return DeferredFile.generated(config, uri, content=b"")
        if isinstance(data, Path):  # made already, on disk (the shared run's tables)
            return File.generated(config, uri, abs_src_path=str(data))
        if self.deferred is None:
            return File.generated(config, uri, content=data() if callable(data) else data)
        file = DeferredFile.generated(config, uri, content=b"")  # written by the helper
        self.deferred.append((file.abs_dest_path, data.encode("utf-8") if isinstance(data, str) else data))
        return file

    def _drop_unpublished(self, files: Files, config) -> None:
        """Pages, PDFs, and images after the image pipeline are published; data files
        become pages, badges and CSV; debris is skipped. (Files from the theme are not
        content and are left alone.)"""
        # A shard keeps every community's page, unread and never made here: a page may
        # link to another community's.
        others = {urls.community_uri(slug) for slug in self.build.site.files.unread} if self.shard is not None else set()
        for file in list(files):
            if file.src_dir == config.docs_dir and self.build.published_kind(file.src_uri) is None and file.src_uri not in others:
                files.remove(file)
        skipped = self.build.skipped_files()
        if skipped:
            shown = "、".join(skipped[:20]) + ("…" if len(skipped) > 20 else "")
            log.info("跳过 %d 个编辑器临时文件或隐藏文件（不发布）：%s", len(skipped), shown)

    def _publish_images(self, files: Files, config) -> None:
        for file in list(files):
            if file.src_dir == config.docs_dir and self.build.is_image(file.src_uri):
                files.remove(file)
                if not self.makes(file.src_uri):
                    files.append(self._generated(config, file.src_uri, b""))
                    continue
                files.append(self._generated(config, file.src_uri, *self._web_image(file.src_uri, Path(file.abs_src_path))))

    def _web_image(self, src_uri: str, path: Path) -> tuple:
        """A photo's published bytes and, in the preview, the signature of its file
        (the preview re-encodes it only when that changed, so the bytes are made then)."""
        if self.preview is None:
            return _web_image(src_uri, path), None
        stat = path.stat()
        return functools.partial(_web_image, src_uri, path), (str(path), stat.st_size, stat.st_mtime_ns, stat.st_ino)

    def _plan_search(self, files: Files, config) -> None:
        """Decide the search bundles (by district, for a large site) and write the
        search box's table of names, which lists them."""
        if self.shard is not None and not self.shard.shared:
            return  # the search box's table is the shared run's
        make = self._lookup_files(files)
        if self.preview is not None:  # it follows the search index, in the background
            self.preview.later(make)
            return
        for uri, data in make().items():
            files.append(self._generated(config, uri, data))

    def _bundles(self) -> dict[str, str]:
        """Community page → its search bundle, for a site whose index is split by district."""
        o = self.options
        return shards.site_bundles(self.build.districts(), o.search, o.search_split_at, o.search_bundle_pages)

    def _lookup_files(self, files: Files) -> Callable[[], dict[str, bytes]]:
        """What makes the search box's table of names for this build's site."""
        site = self.build.site
        bundles = [f"{urls.PAGEFIND_FOLDER}/{folder}" for folder in dict.fromkeys(self.bundles.values())]  # directory order
        urls_of = {f.src_uri: f.url for f in files}
        return lambda: lookup_table(site, urls_of.__getitem__, bundles).files

    # -- on_nav -------------------------------------------------------------------------

    def start_helpers(self, nav, config, files: Files) -> None:
        """Fix the order pages reach the search index; fork the helper processes that
        write the generated files and turn a share of the community pages into HTML
        (see ``mkdocs_parallel.ParallelPages``)."""
        if self.preview is not None:
            self.structure = self._structure(config, files)
            self.content_files = self._content_files()
            self.files, self.nav = files, nav
            self.preview.plan(self.build, self._pages(InclusionLevel.is_included), self.pending, self.structure)
            self.pending = []
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
        # A page listed in the nav is built here: every page shows its title in the nav.
        in_nav = {page.file.src_uri for page in nav.pages}
        if self.shard is not None:
            doc_files = [f for f in doc_files if self.makes(f.src_uri)]
            self.skip = SkipPages(self.makes, in_nav)
        candidates = [f for f in doc_files if self.build.is_community_page(f.src_uri)]
        self._start_search(candidates, [f for f in doc_files if not self.build.is_community_page(f.src_uri)], config)
        if not self.page_helpers:
            return
        put_page = self.search.put if self.search is not None else None
        # Grouped by search bundle (a large site's districts), page order within each.
        order = {folder: n for n, folder in enumerate(dict.fromkeys(self.bundles.values()))}
        grouped = sorted((f for f in candidates if f.src_uri not in in_nav), key=lambda f: order.get(self.bundles.get(f.src_uri, ""), -1))
        group_of = (lambda uri: self.bundles.get(uri, "")) if self.bundles else None
        self.pages = ParallelPages(self.page_helpers, grouped, files, put_page, group_of)
        # Forked only now: the helpers must see ``pages`` set, as this process does.
        self.pages.start(config, nav, files, self.deferred)
        self.deferred.clear()  # the helper that writes them has its own copy
        log.info("%d 个辅助进程与主进程一起生成社区页面（SHOWCASE_WORKERS=0 可关闭）", self.page_helpers)

    def _content_files(self) -> tuple:
        """Every file the content folder holds, as the inventory sorted them. (Not the
        debris an editor's program leaves and removes as it saves, never published:
        a swap file coming or going needs no whole build.)"""
        found = self.build.site.files
        return (tuple(sorted(found.kinds.items())), tuple(sorted(map(str, found.rejected))))

    def rebuild(self, changed: set[str]) -> bool:
        """The preview's quick way, after an edit of content files only (``changed``:
        their paths; the folder holds the same files, the templates and mkdocs.yml are
        unchanged): load again what changed (the community folders named, everything
        outside community folders; the others as this build has them) and render and
        write only what changed, with MkDocs' own page functions, keeping this build's
        files, nav and templates. False when the content folder's files changed: then
        a whole build is needed. A content error raises ``Abort`` and changes nothing."""
        from mkdocs.commands import build as mkdocs_build

        config, files = self.config, self.files
        laps = Laps()
        self.preview.begin()
        today = build_date(os.environ)
        history = self.preview.history(Path(config.docs_dir))
        slugs = edited_communities(Path(config.docs_dir), changed) if today == self.build.today else None
        build = self._load(config, today, history, slugs) if slugs is not None else None
        if build is None:
            build = self._load(config, today, history)
        build.site_name, build.site_description = self.build.site_name, self.build.site_description
        previous, self.build = self.build, build
        laps("载入")
        if self._content_files() != self.content_files or build.generated_uris() != previous.generated_uris():
            self.build = previous  # files or pages come or go: a whole build
            return False
        self.data_meta = Meta(today, source_commit(Path(config.docs_dir)), self.license, self.site_url)
        pending = []
        url_of = lambda uri: files.src_uris[uri].url  # noqa: E731  (URIs from showcase.urls are POSIX already)
        made = build.static_files(CACHE_DIR, url_of, self.data_meta)
        if set(made) != self.static_uris:
            self.build = previous
            return False
        laps("生成文件")
        for uri, data in made.items():
            pending.append((files.src_uris[uri], data, None))
        if self.image_files is None:  # (the same files at each quick rebuild of this build)
            self.image_files = [file for file in files if build.is_image(file.src_uri)]
        for file in self.image_files:
            pending.append((file, *self._web_image(file.src_uri, Path(config.docs_dir) / file.src_uri)))
        self.preview.later(self._lookup_files(files))
        pages, docs = self._pages(InclusionLevel.is_included), self._pages(InclusionLevel.is_in_serve)
        # A large site's heaviest pages (the directory, the rankings) are planned and
        # rendered on the second core meanwhile.
        heavy = self._second_core(build, pages)
        aside = set(heavy)

        def here() -> None:
            self.preview.rendered = 0
            prints = self.preview.plan_pages(build, [f for f in pages if f not in aside], self.structure)
            self.preview.plan_files(build, pending, self.structure, prints)
            laps("比对")
            docs_here = [f for f in docs if f not in aside]
            for file in docs_here:
                mkdocs_build._populate_page(file.page, config, files, dirty=True)
            todo = [file for file in docs_here if file.is_modified()]
            if heavy:
                _render_pages(todo, config, docs, self.nav, self.env, self.preview.spent)
            else:
                self._render(todo, docs)
            return time.perf_counter()

        if heavy:
            started = time.perf_counter()
            mine, (planned, seconds) = _on_two_cores(here, functools.partial(self._plan_and_render, build, heavy, docs))
            self.preview.take(heavy, *planned)
            log.debug(
                "预览：两个进程用时：本进程 %.2f 秒（估计 %.2f），第二个进程 %.2f 秒（估计 %.2f）",
                mine - started, self.estimates[0], seconds, self.estimates[1],
            )
        else:
            here()
        laps("页面")
        for file in files:
            if not showcase_preview.unchanged(file) and not file.is_documentation_page():
                file.copy_file(dirty=True)
        self.succeeded = True
        self._finish_preview(config, files, tidy=False)
        laps("写入")
        log.debug("预览各步用时：%s", laps)
        return True

    def _render(self, todo: list[File], docs: list[File]) -> None:
        """Render and write the quick rebuild's changed pages (MkDocs' own function),
        on two cores when there are two: a forked process takes the pages the other
        does not, split by what each wrote last time. A page's error is raised here
        either way (``Abort``)."""
        if len(todo) < 2 or available_cpus() < 2 or not can_fork():
            _render_pages(todo, self.config, docs, self.nav, self.env, self.preview.spent)
            return
        mine, other = _two_shares(todo, lambda file: _written_size(file) + 1)
        _on_two_cores(
            functools.partial(_render_pages, mine, self.config, docs, self.nav, self.env, self.preview.spent),
            functools.partial(_render_pages, other, self.config, docs, self.nav, self.env),
        )

    def _second_core(self, build: Build, pages: list[File]) -> list[File]:
        """The pages a quick rebuild of a large site plans and renders in a second
        process (``_plan_and_render``): the heaviest pages that list many
        communities, as many as weigh about half of them (by what each wrote last
        time). Community pages, and pages whose fingerprint a generated file takes
        (share images), stay here. None for a small site, or one core."""
        if available_cpus() < 2 or not can_fork():
            return []
        owners = set(build.file_pages.values())
        candidates = [f for f in pages if not build.is_community_page(f.src_uri) and f.src_uri not in owners]
        sizes = {f.src_uri: _written_size(f) for f in candidates}
        if sum(sizes.values()) < SECOND_CORE_BYTES:
            return []
        # What each costs, as measured the last time (it is rows, more than bytes,
        # that take time). This process also fingerprints every community page and
        # plans the generated files meanwhile.
        costs = {uri: self.preview.cost(uri, size) for uri, size in sizes.items()}
        here = self.preview.files_cost + sum(self.preview.costs.get(f.src_uri, 0.0) for f in pages if build.is_community_page(f.src_uri))
        _, chosen = _two_shares(candidates, lambda f: costs[f.src_uri], here)
        there = sum(costs[f.src_uri] for f in chosen)
        self.estimates = (here + sum(costs.values()) - there, there)
        log.debug("预览：第二个进程处理 %s", "、".join(f.src_uri for f in chosen))
        return chosen

    def _plan_and_render(self, build: Build, files: list[File], docs: list[File]) -> tuple:
        """In the second process: plan ``files`` as ``Preview.plan_pages`` does, and
        render those that changed; what was planned goes back (``Preview.take``), with
        the seconds it took."""
        from mkdocs.commands import build as mkdocs_build

        started = time.perf_counter()
        self.preview.plan_pages(build, files, self.structure)
        todo = [file for file in files if file.is_modified()]
        for file in todo:
            mkdocs_build._populate_page(file.page, self.config, self.files, dirty=True)
        _render_pages(todo, self.config, docs, self.nav, self.env, self.preview.spent)
        return self.preview.planned(files), time.perf_counter() - started

    def _pages(self, inclusion) -> list[File]:
        """The preview's ``files.documentation_pages(inclusion=…)``: the same files
        for every quick rebuild of this build."""
        found = self.doc_pages.get(inclusion)
        if found is None:
            found = self.doc_pages[inclusion] = self.files.documentation_pages(inclusion=inclusion)
        return found

    def _structure(self, config, files: Files) -> str:
        """What every page of the preview depends on: ``mkdocs.yml``, the templates
        and the theme's files, and which files the site has (a page's links depend on
        them)."""
        theme = []
        for folder in config.theme.dirs[:1]:  # ours (custom_dir); Material's do not change
            for root, _, names in os.walk(folder):
                for name in sorted(names):
                    stat = os.stat(os.path.join(root, name))
                    theme.append((os.path.join(root, name), stat.st_size, stat.st_mtime_ns))
        config_file = Path(config.config_file_path).read_bytes() if config.config_file_path else b""
        guide = GUIDE.read_bytes() if GUIDE.is_file() else b""
        return showcase_preview.digest(config_file, sorted(theme), guide, sorted(f.src_uri for f in files), self.site_url)

    def _start_search(self, communities: list[File], others: list[File], config) -> None:
        """Start Pagefind: each page is indexed as soon as it is rendered, on the other
        core; community pages first (helpers build them early), each bundle's pages in
        page order."""
        if not self.options.search or not (communities or others):
            return
        order = [(f.src_uri, self.bundles.get(f.src_uri, "")) for f in communities]
        order += [(f.src_uri, "") for f in others]
        try:
            main = self.shard is None or self.shard.shared  # the main bundle is the shared run's
            # A shard's district bundles take turns: one Pagefind process at a time.
            self.search = SearchIndex(Path(config.site_dir) / urls.PAGEFIND_FOLDER, order, main, turns=self.shard is not None)
        except SearchIndexError as exc:
            raise Abort(str(exc)) from None

    # -- pages --------------------------------------------------------------------------

    def page_markdown(self, page) -> None:
        """Give typed pages their template and title, from the validated model."""
        spec = self.build.page(page.file.src_uri)
        if spec is None:
            return
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

    def page_context(self, context, page):
        """Escape every front-matter value Material prints raw; hand the view to the
        template."""
        spec = self.build.page(page.file.src_uri)
        page.meta = {key: _escaped(value) for key, value in page.meta.items()}
        page.meta["title"] = _escaped(page.meta.get("title") or page.title or "")
        context["showcase"] = spec.current_view() if spec else None
        if page.is_homepage:
            context["home_heading"], context["home_body"] = split_heading(page.content or "")
        context["showcase_page"] = spec
        context["sc_once"] = self._once(page, context.get("base_url", ""))
        context["sc_report"] = self._report_link(page, spec)
        context["sc_share"] = self._share(page, spec, context.get("base_url", ""))
        address = self._absolute(page)
        context["sc_qr"] = Markup(qr_svg(address)) if address and spec is not None and spec.template in SHEET_TEMPLATES else None
        return context

    def _once(self, page, base_url: str) -> Callable[..., Any]:
        """The page's ``sc_once(macro, *args)``: ``macro(*args)``; under the preview,
        made once for the same macro and arguments (plain, hashable data) on this
        page, for the quick rebuilds of this build (``parts``): a directory of 10,000
        cards is made again after an edit from the few cards it changed. Such a macro
        reads nothing but its arguments, ``sc_urls`` and the ``link`` filter, and its
        name is its own among the page's templates. (A plain function, not a context
        one: Jinja would copy the context for each call of one in a loop.)"""
        if self.preview is None:
            return _call
        parts, where = self.parts, (page.url, base_url)

        def once(macro, *args):
            key = (where, macro.name, args)
            found = parts.get(key)
            if found is None:
                found = parts[key] = macro(*args)
            return found

        return once

    def _share(self, page, spec, base_url: str) -> Share:
        """The page's share metadata (og:…): absolute addresses when the site has one."""
        image, card = self.build.share_card(page.file.src_uri)
        root = self.site_url.rstrip("/") + "/" if self.site_url else base_url.rstrip("/") + "/"
        title = self.build.site_name if page.is_homepage else (page.meta.get("title") or page.title or "")
        description = page.meta.get("description") or self.site_description
        kind = "article" if spec is not None and spec.template in SHARE_ARTICLES else "website"
        return Share(title or self.build.site_name, description, root + page.url, root + image, card.alt, kind)

    def _absolute(self, page) -> str | None:
        """The page's full address, when the site has one (``site_url``)."""
        return self.site_url.rstrip("/") + "/" + page.url if self.site_url else None

    def _report_link(self, page, spec) -> str | None:
        """The "纠错" link of a community or notice page, when the site has one."""
        if not self.options.report or spec is None or spec.template not in REPORTED_TEMPLATES:
            return None
        address = (self.site_url.rstrip("/") + "/" if self.site_url else "/") + page.url
        return report_href(self.options.report, spec.title, address)

    def index_page(self, page, output: str) -> None:
        """Hand the finished page to the search indexer (from a helper, through it)."""
        key = page.file.src_uri
        if self.search is None or not self.search.has(key):
            return  # e.g. a draft under ``serve``
        item = (key, "/" + page.url, searchable_part(output))
        if self.pages is not None and self.pages.in_helper:
            self.pages.send(("page", *item))
        else:
            self.search.put(*item)
        self._rendered += 1
        if self._rendered % TRIM_EVERY == 0:
            trim_memory()

    # -- the end ------------------------------------------------------------------------

    def finish(self, config) -> None:
        """Wait for the helper processes; write the search index once every page has
        been indexed."""
        if self.pages is not None:
            pages, self.pages = self.pages, None
            try:
                pages.finish()
            except WorkerFailed as exc:
                raise Abort(f"页面生成失败（辅助进程）：{exc}") from None
        if self.search is not None:
            search, self.search = self.search, None
            try:
                if search.missing:
                    raise SearchIndexError(f"{search.missing} 个页面没有送入索引")
                search.write()
            except SearchIndexError as exc:
                raise Abort(f"搜索索引未能生成：{exc}") from None
        self.succeeded = True
        if self.preview is not None:
            self._finish_preview(config, self.files)

    def _finish_preview(self, config, files: Files, tidy: bool = True) -> None:
        """The preview's build is done: let it remember what it wrote and start the
        open data and the search index in the background."""
        if self.preview is None:
            return
        pages = None
        if self.search_later:  # (the same pages at each quick rebuild of this build)
            if self.search_pages is None:
                docs = self._pages(InclusionLevel.is_included)
                communities = [f for f in docs if self.build.is_community_page(f.src_uri)]
                others = [f for f in docs if not self.build.is_community_page(f.src_uri)]
                self.search_pages = [(f.src_uri, f.url) for f in communities + others]
            pages = self.search_pages
        self.preview.run = self
        templates = [*config.theme.static_templates, *config.extra_templates]
        self.preview.finish(files, Path(config.site_dir), pages, self.build.site.communities.values(), templates, tidy)

    def close(self, success: bool) -> None:
        """End the build: stop what still runs; put the staged site in place if the
        build succeeded, otherwise drop it and leave the previous site as it was."""
        if self.preview is not None and not (success and self.succeeded):
            self.preview.failed(None)
        if self.pages is not None:
            pages, self.pages = self.pages, None
            pages.stop()
        if self.skip is not None:
            skip, self.skip = self.skip, None
            skip.stop()
        if self.search is not None:
            search, self.search = self.search, None
            search.close()
        if self.spill_dir is not None:
            spill, self.spill_dir = self.spill_dir, None
            spill.cleanup()
        staged, self.staged = self.staged, None
        if staged is None:
            return
        if success and self.succeeded:
            try:
                staged.publish()
            except OSError as exc:
                raise Abort(f"新生成的站点未能放到 {staged.site}：{exc}（新站点在 {staged.staging}）") from None
        else:
            staged.discard()


class Laps:
    """Seconds each step of a quick rebuild took (the preview's ``-v`` prints them)."""

    def __init__(self):
        self.last = time.perf_counter()
        self.steps: list[tuple[str, float]] = []

    def __call__(self, name: str) -> None:
        now = time.perf_counter()
        self.steps.append((name, now - self.last))
        self.last = now

    def __str__(self) -> str:
        return "，".join(f"{name} {seconds:.2f} 秒" for name, seconds in self.steps)


def _render_pages(files: list[File], config, docs: list[File], nav, env, spent: Callable[[str, float], None] | None = None) -> None:
    """MkDocs' own page function for each of ``files``; ``spent``: told how long each took."""
    from mkdocs.commands import build as mkdocs_build

    for file in files:
        started = time.perf_counter()
        mkdocs_build._build_page(file.page, config, docs, nav, env, dirty=True)
        if spent is not None:
            spent(file.src_uri, time.perf_counter() - started)


def _two_shares(items: list, weight: Callable[[Any], float], here: float = 0.0) -> tuple[list, list]:
    """``items`` in two shares of about equal weight, heaviest first, each to the
    lighter share (this process's starts at ``here``; a tie goes to the other)."""
    shares: tuple[list, list] = ([], [])
    loads = [here, 0.0]
    for item in sorted(items, key=weight, reverse=True):
        lighter = 1 if loads[1] <= loads[0] else 0
        shares[lighter].append(item)
        loads[lighter] += weight(item)
    return shares


def _on_two_cores(here: Callable[[], Any], there: Callable[[], Any]) -> tuple[Any, Any]:
    """``(here(), there())``, ``there`` in a forked process meanwhile
    (``parallel.map_shares``); a page's error in either stops it as ``Abort``."""

    def run(work: Callable[[], Any]) -> tuple[bool, Any]:
        try:
            return True, work()
        except Abort as exc:  # (MkDocs has logged which page)
            return False, str(exc)

    try:
        outcomes = map_shares(run, [here, there])
    except WorkerFailed as exc:
        raise Abort(f"页面生成失败（辅助进程）：{exc}") from None
    for done, value in outcomes:
        if not done:
            raise Abort(value)
    return outcomes[0][1], outcomes[1][1]


def _written_size(file: File) -> int:
    """How large the page was when last written (0 for a new one): what rendering
    it costs, near enough."""
    try:
        return os.stat(file.abs_dest_path).st_size
    except OSError:
        return 0


def _shard_of(command: str | None) -> shards.Shard | None:
    """The sharded build's run this is (``SHOWCASE_SHARD``), or None."""
    try:
        shard = shards.parse_shard(os.environ.get("SHOWCASE_SHARD", ""))
    except shards.ShardError as exc:
        raise Abort(str(exc)) from None
    if shard is None:
        return None
    if command not in ("build", "gh-deploy"):
        raise Abort("SHOWCASE_SHARD 只用于 mkdocs build（分片构建见 scripts/shard.py）")
    problem = internals_problem()
    if problem:
        raise Abort(f"无法分片构建：{problem}")
    return shard


def _not_here(dirty: bool = False) -> None:
    """``File.copy_file`` of a file another run of a sharded build writes."""


def _web_image(src_uri: str, path: Path) -> bytes:
    try:
        return cached_web_image(path, CACHE_DIR / "images")
    except ImageProblem as problem:  # checked while loading; a file changed since
        raise Abort(f"{src_uri}: 文件: {problem}") from None


def configure_env(env, files: Files):
    """Autoescape every template of ours (``showcase/…``); Material's keep their
    setting. Links come from one place: templates take a page's source URI from
    ``showcase.urls`` and the ``link`` filter writes MkDocs' own URL of that page,
    relative to the page being rendered. Compiled templates are kept between builds
    (Jinja checks each source)."""
    env.autoescape = lambda name: bool(name) and name.startswith("showcase/")
    env.globals["sc_urls"] = urls

    made: dict[tuple, str] = {}  # the same links, page after page and build after build (the preview)

    @pass_context
    def link(context, uri: str) -> str:
        page, base = context["page"], context["base_url"]
        key = (uri, page.url if page is not None else None, base)
        found = made.get(key)
        if found is None:
            file = files.src_uris.get(uri)  # URIs from showcase.urls: POSIX, as MkDocs keys them
            if file is None:
                raise Abort(f"模板链接到不存在的页面：{uri}")
            found = made[key] = normalize_url(file.url, page=page, base=base)
        return found

    env.filters["link"] = link
    (CACHE_DIR / "jinja").mkdir(parents=True, exist_ok=True)
    env.bytecode_cache = FileSystemBytecodeCache(str(CACHE_DIR / "jinja"))
    return env


def _call(macro, *args):
    return macro(*args)


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
