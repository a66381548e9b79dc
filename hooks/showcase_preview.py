"""The editor's preview (``scripts/serve``): builds after the first one make again only
what an edit changed.

A ``Preview`` lives for one preview session, across its builds; ``scripts/preview.py``
creates it (``start``) and the hooks find it here (``ACTIVE``). Each build is still a
whole MkDocs build of the whole content, as ``mkdocs build`` runs it, with three
differences:

* **Records.** Community folders come from a record cache held in memory (and on disk,
  ``.cache/records``): an unchanged folder is neither read nor checked again. Every
  other rule, across files included, runs as always.
* **Pages and files.** Each page gets a fingerprint of what it is made from
  (``Build.page_inputs``, the site's files and templates, ``mkdocs.yml``); MkDocs'
  ``--dirty`` mode then renders only the pages whose fingerprint changed, and
  generated files are made only when theirs did. A file that no longer belongs to
  the site is deleted.
* **Later.** The open data (tables over the whole site) and the search index follow in
  a background thread once the pages are served, so they never hold up the preview.

A build that fails (a content error) changes nothing in the site: the last good one is
served, with the errors above each page (``banner``), until a build succeeds.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import os
import pickle
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from markupsafe import escape

from showcase import urls
from showcase.build import CommunityInputs
from showcase.history import History, load_history, source_commit
from showcase.model import Community, Evaluation, Framework
from showcase.notices import NoticeEntry
from showcase.opendata import DATA_FOLDER
from showcase.records import RecordCache
from showcase.scoring import RankRow, Score
from showcase.search import SearchIndex, SearchIndexError, searchable_part

BACKGROUND_NICENESS = 10
# About how fast pages that list many communities render (a guess, until measured).
RENDERED_BYTES_PER_SECOND = 8_000_000
PARTIAL = ".preview-tmp"  # a file the background writes, until it is complete
SEARCH_DELAY = 1.0  # seconds after a build: a burst of saves builds the index once
log = logging.getLogger("mkdocs.hooks.showcase")

ACTIVE: Preview | None = None
# Generated files the background thread makes: whole-site tables and their neighbours.
LATER_FOLDERS = (DATA_FOLDER + "/",)
# Never deleted as "no longer in the site": the search index the background writes
# (and the folders it writes it in first).
KEPT_FOLDERS = (urls.PAGEFIND_FOLDER + "/", "." + urls.PAGEFIND_FOLDER, urls.LOOKUP_FOLDER + "/")


def start(cache_dir: Path) -> Preview:
    global ACTIVE
    ACTIVE = Preview(cache_dir)
    return ACTIVE


class MemoryRecords(RecordCache):
    """The record cache, with the records of the latest build also kept in memory:
    taken from there they need no reading at all."""

    def __init__(self, folder: Path):
        super().__init__(folder)
        self.memory: dict[str, Any] = {}

    def get(self, key: str) -> Any | None:
        hit = self.memory.get(key)
        if hit is not None:
            self.hits += 1
            return hit
        hit = super().get(key)
        if hit is not None:
            self.memory[key] = hit
        return hit

    def put(self, key: str, value: Any) -> None:
        self.memory[key] = value
        super().put(key, value)

    def keep(self, keys: set[str]) -> None:
        """Forget every record but those of ``keys`` (the latest build's communities):
        an old version of a folder is not needed again."""
        self.memory = {key: value for key, value in self.memory.items() if key in keys}


def digest(*parts: Any) -> str:
    """A fingerprint of plain data."""
    return hashlib.blake2b(pickle.dumps(parts, protocol=pickle.HIGHEST_PROTOCOL), digest_size=16).hexdigest()


class _Fingerprint(pickle.Pickler):
    """Pickles a page's inputs with what a community's key already stands for written
    as that key: the community, its evaluations and their scores (computed from the
    evaluation and its framework); each framework as its id (the shared inputs hold
    the frameworks whole). A ranking of a thousand scores is fingerprinted without
    walking a thousand evaluations. (``reducer_override`` is not asked about strings,
    numbers, lists and dicts: a view of 10,000 cards costs Python no call for each.)"""

    def __init__(self, out, sources: dict[str, str], seen: dict[int, str]):
        super().__init__(out, protocol=pickle.HIGHEST_PROTOCOL)
        self.sources = sources
        self.seen = seen  # id of a notice entry → its digest, for one plan

    def reducer_override(self, obj: Any) -> Any:
        kind = type(obj)
        if kind is Community and obj.source:
            return _known, ("c", obj.source)
        if kind is Framework:
            return _known, ("f", obj.id)
        if kind is Evaluation and self.sources.get(obj.community):
            return _known, ("e", self.sources[obj.community], obj.year)
        if kind is Score and self.sources.get(obj.evaluation.community):
            return _known, ("s", self.sources[obj.evaluation.community], obj.evaluation.year)
        if kind is RankRow and obj.community.source and self.sources.get(obj.score.evaluation.community):  # a ranking's rows: one call each
            return _known, ("r", obj.rank, obj.community.source, self.sources[obj.score.evaluation.community], obj.score.evaluation.year)
        if kind is NoticeEntry:  # shown on every page of its subjects: pickled once
            known = self.seen.get(id(obj))
            if known is None:
                known = self.seen[id(obj)] = digest(obj)
            return _known, ("n", known)
        return NotImplemented


def _known(*key: Any) -> Any:
    """What a fingerprint writes in place of an object its key stands for (never called)."""
    return key


def page_digest(sources: dict[str, str], seen: dict[int, str], *parts: Any) -> str:
    out = io.BytesIO()
    _Fingerprint(out, sources, seen).dump(parts)
    return hashlib.blake2b(out.getbuffer(), digest_size=16).hexdigest()


class Preview:
    def __init__(self, cache_dir: Path):
        self.records = MemoryRecords(cache_dir / "records")
        self.scores: dict = {}  # (community key, frameworks) → scores (Build.compute)
        # Output path under the site folder → fingerprint of what is there now.
        self.written: dict[str, str] = {}
        self.errors: str | None = None  # the latest build's content errors, as printed
        self.rendered = 0  # pages the latest build rendered
        self.run = None  # the latest good build (showcase_run.BuildRun): ``rebuild`` starts from it
        self._planned: dict[str, str] = {}
        self._later: list[tuple[str, Any]] = []
        self._later_sets: list[Callable[[], dict[str, bytes]]] = []
        self._child: int | None = None  # the process that writes the open data and the search index
        self._child_files: list[str] = []  # the files it writes
        # Paths changed since the latest good build (``rebuild``): a build that failed
        # read them, and the next quick one must read them again.
        self.unbuilt: set[str] = set()
        # Seconds each page took to fingerprint (``plan_pages``) and to render, the
        # last time it was (``spent``): a large site's quick rebuild splits its pages
        # over two cores by them (``cost``).
        self.costs: dict[str, float] = {}
        self.render_costs: dict[str, float] = {}
        self.files_cost = 0.0  # seconds ``plan_files`` took last time
        self._history: tuple[str | None, History | None] = (None, None)

    # -- one build ------------------------------------------------------------------

    def begin(self) -> None:
        """A build starts: the background work of the previous one stops (its open
        data and search index would be out of date)."""
        self._end_child(signal.SIGKILL)
        self._planned, self._later, self._later_sets = {}, [], []

    def later(self, make: Callable[[], dict[str, bytes]]) -> None:
        """Files (path under the site → bytes) made in the background after the build:
        the search box's table of names, which follows the search index."""
        self._later_sets.append(make)

    def plan(self, build, pages: list, pending: list[tuple[Any, Any, Any]], structure: str) -> None:
        """Decide what this build writes: each page (``pages``: MkDocs' files of the
        site's pages) and generated file is marked modified only when its fingerprint
        changed (``structure``: whatever every page depends on). ``pending``: generated
        files not yet made, each with what makes it and, for a file made from one
        source file (a photo), that file's signature. (A whole build: what planning
        took is not kept, since other processes ran meanwhile and nothing was known yet;
        a quick rebuild's split is guessed until one measures it, ``cost``.)"""
        self.rendered = 0
        self.plan_files(build, pending, structure, self.plan_pages(build, pages, structure))
        self.costs.clear()
        self.render_costs.clear()
        self.files_cost = 0.0

    def plan_pages(self, build, pages: list, structure: str) -> dict[str, str]:
        """``plan``'s pages, marked; their fingerprints by source URI. (A quick rebuild
        may plan a share of the pages in another process: ``take``.)"""
        shared = digest(structure, build.shared_inputs())
        page_prints: dict[str, str] = {}
        sources = {slug: c.source for slug, c in build.site.communities.items()}
        seen: dict[int, str] = {}
        rendered = 0
        costs, clock = self.costs, time.perf_counter
        for file in pages:
            started = clock()
            inputs = build.page_inputs(file.src_uri)
            if inputs is None:  # an ordinary page: its Markdown
                inputs = Path(file.abs_src_path).read_bytes() if file.abs_src_path else file.content_bytes
            if isinstance(inputs, CommunityInputs) and inputs.source:  # its files' key stands for it
                parts = [shared, file.src_uri, inputs.source, str(inputs.updated)]
                parts += [page_digest(sources, seen, entry) for entry in inputs.notices]
                mark = hashlib.blake2b("\0".join(parts).encode(), digest_size=16).hexdigest()
            else:
                mark = page_digest(sources, seen, shared, file.src_uri, inputs)
            page_prints[file.src_uri] = mark
            changed = self._mark(file, mark)
            rendered += changed
            costs[file.src_uri] = clock() - started
        self.rendered += rendered
        return page_prints

    def plan_files(self, build, pending: list[tuple[Any, Any, Any]], structure: str, page_prints: dict[str, str]) -> None:
        """``plan``'s generated files, marked (``page_prints``: of the pages that own them)."""
        started = time.perf_counter()
        self._plan_files(build, pending, structure, page_prints)
        self.files_cost = time.perf_counter() - started

    def _plan_files(self, build, pending: list[tuple[Any, Any, Any]], structure: str, page_prints: dict[str, str]) -> None:
        for file, data, source in pending:
            rel = file.dest_uri
            if rel.startswith(LATER_FOLDERS):
                self._later.append((file.abs_dest_path, data))
                _set_modified(file, False)
                continue
            owner = build.file_pages.get(rel)
            if source is not None:  # made from this source file, which is unchanged
                mark = digest(structure, rel, source)
            elif owner is not None and owner in page_prints:
                mark = f"{page_prints[owner]} {rel}"
            else:
                data = data() if callable(data) else data
                mark = digest(data)
            if self._mark(file, mark):
                data = data() if callable(data) else data
                file.content_bytes = data.encode("utf-8") if isinstance(data, str) else data

    def planned(self, files: list) -> tuple[dict[str, str], int]:
        """What ``plan_pages`` decided for ``files`` (in the process that planned them):
        the new fingerprint of each to be written, and how many."""
        marks = {file.dest_uri: self._planned[file.dest_uri] for file in files if file.dest_uri in self._planned}
        costs = {file.src_uri: self.costs[file.src_uri] for file in files if file.src_uri in self.costs}
        renders = {file.src_uri: self.render_costs[file.src_uri] for file in files if file.src_uri in self.render_costs}
        return marks, (costs, renders)

    def take(self, files: list, marks: dict[str, str], costs: tuple[dict, dict]) -> None:
        """Take what another process planned (and wrote) for ``files`` (``planned``),
        and what each page cost it."""
        self.costs.update(costs[0])
        self.render_costs.update(costs[1])
        for file in files:
            mark = marks.get(file.dest_uri)
            _set_modified(file, mark is not None)
            if mark is not None:
                self._planned[file.dest_uri] = mark
                self.written.pop(file.dest_uri, None)
        self.rendered += len(marks)

    def spent(self, src_uri: str, seconds: float) -> None:
        """A page took ``seconds`` to render (besides its fingerprint)."""
        self.render_costs[src_uri] = seconds

    def cost(self, src_uri: str, size: int) -> float:
        """Seconds the page took to fingerprint and render when last done; a page
        not yet rendered by a quick rebuild is guessed from its ``size`` in bytes."""
        return self.costs.get(src_uri, 0.0) + self.render_costs.get(src_uri, size / RENDERED_BYTES_PER_SECOND)

    def _mark(self, file, mark: str) -> bool:
        rel = file.dest_uri
        changed = self.written.get(rel) != mark  # (written by this preview, never by anyone else)
        _set_modified(file, changed)
        if changed:
            self._planned[rel] = mark
            self.written.pop(rel, None)  # until the build succeeds, it is unknown
        return changed

    def finish(
        self, files, site_dir: Path, search_pages: list[tuple[str, str]] | None, build_communities, templates: list[str], tidy: bool = True
    ) -> None:
        """The build succeeded: remember what was written, delete what no longer
        belongs to the site, and start the background work: the open data, then
        (``search_pages``: (source URI, URL) of every page to index) the search index."""
        self.written.update(self._planned)
        self._planned = {}
        self.errors = None
        kept = {c.source for c in build_communities}
        self.records.keep(kept)
        self.unbuilt = set()
        self.scores = {key: value for key, value in self.scores.items() if key[0] in kept}
        if tidy:  # (a quick rebuild keeps the same files: nothing to forget or delete)
            wanted = {file.dest_uri for file in files}
            # What MkDocs writes besides the files: the theme's own pages (404, sitemap).
            wanted |= set(templates) | {f"{name}.gz" for name in templates if name.endswith(".xml")}
            for rel in list(self.written):
                if rel not in wanted:
                    del self.written[rel]
            _delete_others(site_dir, wanted)
        later = list(self._later) + [(None, make) for make in self._later_sets]
        self._later, self._later_sets = [], []
        self._child = _in_background(lambda: _work_later(site_dir, later, search_pages))
        self._child_files = [path for path, _ in later if path is not None]

    def failed(self, message: str | None) -> None:
        """The build failed: what it may have written is no longer known."""
        self._planned = {}
        if message:
            self.errors = message

    def rebuild(self, changed: set[str]) -> bool:
        """After an edit of content files (``changed``: their paths, as the watcher
        reported them since the previous build began): make again only what changed
        since the latest good build (``BuildRun.rebuild``). False: a whole build is
        needed (none yet, or files were added, removed or renamed). A content error
        raises ``Abort``."""
        self.unbuilt |= changed  # (a build that fails leaves them to the next)
        if self.run is None:
            return False
        try:
            done = self.run.rebuild(self.unbuilt)
        except BaseException:
            self.failed(None)
            raise
        if done:
            self.unbuilt = set()
        return done

    def history(self, content_dir: Path) -> History:
        """The pages' last-updated dates (``load_history``), read from git again only
        when its HEAD moved: a save changes no commit."""
        head = source_commit(content_dir)
        if head is None or head != self._history[0]:
            self._history = (head, load_history(content_dir))
        return self._history[1]

    def wait(self) -> None:
        """Until the background work of the latest build is done (tests, benchmark)."""
        self._end_child(None)

    def stop(self) -> None:
        self._end_child(signal.SIGKILL)

    def _end_child(self, how: int | None) -> None:
        pid, self._child = self._child, None
        if pid is None:
            return
        partial, self._child_files = self._child_files, []
        if how is not None:
            try:  # the process and what it started (Pagefind): at once, nothing to save
                os.killpg(pid, how)
            except ProcessLookupError:
                pass
        os.waitpid(pid, 0)
        for path in partial:  # what it was writing when stopped
            with contextlib.suppress(OSError):
                os.unlink(path + PARTIAL)


def _in_background(work: Callable[[], None]) -> int:
    """Run ``work`` in a forked process at a low priority (the next edit's build comes
    first, and does not share its interpreter), in a process group of its own: the
    preview kills the group when its work is out of date (files it leaves half-made
    are replaced next time: it writes each under another name first)."""
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    pid = os.fork()
    if pid:
        return pid
    code = 0
    try:
        os.setpgid(0, 0)  # a group of its own, which the preview kills as one
        try:
            os.setpriority(os.PRIO_PROCESS, 0, BACKGROUND_NICENESS)
        except OSError:
            pass
        work()
    except SystemExit:
        pass
    except BaseException:
        code = 1
        log.warning("预览：后台任务失败", exc_info=True)
    finally:
        os._exit(code)


def _work_later(site_dir: Path, later: list, search_pages: list[tuple[str, str]] | None) -> None:
    """The background's work: the open data and the search box's table, then (after a
    pause, in case another save follows at once) the search index."""
    for path, data in later:
        if path is None:  # a set of files
            later.extend((str(site_dir / rel), made) for rel, made in data().items())
            continue
        data = data() if callable(data) else data
        _write_atomically(path, data.encode("utf-8") if isinstance(data, str) else data)
    if search_pages is not None:
        time.sleep(SEARCH_DELAY)
        index_site(site_dir, search_pages)


def _write_atomically(path: str, data: bytes) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = f"{path}{PARTIAL}"
    with open(tmp, "wb") as out:
        out.write(data)
    os.replace(tmp, path)


def _yes() -> bool:
    return True


def _no() -> bool:
    return False


def unchanged(file) -> bool:
    """Whether the plan found the file as it was written before (nothing to write)."""
    return file.is_modified is _no


def _set_modified(file, changed: bool) -> None:
    file.is_modified = _yes if changed else _no


def _delete_others(site_dir: Path, wanted: set[str]) -> None:
    """Delete files of the site folder that no longer belong to the site (a removed
    page, a renamed image), and folders left empty."""
    for folder, _dirs, names in os.walk(site_dir, topdown=False):
        rel_folder = os.path.relpath(folder, site_dir).replace(os.sep, "/")
        rel_folder = "" if rel_folder == "." else rel_folder + "/"
        if rel_folder.startswith(KEPT_FOLDERS):
            continue
        for name in names:
            if rel_folder + name not in wanted:
                os.unlink(os.path.join(folder, name))
        if rel_folder and not os.listdir(folder):
            os.rmdir(folder)


def index_site(site_dir: Path, pages: list[tuple[str, str]]) -> None:
    """The search index of the pages now in ``site_dir`` (one bundle), written to a
    folder of its own and put in place at once."""
    target = site_dir / urls.PAGEFIND_FOLDER
    fresh = site_dir / f".{urls.PAGEFIND_FOLDER}-new"
    old = site_dir / f".{urls.PAGEFIND_FOLDER}-old"
    _remove_tree(fresh)
    try:
        index = SearchIndex(fresh, [(uri, "") for uri, _ in pages])
        try:
            for uri, url in pages:
                try:
                    html = (site_dir / url / "index.html" if url.endswith("/") or not url else site_dir / url).read_text(encoding="utf-8")
                except OSError:
                    html = ""
                index.put(uri, "/" + url, searchable_part(html))
            index.write()
        finally:
            index.close()
        if target.exists():
            os.replace(target, old)
        os.replace(fresh, target)
        _remove_tree(old)
        log.info("预览：搜索索引已更新（%d 个页面）", len(pages))
    except (SearchIndexError, OSError) as exc:
        log.warning("预览：搜索索引未能生成：%s", exc)
    finally:
        _remove_tree(fresh)


def _remove_tree(path: Path) -> None:
    import shutil

    shutil.rmtree(path, ignore_errors=True)


BANNER_STYLE = (
    "position:sticky;top:0;z-index:1000;margin:0;padding:1rem 1.25rem;background:#fff4e5;color:#3d2600;"
    "border-bottom:3px solid #b54708;font:16px/1.6 system-ui,sans-serif;max-height:40vh;overflow:auto"
)


def banner(errors: str) -> bytes:
    """The errors of the latest build, shown above every page of the last good site."""
    lines = errors.splitlines()
    head, items = (lines[0], lines[1:]) if lines else ("内容有错误", [])
    head = head.rstrip("：:")
    code = "white-space:pre-wrap;overflow-wrap:anywhere"
    listed = "".join(f'<li><code style="{code}">{escape(line)}</code></li>' for line in items)
    html = (
        f'<section id="sc-preview-errors" role="alert" style="{BANNER_STYLE}">'
        f'<h2 style="margin:0 0 .5rem;font-size:1.15rem">预览未更新：{escape(head)}</h2>'
        "<p style=\"margin:0 0 .5rem\">下面显示的是上次成功生成的页面。请按“文件:行号: 字段: 说明”逐条修改并保存，"
        "改好后预览会自动更新。</p>"
        f'<ol style="margin:0;padding-left:1.5rem">{listed}</ol></section>'
    )
    return html.encode("utf-8")
