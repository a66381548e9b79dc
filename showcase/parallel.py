"""Work split over forked processes, with results put back in a fixed order.

A build renders ~1,000 pages one after another on one core while the machine has more.
``ForkedWorker`` runs a function in a child process made with ``fork`` (so it shares
the loaded site and every compiled template without copying them) and streams what
the child sends back to a thread of the parent. ``Sequencer`` hands items to a
consumer strictly in sequence-number order, whichever process produced them first: the
search index, which depends on the order pages are added, comes out byte for byte the
same as in a build on one core.

Nothing here knows about MkDocs; ``hooks/showcase_hooks.py`` decides what is split.
"""

from __future__ import annotations

import os
import pickle
import struct
import sys
import threading
import traceback
from collections.abc import Callable, Iterable
from typing import Any

_HEADER = struct.Struct("!I")
_ITEM, _DONE, _FAILED = "item", "done", "failed"


class WorkerFailed(RuntimeError):
    """The child process raised, died or was killed; the message says which."""


def available_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    """Forking a process that holds threads is only safe enough on Linux."""
    return hasattr(os, "fork") and sys.platform.startswith("linux")


class Sequencer:
    """Passes ``(number, item)`` pairs on to ``emit`` in number order, from any thread.

    Numbers run from 0 to ``total - 1``, each given once; an item of ``None`` only
    advances the sequence. ``emit`` is called under the sequencer's lock, so items are
    never emitted concurrently.
    """

    def __init__(self, total: int, emit: Callable[[Any], None]) -> None:
        self.total = total
        self._emit = emit
        self._next = 0
        self._waiting: dict[int, Any] = {}
        self._lock = threading.Lock()

    def put(self, number: int, item: Any) -> None:
        with self._lock:
            if number < self._next or number in self._waiting or not 0 <= number < self.total:
                raise ValueError(f"sequence number {number} given twice or out of range")
            self._waiting[number] = item
            while self._next in self._waiting:
                ready = self._waiting.pop(self._next)
                self._next += 1
                if ready is not None:
                    self._emit(ready)

    @property
    def missing(self) -> list[int]:
        """Numbers not yet emitted (after the last producer finished: numbers never given)."""
        with self._lock:
            return [n for n in range(self._next, self.total) if n not in self._waiting]


class ForkedWorker:
    """Run ``work(send)`` in a forked child; ``receive(item)`` gets each sent item in
    the parent, on a reader thread, in the order sent.

    ``join()`` waits for the child and raises ``WorkerFailed`` with the child's
    traceback text if ``work`` raised, or with the exit status if the child died.
    The child never returns into the caller's code: it ends with ``os._exit``.
    """

    def __init__(self, work: Callable[[Callable[[Any], None]], None], receive: Callable[[Any], None], name: str = "worker") -> None:
        self.name = name
        self._receive = receive
        self._outcome: tuple[str, str] | None = None
        self._receive_error: BaseException | None = None
        for stream in (sys.stdout, sys.stderr):
            stream.flush()  # or the child would write the parent's pending output again
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child
            os.close(read_fd)
            _run_child(work, os.fdopen(write_fd, "wb", buffering=1 << 16))
        self.pid = pid
        self._reaped = False
        os.close(write_fd)
        self._pipe = os.fdopen(read_fd, "rb", buffering=1 << 16)
        self._reader = threading.Thread(target=self._read, name=f"{name}-results", daemon=True)
        self._reader.start()

    def _read(self) -> None:
        try:
            for kind, payload in _frames(self._pipe):
                if kind == _ITEM:
                    if self._receive_error is None:
                        try:
                            self._receive(payload)
                        except BaseException as exc:  # reported by join(); keep draining the pipe
                            self._receive_error = exc
                else:
                    self._outcome = (kind, payload)
        finally:
            self._pipe.close()

    def join(self) -> None:
        self._reader.join()
        _, status = os.waitpid(self.pid, 0)
        self._reaped = True
        if self._receive_error is not None:
            raise self._receive_error
        if self._outcome is not None and self._outcome[0] == _FAILED:
            raise WorkerFailed(self._outcome[1])
        if self._outcome is None or status != 0:
            if os.WIFSIGNALED(status):
                raise WorkerFailed(f"{self.name} 进程被信号 {os.WTERMSIG(status)} 终止")
            raise WorkerFailed(f"{self.name} 进程异常退出（状态 {os.waitstatus_to_exitcode(status)}）")

    def kill(self) -> None:
        """Stop the child at once (the build failed elsewhere); nothing if joined."""
        if self._reaped:
            return
        self._reaped = True
        try:
            os.kill(self.pid, 9)
        except ProcessLookupError:
            pass
        self._reader.join(timeout=30)
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass


