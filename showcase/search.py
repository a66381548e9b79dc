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
import json
import re
import subprocess
import threading
from collections.abc import Callable
from pathlib import Path

from pagefind.service import get_executable

from .parallel import Sequencer

# Permalink anchors (¶) are not content: keep them out of excerpts.
EXCLUDE_SELECTORS = [".headerlink"]
MARKER = "data-pagefind-body"
WRITE_TIMEOUT = 600  # seconds; a 10,000-page site takes well under a minute


class SearchIndexError(RuntimeError):
    pass


IGNORE_ALL = 'data-pagefind-ignore="all"'
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)")


def searchable_part(html: str) -> str | None:
    """The page reduced to what Pagefind reads: its language and the marked element.

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
    lang = html.find('lang="')
    language = html[lang + 6 : html.find('"', lang + 6)] if lang >= 0 else "zh"
    body = html[start:end] if end > 0 else html[start:]
    if IGNORE_ALL in body:
        body = _without_ignored(body)
    return f'<!doctype html><html lang="{language}"><head><meta charset="utf-8"></head><body>{body}</body></html>'


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
                [str(binary), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
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
        answer = self._answers[self._wanted]
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
                self._answers[message_id] = answer["payload"]
                if message_id == self._wanted:
                    self._done.set()

    def add_searchable(self, url: str, searchable: str) -> None:
        """Send a page reduced by ``searchable_part``. Pagefind's files depend on the
        order pages are added (``OrderedFeed`` keeps it fixed)."""
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
        for item in sorted(files, key=lambda f: f["path"]):
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


# A site of this many pages or more (MkDocs documentation pages) is indexed as two Pagefind bundles,
# built and written at once on two cores, and searched together in the browser
# (Pagefind's mergeIndex: one WebAssembly module, each bundle's own index files). A
# number of the content, not of the machine: the same content gives the same files.
SPLIT_AT = 400
PART_FILES = re.compile(r"^(pagefind-entry\.json|pagefind\.[^/]+\.pf_meta|(index|fragment|filter)/[^/]+)$")


def bundle_count(pages: int) -> int:
    return 2 if pages >= SPLIT_AT else 1


class SearchIndex:
    """The site's search index: ``pagefind/`` and, for large sites, ``pagefind/part-1/``
    (only its index files: the browser searches it with the main bundle's code).

    Pages go to the bundles in turn, in the order they are added."""

    def __init__(self, output_path: Path, bundles: int = 1) -> None:
        self.parts: list[StreamingIndex] = []
        try:
            for k in range(bundles):
                self.parts.append(StreamingIndex(output_path / self.part_path(k)))
        except SearchIndexError:
            self.close()
            raise
        self._added = 0

    @staticmethod
    def part_path(k: int) -> str:
        return "" if k == 0 else f"part-{k}/"

    @property
    def merged_paths(self) -> list[str]:
        """The extra bundles, relative to the main one."""
        return [self.part_path(k) for k in range(1, len(self.parts))]

    def add_searchable(self, url: str, searchable: str | None) -> None:
        """A page reduced by ``searchable_part`` (``None``: not indexed)."""
        if searchable is not None:
            self.parts[self._added % len(self.parts)].add_searchable(url, searchable)
            self._added += 1

    def write(self) -> None:
        """Every bundle builds its files at once; then each is written."""
        try:
            for part in self.parts:
                part.request_files()
            for k, part in enumerate(self.parts):
                part.write(keep=None if k == 0 else PART_FILES.match)
        finally:
            self.close()

    def close(self) -> None:
        for part in self.parts:
            part.close()


class OrderedFeed:
    """Pages reach the index in one fixed order, whichever process renders them and
    when: Pagefind's files depend on the order pages are added, and the site must be
    the same bytes however many processes built it."""

    def __init__(self, index: SearchIndex, keys: list[str]) -> None:
        self._numbers = {key: n for n, key in enumerate(keys)}
        self._sequencer = Sequencer(len(keys), lambda item: index.add_searchable(*item))

    def number(self, key: str) -> int | None:
        """The page's place in the order (``None``: not indexed, e.g. a draft under ``serve``)."""
        return self._numbers.get(key)

    def put(self, number: int, item: tuple[str, str | None]) -> None:
        """``item`` is ``(url, searchable_part(html))``."""
        self._sequencer.put(number, item)

    @property
    def missing(self) -> int:
        return len(self._sequencer.missing)
