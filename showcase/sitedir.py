"""Building into a staging folder, so that a build that fails leaves the previous
site as it was.

MkDocs cleans the site folder before it writes anything; a build that then fails (a
strict-mode warning, a broken page, a stopped process) would leave an empty or
half-written site. The build writes into a staging folder beside the site instead;
only a build that succeeded replaces the site, with two renames.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

STAGING_PREFIX = ".showcase-staging-"
PREVIOUS_PREFIX = ".showcase-previous-"


class StagedSite:
    """A site folder and the staging folder beside it that a build writes into."""

    def __init__(self, site: Path):
        self.site = Path(os.path.abspath(site))
        tag = f"{self.site.name}-{os.getpid()}"
        self.staging = self.site.parent / f"{STAGING_PREFIX}{tag}"
        self._previous = self.site.parent / f"{PREVIOUS_PREFIX}{tag}"

    @classmethod
    def start(cls, site: Path) -> StagedSite | None:
        """A fresh staging folder for ``site``; None where one cannot be made (the
        build then writes into the site folder, as MkDocs does)."""
        staged = cls(site)
        try:
            staged.site.parent.mkdir(parents=True, exist_ok=True)
            _remove(staged.staging)
            # Leftovers of builds of this site folder that were stopped half-way.
            for entry in os.scandir(staged.site.parent):
                if _is_leftover(entry.name, staged.site.name):
                    _remove(Path(entry.path))
            staged.staging.mkdir()
        except OSError:
            return None
        return staged

    def publish(self) -> None:
        """Put the staged site in the site folder's place. Entries of the old site whose
        names start with a dot (``.git`` of a deployment checkout) are kept, as MkDocs'
        own cleaning keeps them."""
        if self.site.is_dir():
            for entry in os.scandir(self.site):
                if entry.name.startswith(".") and not (self.staging / entry.name).exists():
                    os.rename(entry.path, self.staging / entry.name)
            try:
                os.rename(self.site, self._previous)
            except OSError:
                # The site folder cannot be moved (a mount point, say): empty it and
                # move the new site in, entry by entry.
                _empty(self.site)
                for entry in os.scandir(self.staging):
                    os.rename(entry.path, self.site / entry.name)
                _remove(self.staging)
                return
        elif self.site.exists():
            self.site.unlink()
        os.rename(self.staging, self.site)
        _remove_in_background(self._previous)

    def discard(self) -> None:
        """Forget the staged site: the previous one stays as it was."""
        _remove(self.staging)


def _is_leftover(name: str, site_name: str) -> bool:
    """A staging or previous folder of ``site_name`` whose build process is gone."""
    for prefix in (STAGING_PREFIX, PREVIOUS_PREFIX):
        if name.startswith(f"{prefix}{site_name}-"):
            pid = name[len(prefix) + len(site_name) + 1 :]
            return pid.isdigit() and not _alive(int(pid))
    return False


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # this build's own: a leftover of a process that had the same id
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _remove_in_background(path: Path) -> None:
    """Delete the previous site in a process of its own that outlives the build: a
    site of 1,000 communities is ~6,000 files, a second to delete on a slow disk, and
    nobody waits for it. A deletion cut short is finished by the next build."""
    if not path.exists():
        return
    code = "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)"
    try:
        subprocess.Popen(
            [sys.executable, "-c", code, str(path)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError:
        _remove(path)


def _empty(folder: Path) -> None:
    for entry in os.scandir(folder):
        if not entry.name.startswith("."):
            _remove(Path(entry.path))


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