def map_shares(function: Callable[[Any], Any], shares: list[Any]) -> list[Any]:
    """``[function(share) for share in shares]``, the first share in this process and
    each other one in a forked child, all at once. Results must pickle; they come
    back in share order. ``function`` must not change state the caller relies on: a
    child's changes stay in the child."""
    if len(shares) < 2 or not can_fork():
        return [function(share) for share in shares]
    results: list[list[Any]] = [[] for _ in shares]
    workers = [ForkedWorker(lambda send, share=share: send(function(share)), results[k].append, name=f"读取进程 {k}") for k, share in enumerate(shares[1:], start=1)]
    try:
        results[0].append(function(shares[0]))
    except BaseException:
        for worker in workers:
            worker.kill()
        raise
    for worker in workers:
        worker.join()
    return [result[0] for result in results]


def contiguous_shares(items: list[Any], count: int) -> list[list[Any]]:
    """``items`` cut into ``count`` runs of nearly equal length, in order."""
    count = max(1, min(count, len(items)))
    size, extra = divmod(len(items), count)
    shares, start = [], 0
    for k in range(count):
        end = start + size + (1 if k < extra else 0)
        shares.append(items[start:end])
        start = end
    return shares


def write_files(files: Iterable[tuple[str, bytes | Callable[[], bytes]]]) -> None:
    """Write ``(path, data)`` pairs, making folders as needed (each folder once);
    ``data`` may be a function that makes the bytes (then the writer makes them)."""
    made: set[str] = set()
    for path, data in files:
        if callable(data):
            data = data()
        folder = os.path.dirname(path)
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        with open(path, "wb") as out:
            out.write(data)


def _frames(stream) -> Iterable[tuple[str, Any]]:
    while True:
        header = stream.read(_HEADER.size)
        if len(header) < _HEADER.size:
            return  # the child ended (a cut-off frame means it died: join() says so)
        (size,) = _HEADER.unpack(header)
        data = stream.read(size)
        if len(data) < size:
            return
        yield pickle.loads(data)


def _write_frame(out, kind: str, payload: Any) -> None:
    data = pickle.dumps((kind, payload), protocol=pickle.HIGHEST_PROTOCOL)
    out.write(_HEADER.pack(len(data)))
    out.write(data)


def _run_child(work: Callable[[Callable[[Any], None]], None], out) -> None:
    code = 0
    try:
        try:
            work(lambda item: _write_frame(out, _ITEM, item))
            _write_frame(out, _DONE, "")
        except BaseException:
            code = 1
            _write_frame(out, _FAILED, traceback.format_exc())
        out.flush()
    except BaseException:  # the parent is gone: nothing left to tell
        code = 1
    finally:
        os._exit(code)


_LIBC = None


def trim_memory() -> None:
    """Give memory that is free but still held by the C allocator back to the system
    (glibc's ``malloc_trim``; nothing elsewhere). A build makes and drops a page's HTML,
    its searchable text and the search service's messages (a bundle's files: tens of
    MB) thousands of times, on several threads. At 10,000 communities the build's
    main process held about 1.46 GB; with this (after each written bundle and every
    ``TRIM_EVERY`` pages) and the service's answers let go of once read, 0.95 GB."""
    global _LIBC
    if _LIBC is None:
        try:
            import ctypes

            libc = ctypes.CDLL("libc.so.6")
            _LIBC = libc if hasattr(libc, "malloc_trim") else False
        except OSError:
            _LIBC = False
    if _LIBC:
        _LIBC.malloc_trim(0)
