"""MkDocs side of the parallel build: helper processes that build community pages.

Kept apart from ``showcase_hooks.py`` (which imports it: MkDocs puts this folder on
``sys.path`` while it imports a hook file). The process machinery itself is plain
Python in ``showcase/parallel.py``; this module knows MkDocs' build loop.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable

import mkdocs
import mkdocs.commands.build as mkdocs_build
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.pages import Page

from showcase.parallel import ForkedWorker, WorkerFailed, write_files

# The MkDocs releases whose build loop ParallelPages was written for and checked
# against (ProperDocs, the maintained fork of MkDocs 1.x, answers to ``mkdocs`` too),
# and the parameters of the two functions it wraps, as they are there.
KNOWN_VERSIONS = ("1.6.1", "1.6.7")
WRAPPED = {
    "_populate_page": ("page", "config", "files", "dirty"),
    "_build_page": ("page", "config", "doc_files", "nav", "env", "dirty", "excluded"),
}


def internals_problem(module=mkdocs_build, version: str | None = None) -> str | None:
    """Why MkDocs' build loop is not the one ParallelPages knows (None when it is): a
    different release, or a wrapped function that is missing or takes other
    parameters. The build then makes its pages in one process."""
    version = version if version is not None else getattr(mkdocs, "__version__", "?")
    if version not in KNOWN_VERSIONS:
        return f"MkDocs {version} 不是已验证的版本 {'、'.join(KNOWN_VERSIONS)}"
    for name, parameters in WRAPPED.items():
        function = getattr(module, name, None)
        try:
            found = tuple(inspect.signature(function).parameters) if callable(function) else None
        except (TypeError, ValueError):
            found = None
        if found != parameters:
            return f"MkDocs 的 {name} 与已验证的不同"
    return None


class ParallelPages:
    """Community pages built by forked helper processes while MkDocs builds the rest.

    MkDocs converts every page's Markdown, then copies static files, then renders
    every page, one at a time. At ``on_nav`` each helper is forked with a share of the
    community pages (which no other page's HTML depends on) and runs MkDocs' own
    ``_populate_page`` and ``_build_page`` (pinned MkDocs 1.6.1) for them, writing
    their files; this process skips those pages in both loops. Helpers send back
    their log records (so ``--strict`` counts their warnings), each page's anchors
    (for MkDocs' anchor checks) and its searchable part, which reaches Pagefind in the
    fixed order of ``SearchIndex``. The helpers take the first community pages (whole
    search bundles, on a large site), so Pagefind starts early. This process converts
    its own community pages only when it renders them, and lets go of their Markdown
    and HTML after (MkDocs converts every page before it renders any, and keeps them
    all: at 10,000 communities that was the largest process of the build). The site
    is byte for byte the same whatever the number of helpers (tests compare them).
    Used by ``mkdocs build`` only, never by ``serve`` or ``--dirty``.
    """

    # The helpers' share of the community pages, measured (scripts/bench.py, 2 cores):
    # this process also builds the other pages; with search, Pagefind's two processes
    # want the cores too, and the helpers' pages reach it first.
    HELPER_SHARE = {False: 0.5, True: 0.4}

    def __init__(
        self,
        workers: int,
        candidates,
        files,
        put_page: Callable[[str, str, str | None], None] | None,
        group_of: Callable[[str], str] | None = None,
    ) -> None:
        """``candidates``: community pages, grouped by ``group_of`` (their search
        bundle) and in page order within a group; ``put_page(key, url, searchable)``
        takes a helper's page for the search index (``None``: no search).

        The helpers take whole groups where they can (the share is cut at the group
        boundary nearest to it): a bundle's pages reach the index in page order, and a
        bundle built by two processes would keep one's pages waiting for the other's."""
        self._populate, self._render = mkdocs_build._populate_page, mkdocs_build._build_page
        self._files = files
        self._put_page = put_page
        self.send = None  # set in a helper process
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
        cut = round(len(candidates) * self.HELPER_SHARE[put_page is not None])
        if group_of is not None:
            bounds = [0] + [i for i in range(1, len(candidates)) if group_of(candidates[i].src_uri) != group_of(candidates[i - 1].src_uri)]
            bounds.append(len(candidates))
            cut = min(bounds, key=lambda b: (abs(b - cut), b))
        helped = candidates[:cut]
        self._shares = [helped[k :: workers] for k in range(workers)]
        self._elsewhere = {f.src_uri for f in helped}
        # The other community pages are converted here only when they are rendered,
        # and let go of after: MkDocs would otherwise hold every page's HTML at once.
        self._late = {f.src_uri for f in candidates} - self._elsewhere
        # ... and in the candidates' order (by search bundle), not MkDocs' page order: a
        # bundle's pages then come one after another, its Pagefind process is done and
        # gone early, and only a bundle or two are being indexed at any time.
        self._late_order = [f for f in candidates if f.src_uri in self._late]
        self._late_next = 0
        self._populate_args: tuple = ()
        self._last = doc_files[-1].src_uri if doc_files else None
        self._workers: list[ForkedWorker] = []
        self._anchors: dict[str, tuple[list[str], dict[str, dict[str, str]]]] = {}
        self._finished = False

    @property
    def in_helper(self) -> bool:
        return self.send is not None

    def start(self, config, nav, files, deferred: list[tuple[str, bytes]]) -> None:
        mkdocs_build._populate_page, mkdocs_build._build_page = self._populate_page, self._build_page
        try:
            self._workers.append(ForkedWorker(lambda send: write_files(deferred), self._received, name="文件写入进程"))
            for number, share in enumerate(self._shares, start=1):
                self._workers.append(ForkedWorker(self._helper(share, config, nav, files), self._received, name=f"页面辅助进程 {number}"))
        except BaseException:
            self.stop()
            raise

    def _populate_page(self, page, *args, **kwargs):
        if page.file.src_uri in self._elsewhere and not self.in_helper:
            return None  # a helper converts it
        if page.file.src_uri in self._late and not self.in_helper:
            self._populate_args = (args, kwargs)
            return None  # converted when rendered (_build_page)
        return self._populate(page, *args, **kwargs)

    def _build_page(self, page, *args, **kwargs):
        uri = page.file.src_uri
        if uri in self._late and not self.in_helper:
            # MkDocs asks for its next community page; the next one in our order is
            # made (each exactly once: as many calls as pages).
            target = self._late_order[self._late_next]
            self._late_next += 1
            if target.page is None:
                Page(None, target, args[0])
            populate_args, populate_kwargs = self._populate_args
            self._populate(target.page, *populate_args, **populate_kwargs)
            self._render(target.page, *args, **kwargs)
            release(target.page)
        elif uri not in self._elsewhere or self.in_helper:
            self._render(page, *args, **kwargs)
        if page.file.src_uri == self._last and not self.in_helper:
            # MkDocs checks anchors right after its last page: every helper's must be in.
            try:
                self.finish()
            except WorkerFailed as exc:
                raise Abort(f"页面生成失败（辅助进程）：{exc}") from None

    def _helper(self, share, config, nav, files):
        def work(send) -> None:
            self.send = send
            self._workers = []  # the parent's helpers are not this process's children
            _forward_logs(send)
            env = config.plugins.on_env(config.theme.get_env(), config=config, files=files)
            for page in nav.pages:
                self._populate(page, config, files)  # nav titles, as the parent has them
            doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
            for file in share:
                if file.page is None:
                    Page(None, file, config)
                self._populate(file.page, config, files)
                self._render(file.page, config, doc_files, nav, env)
                release(file.page)
                links = {target.src_uri: dict(found) for target, found in (file.page.links_to_anchors or {}).items()}
                send(("anchors", file.src_uri, sorted(file.page.present_anchor_ids or ()), links))

        return work

    def _received(self, message) -> None:
        kind, *rest = message
        if kind == "log":
            name, level, text = rest
            logging.getLogger(name).log(level, "%s", text)
        elif kind == "anchors":
            uri, anchors, links = rest
            self._anchors[uri] = (anchors, links)  # applied by finish(): the Page may not exist yet
        elif kind == "page" and self._put_page is not None:
            self._put_page(*rest)

    def finish(self) -> None:
        """Wait for every helper and take in the anchors of their pages; fail if a
        helper failed or one of its pages was not built."""
        if self._finished:
            return
        self._finished = True
        try:
            for worker in self._workers:
                worker.join()
        finally:
            self.stop()
        for uri, (anchors, links) in self._anchors.items():
            page = self._files.get_file_from_path(uri).page
            page.present_anchor_ids = set(anchors)
            page.links_to_anchors = {self._files.get_file_from_path(target): found for target, found in links.items()}
        if len(self._anchors) != len(self._elsewhere):
            raise WorkerFailed(f"{len(self._elsewhere) - len(self._anchors)} 个页面没有生成")

    def stop(self) -> None:
        mkdocs_build._populate_page, mkdocs_build._build_page = self._populate, self._render
        for worker in self._workers:
            worker.kill()
        self._workers = []


def release(page: Page) -> None:
    """Let go of a rendered page's Markdown and HTML (what MkDocs still needs of it,
    its anchors and links, stays): no other page is made from them."""
    page.markdown = None
    page.content = None


class DeferredFile(File):
    """A generated file written by a helper process (``write_files``), not by MkDocs."""

    def copy_file(self, dirty: bool = False) -> None:
        pass


class _ForwardHandler(logging.Handler):
    def __init__(self, send) -> None:
        super().__init__(logging.INFO)
        self._send = send

    def emit(self, record: logging.LogRecord) -> None:
        self._send(("log", record.name, record.levelno, record.getMessage()))


def _forward_logs(send) -> None:
    """In a helper: log records go to the parent, which prints and counts them."""
    mkdocs_logger = logging.getLogger("mkdocs")
    mkdocs_logger.handlers = [_ForwardHandler(send)]
    mkdocs_logger.propagate = False
    logging.getLogger().handlers = []


class SkipPages:
    """Pages another run makes are neither converted nor rendered here (a shard of a
    sharded build, ``showcase.shards``): MkDocs still knows them, so links, the nav
    and the sitemap are the whole site's. Installed before ``ParallelPages``, which
    then wraps these functions in turn. Pages of the nav (``in_nav``) are converted
    all the same, as in a whole build: every page shows their titles in the nav."""

    def __init__(self, makes: Callable[[str], bool], in_nav: set[str]) -> None:
        self._makes = makes
        self._in_nav = in_nav
        self._populate, self._render = mkdocs_build._populate_page, mkdocs_build._build_page
        mkdocs_build._populate_page, mkdocs_build._build_page = self._populate_page, self._build_page

    def _populate_page(self, page, *args, **kwargs):
        if self._makes(page.file.src_uri) or page.file.src_uri in self._in_nav:
            return self._populate(page, *args, **kwargs)
        return None

    def _build_page(self, page, *args, **kwargs):
        if self._makes(page.file.src_uri):
            return self._render(page, *args, **kwargs)
        return None

    def stop(self) -> None:
        mkdocs_build._populate_page, mkdocs_build._build_page = self._populate, self._render
