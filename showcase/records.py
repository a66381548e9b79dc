"""Validated records kept between builds, keyed by what they were read from.

Loading a community (its ``index.md``, data files, evaluations and the images its
fields name) is a pure function of the files in its folder and of the code that reads
them. ``RecordCache`` keeps the outcome of that function: the community as loaded and
every error found in it, under a key that hashes

* ``CODE_VERSION``: the source of this package and the versions of the libraries that
  parse and check content (a rule changed in the contract gives new keys);
* how the folder is shown in messages (errors name paths as the editor sees them);
* every file of the folder: its path and a hash of its bytes.

So a key never outlives the content or the rules it was made from, a restored cache
in CI is as good as a local one, and a build that uses it is byte for byte the build
that does not (``tests/test_records.py``).

Hashing every file of a large site costs more than reading a cache entry, so the hash
of a file is remembered by its ``stat`` signature (size, modification time in ns,
inode), as git's index does, except for files changed in the last ``RACY_SECONDS``:
a file written twice within the clock's resolution could keep its signature.

Nothing here knows about MkDocs; ``loader.load_site(cache=…)`` uses it.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

RACY_SECONDS = 2.0
_MEMO_FILE = "file-hashes.pickle"
_FORMAT = 1  # bump when what an entry holds changes shape


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


class FileHashes:
    """Content hashes of files, remembered by their ``stat`` signature."""

    def __init__(self, memo: dict[str, tuple] | None = None):
        self.memo: dict[str, tuple] = memo or {}
        self.seen: set[str] = set()
        self.changed = False

    def digest(self, path: str, stat: os.stat_result | None = None) -> bytes:
        stat = stat or os.stat(path)
        signature = (stat.st_size, stat.st_mtime_ns, stat.st_ino)
        self.seen.add(path)
        known = self.memo.get(path)
        if known is not None and known[0] == signature:
            return known[1]
        with open(path, "rb") as handle:
            digest = hashlib.blake2b(handle.read(), digest_size=20).digest()
        if stat.st_mtime_ns < (time.time() - RACY_SECONDS) * 1e9:
            self.memo[path] = (signature, digest)
            self.changed = True
        return digest


def folder_files(folder: Path) -> list[tuple[str, os.stat_result]]:
    """Every regular file under ``folder`` (symbolic links not followed), with its
    path relative to the folder, in a fixed order."""
    found: list[tuple[str, os.stat_result]] = []
    stack = [(str(folder), "")]
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
            elif entry.is_file(follow_symlinks=False):
                found.append((entry_rel, entry.stat(follow_symlinks=False)))
            else:  # a link or a special file: its name is part of the key
                found.append((entry_rel, None))
    found.sort(key=lambda item: item[0])
    return found


class RecordCache:
    """Loaded community folders on disk, under ``folder`` (``.cache/records``)."""

    def __init__(self, folder: Path | str):
        self.folder = Path(folder)
        self.hashes = FileHashes(self._read_memo())
        self.hits = 0
        self.misses = 0

    # -- keys -----------------------------------------------------------------

    def key(self, folder: Path, shown: str) -> str:
        """The key of a community folder shown to editors as ``shown``."""
        digest = hashlib.blake2b(digest_size=20)
        digest.update(CODE_VERSION.encode() + b"\0" + shown.encode() + b"\0")
        for rel, stat in folder_files(folder):
            digest.update(rel.encode("utf-8", "surrogateescape") + b"\0")
            if stat is None:
                digest.update(b"-\0")
                continue
            try:
                digest.update(self.hashes.digest(os.path.join(folder, rel), stat))
            except OSError:
                digest.update(b"?\0")  # unreadable: never the same key as a readable file
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
        return value

    def put(self, key: str, value: Any) -> None:
        self.put_bytes(key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))

    def put_bytes(self, key: str, data: bytes) -> None:
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            _atomic_write(path, data)
        except OSError:
            pass  # a read-only cache only costs time

    def put_many(self, items: Iterable[tuple[str, bytes]]) -> None:
        for key, data in items:
            self.put_bytes(key, data)

    # -- the hash memo ----------------------------------------------------------

    def _read_memo(self) -> dict:
        try:
            memo = pickle.loads((self.folder / _MEMO_FILE).read_bytes())
        except Exception:
            return {}
        return memo if isinstance(memo, dict) else {}

    def save(self, complete: bool = False) -> None:
        """Keep the remembered file hashes for the next run; ``complete``: this run saw
        every file of the site, so files it did not see are gone and are forgotten."""
        if complete and len(self.hashes.seen) < len(self.hashes.memo):
            self.hashes.memo = {path: known for path, known in self.hashes.memo.items() if path in self.hashes.seen}
            self.hashes.changed = True
        if not self.hashes.changed:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            _atomic_write(self.folder / _MEMO_FILE, pickle.dumps(self.hashes.memo, protocol=pickle.HIGHEST_PROTOCOL))
            self.hashes.changed = False
        except OSError:
            pass


def _atomic_write(path: Path, data: bytes) -> None:
    """Write so that a reader sees the old file or the new one, never half of one
    (two builds may share a cache)."""
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
