"""Full-text search with Pagefind, which segments Chinese (the ``extended`` build).

Pages are handed to a Pagefind service process as soon as MkDocs has rendered each
one, so indexing runs on the second core while MkDocs renders the rest; only writing
the index waits for the end of the build.

Pagefind's own Python client sleeps 0.1 s before reading each answer (10 pages a second
at most), so this module speaks the service's small protocol itself: each message is
base64-encoded JSON followed by a comma, answered in kind. The build's thread writes
every page straight to the service, in build order; a reader thread collects answers.
"""

from __future__ import annotations

import base64
import functools
import json
import os
import re
import subprocess
import threading
from collections.abc import Callable
from pathlib import Path

from pagefind.service import get_executable
from pypinyin import lazy_pinyin

from .parallel import Sequencer, trim_memory

# Permalink anchors (¶) are not content: keep them out of excerpts.
EXCLUDE_SELECTORS = [".headerlink"]
MARKER = "data-pagefind-body"
WRITE_TIMEOUT = 600  # seconds; a 10,000-page site takes well under a minute
# Locations per file of Pagefind's word index (its default: 20,000). A query fetches the
# file of each of its words from every bundle; smaller files halved what the first
# full-text query downloads at 1,000 communities (0.81 → 0.34 MB on the search page),
# for 8 % more index on disk. Pagefind 1.5.2 reads it from its environment.
INDEX_CHUNK = 2000


class SearchIndexError(RuntimeError):
    pass


IGNORE_ALL = 'data-pagefind-ignore="all"'
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)")


# Chinese is indexed as overlapping pairs of characters ("蓝靛扎染" → "蓝靛 靛扎 扎染"),
# and the reader's query is cut the same way (assets/search.js, from ``HAN``): every
# two-character word is found wherever it stands, and a longer query must match its pairs
# in a row. Pagefind's own Chinese support cuts pages with jieba while building and
# queries with the browser's dictionary (Intl.Segmenter): the two disagree ("皮影" in a
# page, "皮" + "影" in the query, which then finds "影响"), so its results for a word
# in the middle of a sentence were often wrong. Pairs are cut the same on both sides.
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_HAN_RUN = re.compile(f"[{HAN}]+")
# The language Pagefind is told: none of its segmenting ones (zh, ja, th), no stemmer.
INDEX_LANGUAGE = "zxx"
_TEXT_OR_TAG = re.compile(r"(<(?:[^>\"']|\"[^\"]*\"|'[^']*')*>)")


def pairs(text: str) -> str:
    """``text`` with each run of Chinese characters as its overlapping pairs, set off by
    spaces ("2026年度临川区" → "2026 年度 度临 临川 川区 ")."""
    return _HAN_RUN.sub(lambda m: " " + " ".join(_pairs_of(m.group())) + " ", text)


def _pairs_of(run: str) -> list[str]:
    return [run] if len(run) == 1 else [run[i : i + 2] for i in range(len(run) - 1)]


def searchable_part(html: str) -> str | None:
    """The page reduced to what Pagefind reads: the marked element, its Chinese text cut
    into pairs (``pairs``).

    Pagefind indexes only the ``data-pagefind-body`` element (and takes the title from
    its first heading); sending just that, instead of the whole page with navigation,
    scripts and icons, saves most of its parsing. The element runs to the end of
    Material's content ``<article>`` (our templates and sanitized Markdown hold none).
    Elements marked ``data-pagefind-ignore="all"``, which Pagefind would read and
    drop, are left out (the sanitizer removes ``data-*`` attributes from content).
    """
    marker = html.find(MARKER)
    if marker < 0:
        return None
    start = html.rfind("<", 0, marker)
    end = html.find("</article>", marker)
    body = html[start:end] if end > 0 else html[start:]
    if IGNORE_ALL in body:
        body = _without_ignored(body)
    cut = "".join(part if i % 2 else pairs(part) for i, part in enumerate(_TEXT_OR_TAG.split(body)))
    return f'<!doctype html><html lang="{INDEX_LANGUAGE}"><head><meta charset="utf-8"></head><body>{cut}</body></html>'


