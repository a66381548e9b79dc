"""Validated records kept between builds, keyed by what they were read from.

Loading a community (its ``index.md``, data files, evaluations and the images its
fields name) is a pure function of the files in its folder and of the code that reads
them. ``RecordCache`` keeps the outcome of that function: the community as loaded and
every error found in it, under a key that hashes

* ``CODE_VERSION``: the source of this package and the versions of the libraries that
  parse and check content (a rule changed in the contract gives new keys);
* how the folder is shown in messages (errors name paths as the editor sees them) and
  where it is (its path as given and its absolute path: a message may name the
  folder as given, and the files that fields name are kept as absolute paths);
* every file of the folder: its path and a hash of its bytes, the id git gives the
  same bytes (``git hash-object``).

So a key never outlives the content or the rules it was made from, a restored cache
in CI (at the same place) is as good as a local one, and a build that uses it is byte
for byte the build that does not (``tests/test_check_changed.py``).

Hashing every file of a large site costs more than reading a cache entry, so the hash
of a file is remembered by its ``stat`` signature (size, modification time in ns,
inode), as git's index does, except for files changed in the last ``RACY_SECONDS``:
a file written twice within the clock's resolution could keep its signature. Because
the hash is git's blob id, the id git gives the whole folder can be made too
(``tree_id``): the checker's ``--changed`` knows a folder git reports unchanged by its
tree in HEAD, without reading it.

Beside the entries, ``Outlines`` keeps, for each content folder, the latest key of
each of its community folders with a small outline of the record (what a check needs
of it, not the whole community) and whether the latest whole check of the folder found
no error in it: a check reads one file instead of one entry per community.

Nothing here knows about MkDocs or the content model; ``loader.load_site(cache=…)``
uses it.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

RACY_SECONDS = 2.0
KEEP_DAYS = 30  # an entry unused this long is deleted (``RecordCache.evict``)
_EVICTED_FILE = "evicted"
_MEMO_FILE = "file-hashes.pickle"
_OUTLINES_FOLDER = "outlines"
_FORMAT = 2  # bump when what an entry holds changes shape


def _code_version() -> str:
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{_FORMAT}:{sys.version_info[:2]}".encode())
    package = Path(__file__).resolve().parent
    for source in sorted(package.glob("*.py")):
        digest.update(source.name.encode() + b"\0" + source.read_bytes() + b"\0")
    for name in ("yaml", "PIL", "markdown"):
        module = sys.modules.get(name)
        if module is None:
            try:
                module = __import__(name)
            except ImportError:
                continue
        digest.update(f"{name}={getattr(module, '__version__', '?')}".encode())
    return digest.hexdigest()


CODE_VERSION = _code_version()


def blob_id(data: bytes) -> bytes:
    """The id git gives a file of these bytes (``git hash-object``), 20 bytes."""
    digest = hashlib.sha1(b"blob %d\0" % len(data), usedforsecurity=False)
    digest.update(data)
    return digest.digest()


class FileHashes:
    """Content hashes of files (``blob_id``), remembered by their ``stat`` signature
    under their absolute path. The memo is read when first needed: a run that keys
    few folders (``RecordCache.expect``: a small site, or a few folders of a large one)
    and hashes no more than ``DIRECT_BYTES`` hashes its files without it, quicker than
    reading the memo of a large site."""

    DIRECT_BYTES = 8 << 20

    def __init__(self, memo: dict[str, tuple] | None = None, read: Callable[[], dict] | None = None):
        self._memo = memo
        self._read = read
        self.seen: set[str] = set()
        self.changed = False
        self.direct = 0  # bytes hashed without the memo

    @property
    def memo(self) -> dict[str, tuple]:
        if self._memo is None:
            self._memo = self._read() if self._read is not None else {}
        return self._memo

    @memo.setter
    def memo(self, value: dict[str, tuple]) -> None:
        self._memo = value

    @property
    def loaded(self) -> bool:
        return self._memo is not None

    def memo_for(self, files: list[tuple[str, os.stat_result | None]]) -> dict[str, tuple] | None:
        """The memo, or None when these files are to be hashed without it."""
        if self._memo is None:
            size = sum(stat.st_size for _, stat in files if stat is not None)
            if self.direct + size <= self.DIRECT_BYTES:
                self.direct += size
                return None
        return self.memo

    def read(self, path: str) -> bytes:
        """The hash of a file, without the memo."""
        self.seen.add(path)
        with open(path, "rb") as handle:
            return blob_id(handle.read())

    def digest(self, path: str, stat: os.stat_result | None = None) -> bytes:
        """``path``: absolute."""
        stat = stat or os.stat(path)
        signature = (stat.st_size, stat.st_mtime_ns, stat.st_ino)
        self.seen.add(path)
        known = self.memo.get(path)
        if known is not None and known[0] == signature:
            return known[1]
        with open(path, "rb") as handle:
            digest = blob_id(handle.read())
        if stat.st_mtime_ns < (time.time() - RACY_SECONDS) * 1e9:
            self.memo[path] = (signature, digest)
            self.changed = True
        return digest


def folder_files(folder: Path | str, prefix: str = "") -> list[tuple[str, os.stat_result | None]]:
    """Every file under ``folder`` (symbolic links not followed), with its path
    relative to the folder (after ``prefix``) and its ``stat`` (None for a link or a
    special file), in a fixed order."""
    found: list[tuple[str, os.stat_result | None]] = []
    stack = [(os.fspath(folder), prefix.rstrip("/"))]
    while stack:
        path, rel = stack.pop()
        try:
            entries = list(os.scandir(path))
        except OSError:
            continue
        for entry in entries:
            entry_rel = f"{rel}/{entry.name}" if rel else entry.name
            if entry.is_dir(follow_symlinks=False):
                stack.append((entry.path, entry_rel))
            else:  # a link or a special file: its name is part of the key
                found.append((entry_rel, file_stat(entry)))
    found.sort(key=_first)
    return found


def file_stat(entry: os.DirEntry) -> os.stat_result | None:
    """The ``stat`` of a regular file, None for anything else (or a file gone since)."""
    try:
        return entry.stat(follow_symlinks=False) if entry.is_file(follow_symlinks=False) else None
    except OSError:
        return None


def _first(item: tuple) -> str:
    return item[0]


def tree_id(blobs: list) -> str | None:
    """The id git gives a folder holding these files (``git rev-parse HEAD:folder``,
    hex), from what ``RecordCache.key`` found: (path in the folder, ``st_mode``, blob
    id) each. None when a file cannot be described so (a link, an unreadable file)."""
    if any(blob is None for blob in blobs):
        return None
    root: dict = {}
    for rel, mode, blob in blobs:
        *folders, name = rel.split("/")
        node = root
        for part in folders:
            node = node.setdefault(part, {})
        node[name] = (b"100755" if mode & 0o100 else b"100644", blob)
    return _tree(root).hex()


def _tree(node: dict) -> bytes:
    entries = []
    for name, value in node.items():
        raw = name.encode("utf-8", "surrogateescape")
        if isinstance(value, dict):  # git sorts a folder as if its name ended in "/"
            entries.append((raw + b"/", b"40000 " + raw + b"\0" + _tree(value)))
        else:
            entries.append((raw, value[0] + b" " + raw + b"\0" + value[1]))
    entries.sort()
    body = b"".join(entry for _, entry in entries)
    return hashlib.sha1(b"tree %d\0" % len(body) + body, usedforsecurity=False).digest()


class RecordCache:
    """Loaded community folders on disk, under ``folder`` (``.cache/records``)."""

    # From this many folders to key in a run, the file hashes' memo is read at once.
    MEMO_FOLDERS = 100

    def __init__(self, folder: Path | str):
        self.folder = Path(folder)
        self.hashes = FileHashes(read=self._read_memo)
        self.hits = 0
        self.misses = 0
        self._outlines: dict[str, Outlines] = {}

    def expect(self, folders: int) -> None:
        """Keys of this many folders are coming: read the file hashes' memo now if
        they are many (else hashing their files may be quicker than reading it)."""
        if folders >= self.MEMO_FOLDERS:
            self.hashes.memo  # noqa: B018 (reads it)

    # -- keys -----------------------------------------------------------------

    def key(
        self, folder: Path | str, shown: str, files: list[tuple[str, os.stat_result | None]] | None = None, blobs: list | None = None
    ) -> str:
        """The key of a community folder shown to editors as ``shown``; ``files``:
        its files as ``folder_files`` lists them, when the caller has them already.
        ``blobs``: a list to add each file's (path, mode, blob id) to, for ``tree_id``
        (None for a link or an unreadable file)."""
        if files is None:
            files = folder_files(folder)
        absolute = os.path.abspath(folder)
        base = absolute + os.sep
        digest = hashlib.blake2b(digest_size=20)
        digest.update(f"{CODE_VERSION}\0{shown}\0{os.fspath(folder)}\0{absolute}\0".encode("utf-8", "surrogateescape"))
        update, hashes = digest.update, self.hashes
        memo, seen = hashes.memo_for(files), hashes.seen
        for rel, stat in files:
            update(rel.encode("utf-8", "surrogateescape") + b"\0")
            if stat is None:
                update(b"-\0")
                if blobs is not None:
                    blobs.append(None)
                continue
            path = base + rel
            known = memo.get(path) if memo is not None else None  # ``FileHashes.digest``, inline
            if known is not None and known[0] == (stat.st_size, stat.st_mtime_ns, stat.st_ino):
                seen.add(path)
                blob = known[1]
            else:
                try:
                    blob = hashes.digest(path, stat) if memo is not None else hashes.read(path)
                except OSError:
                    update(b"?\0")  # unreadable: never the same key as a readable file
                    if blobs is not None:
                        blobs.append(None)
                    continue
            update(blob)
            if blobs is not None:
                blobs.append((rel, stat.st_mode, blob))
        return digest.hexdigest()

    # -- entries --------------------------------------------------------------

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.pickle"

    def get(self, key: str) -> Any | None:
        try:
            data = self._path(key).read_bytes()
        except OSError:
            self.misses += 1
            return None
        try:
            value = pickle.loads(data)
        except Exception:  # a cut-off or foreign file: read the folder again
            self.misses += 1
            return None
        self.hits += 1
        try:  # used: kept by ``evict`` for another KEEP_DAYS
            os.utime(self._path(key))
        except OSError:
            pass
        return value

    def evict(self, now: float | None = None) -> int:
        """Delete entries no build or check has used for ``KEEP_DAYS`` (old versions of
        folders, copies of the content that are gone); at most once a day, as a build
        or a whole check ends. The number deleted."""
        now = time.time() if now is None else now
        stamp = self.folder / _EVICTED_FILE
        try:
            if now - stamp.stat().st_mtime < 86400:
                return 0
        except OSError:
            pass
        deleted, oldest = 0, now - KEEP_DAYS * 86400
        try:
            folders = [entry for entry in os.scandir(self.folder) if entry.is_dir() and len(entry.name) == 2]
        except OSError:
            return 0
        for folder in folders:
            for entry in os.scandir(folder.path):
                try:
                    if entry.stat().st_mtime < oldest:
                        os.unlink(entry.path)
                        deleted += 1
                except OSError:
                    pass
        try:
            stamp.touch()
            os.utime(stamp, (now, now))
        except OSError:
            pass
        return deleted

    def put(self, key: str, value: Any) -> None:
        self.put_bytes(key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))

    def put_bytes(self, key: str, data: bytes) -> None:
        folder = os.path.join(self.folder, key[:2])
        try:
            # Written beside the entry under a name of this process's own, then renamed:
            # a reader sees the old entry or the new one, never half of one.
            path = os.path.join(folder, f"{key}.pickle")
            temporary = os.path.join(folder, f".tmp-{os.getpid()}-{key}")
            flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
            try:
                handle = os.open(temporary, flags, 0o644)
            except FileNotFoundError:  # the entry's folder is made with its first entry
                os.makedirs(folder, exist_ok=True)
                handle = os.open(temporary, flags, 0o644)
            _write_then_rename(handle, temporary, path, data)
        except OSError:
            pass  # a read-only cache only costs time

    def put_many(self, items: Iterable[tuple[str, bytes]]) -> None:
        for key, data in items:
            self.put_bytes(key, data)

    # -- the hash memo ----------------------------------------------------------

    def _read_memo(self) -> dict:
        found = _read_pickle(self.folder / _MEMO_FILE)
        return found["hashes"] if isinstance(found, dict) and found.get("format") == _FORMAT else {}

    # -- outlines ---------------------------------------------------------------

    def outlines(self, root: Path | str) -> Outlines:
        """The outlines of the content folder ``root`` (read once per cache object)."""
        where = os.path.abspath(root)
        found = self._outlines.get(where)
        if found is None:
            name = hashlib.blake2b(where.encode("utf-8", "surrogateescape"), digest_size=12).hexdigest()
            found = self._outlines[where] = Outlines(self.folder / _OUTLINES_FOLDER / f"{name}.pickle")
        return found

    def save(self, complete: bool = False, root: Path | str | None = None) -> None:
        """Keep the remembered file hashes and the outlines for the next run;
        ``complete``: this run saw every file of the site (of the content folder
        ``root``, when given), so files it did not see there are gone and are forgotten."""
        for outlines in self._outlines.values():
            outlines.save()
        if not self.hashes.loaded:
            return  # not needed in this run: nothing to keep or forget
        if complete and len(self.hashes.seen) < len(self.hashes.memo):
            inside = os.path.join(os.path.abspath(root), "") if root is not None else ""
            seen = self.hashes.seen
            kept = {path: known for path, known in self.hashes.memo.items() if path in seen or not path.startswith(inside)}
            if len(kept) < len(self.hashes.memo):
                self.hashes.memo = kept
                self.hashes.changed = True
        if not self.hashes.changed:
            return
        if complete:  # written anyway: forget the folders that are gone (other copies of a site)
            there: dict[str, bool] = {}
            memo = self.hashes.memo
            for path in list(memo):
                folder = os.path.dirname(path)
                if folder not in there:
                    there[folder] = os.path.isdir(folder)
                if not there[folder]:
                    del memo[path]
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            data = {"format": _FORMAT, "hashes": self.hashes.memo}
            _atomic_write(self.folder / _MEMO_FILE, pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
            self.hashes.changed = False
        except OSError:
            pass


class Outlines:
    """For each community folder of one content folder (by slug), an entry
    ``(key, mark, outline, tree, brief)``:

    * ``key``: the key of its latest record;
    * ``mark``: what the latest check that read it found: a text saying under which
      conditions (frameworks, date: ``loader.check_mark``) it found no error anywhere
      in the folder, or None (errors, or not known);
    * ``outline`` and ``brief``: what a check needs of the record, and what it needs of
      a folder known to be fine (bytes and a small tuple the loader makes and reads);
    * ``tree``: the id git gives the folder's files (``tree_id``): a folder that git
      reports unchanged is known by its tree in HEAD, without reading it.

    An entry is used only with the key (or tree) it was made under: a stale or lost
    file costs time, never a wrong answer. Two processes may write the file; the last
    one wins."""

    def __init__(self, path: Path):
        self.path = path
        self.entries: dict[str, tuple[str, str | None, bytes, str | None, tuple]] = {}
        self.changed = False
        found = _read_pickle(path)
        if isinstance(found, dict) and found.get("format") == _FORMAT and found.get("code") == CODE_VERSION:
            self.entries = found["entries"]

    def get(self, slug: str, key: str) -> tuple | None:
        """The entry of ``slug``, if it was made under ``key``."""
        entry = self.entries.get(slug)
        return entry if entry is not None and entry[0] == key else None

    def fine(self, slug: str, tree: str) -> str | None:
        """The mark of ``slug`` when its files are git's tree ``tree``: how it was
        found fine, or None."""
        entry = self.entries.get(slug)
        return entry[1] if entry is not None and entry[3] == tree else None

    def put(self, slug: str, key: str, outline: bytes, brief: tuple, tree: str | None) -> None:
        entry = self.entries.get(slug)
        if entry is None or entry[0] != key:
            self.entries[slug] = (key, None, outline, tree, brief)
            self.changed = True

    def mark(self, slug: str, key: str, fine: str | None) -> None:
        """What a check found in ``slug`` (whose record is kept under ``key``)."""
        entry = self.entries.get(slug)
        if entry is not None and entry[0] == key and entry[1] != fine:
            self.entries[slug] = (key, fine, *entry[2:])
            self.changed = True

    def keep_only(self, slugs: set[str]) -> None:
        """Forget the folders that are gone."""
        if any(slug not in slugs for slug in self.entries):
            self.entries = {slug: entry for slug, entry in self.entries.items() if slug in slugs}
            self.changed = True

    def save(self) -> None:
        if not self.changed:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            data = {"format": _FORMAT, "code": CODE_VERSION, "entries": self.entries}
            _atomic_write(self.path, pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
            self.changed = False
        except OSError:
            pass


def _read_pickle(path: Path) -> Any:
    """A pickle written here, or None. Without the cyclic garbage collector meanwhile:
    tens of thousands of new objects would start it many times, for nothing."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    enabled = gc.isenabled()
    gc.disable()
    try:
        return pickle.loads(data)
    except Exception:  # a cut-off or foreign file
        return None
    finally:
        if enabled:
            gc.enable()


def _atomic_write(path: Path, data: bytes) -> None:
    """Write so that a reader sees the old file or the new one, never half of one
    (two builds may share a cache)."""
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    _write_then_rename(handle, tmp, path, data)


def _write_then_rename(handle: int, temporary: str, path, data: bytes) -> None:
    """Write ``data`` to the open ``temporary`` file, then rename it to ``path``; on
    failure nothing is left behind."""
    try:
        with open(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