def _without_ignored(html: str) -> str:
    """``html`` without the elements marked ``data-pagefind-ignore="all"`` (from our
    templates: well-formed, no void element carries the mark)."""
    kept: list[str] = []
    position = 0
    while (mark := html.find(IGNORE_ALL, position)) >= 0:
        start = html.rfind("<", position, mark)
        opening = _TAG.match(html, start) if start >= 0 else None
        if opening is None or opening.group(1) or ">" in html[start:mark]:
            kept.append(html[position : mark + len(IGNORE_ALL)])  # text that quotes the mark
            position = mark + len(IGNORE_ALL)
            continue
        name = opening.group(2).lower()
        depth, cursor = 0, start
        for tag in _TAG.finditer(html, start):
            if tag.group(2).lower() != name:
                continue
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                cursor = html.index(">", tag.end()) + 1
                break
        else:
            raise ValueError(f"<{name} {IGNORE_ALL}> is never closed")
        kept.append(html[position:start])
        position = cursor
    kept.append(html[position:])
    return "".join(kept)


def _encode(message_id: int, payload: dict) -> bytes:
    return base64.b64encode(json.dumps({"message_id": message_id, "payload": payload}).encode("utf-8")) + b","


class StreamingIndex:
    """A Pagefind index fed page by page while the site is built."""

    def __init__(self, output_path: Path) -> None:
        self.output_path = output_path
        binary = get_executable()
        if binary is None:
            raise SearchIndexError("找不到 Pagefind 程序：请运行 scripts/bootstrap 安装依赖")
        try:
            self._process = subprocess.Popen(
                [str(binary), "--service"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env={**os.environ, "PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE": str(INDEX_CHUNK)},
            )
        except OSError as exc:
            raise SearchIndexError(f"无法启动 Pagefind（{binary}）：{exc}") from None
        self._broken: OSError | None = None
        self._answers: dict[int, dict] = {}
        self._done = threading.Event()
        self._last_id = 0
        self._wanted = -1
        self._files_requested = False
        self._reader = threading.Thread(target=self._read_answers, name="pagefind-answers", daemon=True)
        self._reader.start()
        self._index_id = self._call({"type": "NewIndex", "config": {"exclude_selectors": EXCLUDE_SELECTORS}})["index_id"]

    def _send(self, payload: dict) -> int:
        self._last_id += 1
        self._process.stdin.write(_encode(self._last_id, payload))
        return self._last_id

    def _call(self, payload: dict) -> dict:
        """Send and wait for the answer (every earlier message is answered before it)."""
        self._request(payload)
        return self._answer()

    def _request(self, payload: dict) -> None:
        try:
            self._wanted = self._send(payload)
            self._process.stdin.flush()
        except OSError as exc:
            raise SearchIndexError(f"Pagefind 服务已退出：{exc}") from None

    def _answer(self) -> dict:
        if not self._done.wait(WRITE_TIMEOUT) or self._wanted not in self._answers:
            raise SearchIndexError("Pagefind 服务没有应答")
        self._done.clear()
        answer = self._answers.pop(self._wanted)
        if answer.get("type") == "Error":
            raise SearchIndexError(f"Pagefind 出错：{answer.get('message')}")
        return answer

    def _read_answers(self) -> None:
        pending: list[bytes] = []  # the unfinished answer, in pieces (the file list is MBs)
        while True:
            chunk = self._process.stdout.read1(1 << 16)
            if not chunk:
                self._done.set()  # the service ended: whoever waits sees no answer
                return
            if b"," not in chunk:
                pending.append(chunk)
                continue
            first, *rest = chunk.split(b",")
            messages = [b"".join([*pending, first]), *rest[:-1]]
            pending = [rest[-1]] if rest[-1] else []
            for message in messages:
                answer = json.loads(base64.b64decode(message))
                message_id = answer.get("message_id")
                payload = answer["payload"]
                # Kept: the answer waited for, and errors. Not every page's receipt: at
                # 10,000 pages they add up.
                if message_id == self._wanted or payload.get("type") == "Error":
                    self._answers[message_id] = payload
                if message_id == self._wanted:
                    self._done.set()

    def add_searchable(self, url: str, searchable: str) -> None:
        """Send a page reduced by ``searchable_part``. Pagefind's files depend on the
        order pages are added (``SearchIndex`` keeps it fixed)."""
        if self._broken is None:
            try:
                self._send({"type": "AddFile", "index_id": self._index_id, "url": url, "file_path": None, "file_contents": searchable})
            except OSError as exc:  # the service died: reported by write()
                self._broken = exc

    def request_files(self) -> None:
        """Ask for the finished index without waiting (``write`` waits), so that
        several indexes are written at once."""
        if self._broken is not None:
            raise SearchIndexError(f"Pagefind 服务已退出：{self._broken}")
        self._request({"type": "GetFiles", "index_id": self._index_id})
        self._files_requested = True

    def write(self, keep: Callable[[str], object] | None = None) -> None:
        """Write the index once every page is indexed, and stop the service.

        The files are fetched and written here rather than by the service's WriteFiles,
        which answers before its last writes are flushed: a service stopped right after
        it left truncated files now and then. ``keep(path)`` chooses the files written.
        """
        try:
            if not self._files_requested:
                self.request_files()
            files = self._answer()["files"]
            errors = [a.get("message") for a in self._answers.values() if a.get("type") == "Error"]
            if errors:
                raise SearchIndexError(f"Pagefind 未能索引 {len(errors)} 个页面：{errors[0]}")
        finally:
            self.close()
        files.sort(key=lambda f: f["path"], reverse=True)
        while files:  # each file let go of once written: a bundle's files are MBs
            item = files.pop()
            if keep is None or keep(item["path"]):
                target = self.output_path / item["path"]
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(base64.b64decode(item["content"]))

    def close(self) -> None:
        """Stop the service (without writing, if ``write`` was not called)."""
        if self._process.poll() is None:
            try:
                self._process.stdin.close()
            except OSError:
                pass
            try:
                self._process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._reader.join(timeout=30)


# A site of this many communities or more is indexed in bundles (``shards.site_bundles``):
# its community pages by district (small districts together, up to BUNDLE_PAGES pages;
# a larger district in several), and the main bundle, which holds Pagefind's code, for every
# other page. Each bundle is a Pagefind process of its own, so memory is bounded by
# the largest district, not the site, and a bundle is written as soon as its last page
# is in, while the build goes on. The browser merges the bundles (Pagefind's
# mergeIndex). Numbers of the content, never of the machine: the same content gives
# the same files.
SPLIT_AT = 400
BUNDLE_PAGES = 1000  # at most: a Pagefind process takes about 0.9 MB per page
# About this many bundles, of at least BUNDLE_MIN pages: each is compressed as soon as
# its last page is in, on the core MkDocs is not using, so a few smaller bundles finish
# a 1,000-community build sooner than one (one bundle of 1,000: 37 s; five of 200: 27 s);
# each also costs the search page's full-text query a download.
BUNDLES_WANTED = 8
BUNDLE_MIN = 200


def bundle_size(communities: int, most: int = BUNDLE_PAGES) -> int:
    """Community pages per bundle for a site of ``communities`` (``most`` at most)."""
    return min(most, max(BUNDLE_MIN, -(-communities // BUNDLES_WANTED)))
PART_FILES = re.compile(r"^(pagefind-entry\.json|pagefind\.[^/]+\.pf_meta|(index|fragment|filter)/[^/]+)$")


def district_bundles(districts: list[tuple[str, list[str]]], limit: int = BUNDLE_PAGES) -> dict[str, str]:
    """Community slug → its bundle's folder under ``pagefind/``, from ``districts``:
    ``(name, community slugs)`` in the directory's order.

    A district's communities stay together: districts of fewer than ``limit`` pages
    share a bundle with their neighbours in that order up to ``limit`` pages (every
    bundle costs the reader a download on each full-text query, so a city of many small
    districts must not get as many bundles); a district of more is cut into bundles of
    ``limit``. A bundle is named after its first district ("d-linchuanqu/", "d-linchuanqu-2/")."""
    plan: dict[str, str] = {}
    taken: set[str] = set()
    group: list[str] = []  # the slugs of the small districts packed so far
    group_name = ""

    def close(name: str, slugs: list[str]) -> None:
        folder = name
        while folder in taken:  # two districts of one pinyin
            folder += "x"
        taken.add(folder)
        for slug in slugs:
            plan[slug] = folder + "/"

    for name, slugs in districts:
        base = "d-" + (re.sub(r"[^a-z0-9]+", "", "".join(lazy_pinyin(name)).lower()) or "x")
        if len(slugs) <= limit:
            if group and len(group) + len(slugs) > limit:
                close(group_name, group)
                group = []
            if not group:
                group_name = base
            group.extend(slugs)
            continue
        if group:
            close(group_name, group)
            group = []
        for part in range(-(-len(slugs) // limit)):
            close(base if part == 0 else f"{base}-{part + 1}", slugs[part * limit : (part + 1) * limit])
    if group:
        close(group_name, group)
    return plan


class SearchIndex:
    """The site's search index: the main bundle, ``pagefind/``, and for large sites one
    bundle per district, ``pagefind/d-<pinyin>/`` (only its index files: the browser
    searches them with the main bundle's code).

    ``order``: every page to index, as ``(key, bundle folder)`` in the order they are
    added ("" is the main bundle). Pagefind's files depend on that order, so each bundle
    takes its pages in it, whichever process rendered them and when. ``main``: write
    the main bundle even with no page of its own (a shard of a sharded build writes
    only its districts' bundles).
    """

    def __init__(self, output_path: Path, order: list[tuple[str, str]], main: bool = True, turns: bool = False) -> None:
        self.output_path = output_path
        folders = sorted({folder for _, folder in order} | ({""} if main else set()))
        self._folders = folders
        self._parts: dict[str, StreamingIndex] = {}
        self._writers: dict[str, threading.Thread] = {}
        self._failures: dict[str, BaseException] = {}
        self._where: dict[str, tuple[str, int]] = {}
        counts: dict[str, int] = dict.fromkeys(folders, 0)
        for key, folder in order:
            self._where[key] = (folder, counts[folder])
            counts[folder] += 1
        # A bundle's Pagefind process starts with its first page and ends once its
        # files are written; each holds about 0.9 MB per page until then. The pages
        # come bundle after bundle, so only a bundle or two are held at any time. With
        # ``turns`` (a shard of a sharded build, whose memory is bounded), district
        # bundles take turns: one at a time is held beside the main one, the pages of
        # the next waiting (as text) until the one before is written (``_turn_over``).
        # The first one starts now, so that a Pagefind that cannot run stops the build
        # at once.
        self._turns = turns
        self._remaining = counts
        self._lock = threading.Condition()
        self._active: str | None = None  # the district bundle whose turn it is
        self._queue: list[str] = []  # district bundles waiting for their turn
        self._held: dict[str, list[tuple[str, str | None]]] = {}  # their pages so far
        if folders:
            first = order[0][1] if order else folders[0]
            first = first if first in folders else folders[0]
            if turns and first and counts[first]:
                self._active = first
            try:
                self._part(first)
            except SearchIndexError:
                self.close()
                raise
        self._sequencers = {folder: Sequencer(counts[folder], functools.partial(self._add, folder)) for folder in folders}

    @property
    def merged_paths(self) -> list[str]:
        """The extra bundles, relative to the main one."""
        return [folder for folder in self._folders if folder]

    def has(self, key: str) -> bool:
        return key in self._where

    def put(self, key: str, url: str, searchable: str | None) -> None:
        """A page reduced by ``searchable_part`` (``None``: not indexed), in any order."""
        folder, number = self._where[key]
        self._sequencers[folder].put(number, (url, searchable))

    def _part(self, folder: str) -> StreamingIndex:
        if folder not in self._parts:
            self._parts[folder] = StreamingIndex(self.output_path / folder)
        return self._parts[folder]

    def _add(self, folder: str, item: tuple[str, str | None]) -> None:
        """Called in the bundle's order (under its sequencer's lock)."""
        if folder and self._turns:
            with self._lock:
                if self._active is None:
                    self._active = folder
                if self._active != folder or folder in self._held:  # not its turn yet
                    self._held.setdefault(folder, []).append(item)
                    if folder != self._active and folder not in self._queue:
                        self._queue.append(folder)
                    return
        self._index(folder, item)

    def _turn_over(self, folder: str) -> None:
        """A district bundle is written: the next one in the queue takes its turn, and
        the pages it was given meanwhile go to its Pagefind process, in their order
        (pages given while they go are held too, and follow)."""
        with self._lock:
            if self._active != folder:
                return
            self._active = self._queue.pop(0) if self._queue else None
            following = self._active
            if following is None:
                self._lock.notify_all()
                return
        while True:
            with self._lock:
                items = self._held.get(following)
                if not items:  # all gone: its next pages go straight in (``_add``)
                    self._held.pop(following, None)
                    return
                self._held[following] = []  # still held meanwhile, after these
            for item in items:
                self._index(following, item)

    def _index(self, folder: str, item: tuple[str, str | None]) -> None:
        url, searchable = item
        if searchable is not None and folder not in self._failures:
            try:
                self._part(folder).add_searchable(url, searchable)
            except SearchIndexError as exc:  # reported by write()
                self._failures[folder] = exc
        self._remaining[folder] -= 1
        if self._remaining[folder] == 0 and folder:
            self._start_writer(folder)  # a district is complete: write it while the build goes on

    def _start_writer(self, folder: str) -> None:
        if folder not in self._failures:
            try:
                self._part(folder)  # a bundle whose pages had nothing to index
            except SearchIndexError as exc:
                self._failures[folder] = exc
        def write() -> None:
            try:
                if folder not in self._failures:  # (else reported by write())
                    self._parts[folder].write(keep=PART_FILES.match if folder else None)
            except BaseException as exc:  # noqa: BLE001 - reported by write()
                self._failures[folder] = exc
            finally:
                # A bundle's files arrive as one message of tens of MB, decoded twice:
                # hand the memory back, or each bundle leaves its size behind.
                trim_memory()
                if folder and self._turns:
                    self._turn_over(folder)

        thread = threading.Thread(target=write, name=f"pagefind-write-{folder or 'main'}", daemon=True)
        self._writers[folder] = thread
        thread.start()

    @property
    def missing(self) -> int:
        return sum(len(sequencer.missing) for sequencer in self._sequencers.values())

    def write(self) -> None:
        """Write every bundle not yet written (at once), and wait for all."""
        try:
            with self._lock:  # the district bundles' turns (every page is in: they end)
                while self._active is not None:
                    self._lock.wait()
            for folder in self._folders:
                if folder not in self._writers:
                    self._start_writer(folder)
            for folder in self._folders:
                self._writers[folder].join()
            for folder in self._folders:
                if folder in self._failures:
                    failure = self._failures[folder]
                    raise failure if isinstance(failure, SearchIndexError) else SearchIndexError(f"pagefind/{folder}: {failure}")
        finally:
            self.close()

    def close(self) -> None:
        for part in self._parts.values():
            part.close()
