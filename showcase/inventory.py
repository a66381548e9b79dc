"""What a content folder may hold, and what of it is published.

One walk over the content folder, never following a symbolic link, sorts every entry
into what the contract names: community folders and their data files, policies,
frameworks, notices, ordinary Markdown pages, images (published only after the image
pipeline has re-encoded them) and PDF attachments. Editors' debris (``.DS_Store``,
Office lock files, hidden files) is skipped and listed for an INFO line. Everything else
is an error naming its path: a file the build does not read is never silently copied
to the site, and a file or folder that would be replaced by a generated page is never
silently lost.

This is the one place where file names and locations are judged; the loader reads
what the inventory found, and the MkDocs hooks publish only what it allows.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from operator import attrgetter
from pathlib import Path

from .errors import Report
from .images import is_image_name
from .messages import msg
from .records import file_stat, folder_files
from .schema import SLUG_PATTERN
from .urls import FRAMEWORKS_FOLDER, RESERVED_FOLDERS, ROOT_FILES, is_reserved

_SLUG = re.compile(SLUG_PATTERN)
_YEAR_FILE = re.compile(r"^[12][0-9]{3}\.yml$")
COMMUNITY_DATA_FILES = ("achievements.yml", "rectifications.yml")
# Extensions Python-Markdown/MkDocs would also take as pages. Pages of the contract
# (communities, policies, notices) must be ``.md``; ordinary pages may use these too.
OTHER_MARKDOWN = (".markdown", ".mdown", ".mkdn", ".mkd")
YAML_SUFFIXES = (".yml", ".yaml")
ATTACHMENT_SUFFIXES = (".pdf",)
# Files that editors' tools leave behind: never published, never an error.
_DEBRIS_NAMES = {"thumbs.db", "ehthumbs.db", "desktop.ini"}
_DEBRIS_SUFFIXES = ("~", ".swp", ".swo", ".tmp", ".bak")
COMMUNITIES = "communities"
CONTRACT_FOLDERS = (COMMUNITIES, "policies", "notices")
_NAME = attrgetter("name")

# How each kind of file is published.
PAGE = "page"  # Markdown, turned into HTML (contract pages and ordinary pages)
IMAGE = "image"  # re-encoded by the image pipeline
ATTACHMENT = "attachment"  # copied as it is (PDF, checked by its signature)
DATA = "data"  # read by the build, published only as pages, badges and data files


@dataclass
class CommunityFolder:
    """One ``communities/<slug>/`` folder, as found on disk."""

    slug: str
    location: str  # the folder's path, as ``path`` (without pathlib's cost for each of thousands)
    has_index: bool = False
    # Paths as found, made into ``Path`` objects only when asked for: a check that
    # takes the folder from the record cache never needs them.
    data_names: dict[str, str] = field(default_factory=dict)  # achievements.yml, rectifications.yml
    evaluation_names: list[str] = field(default_factory=list)  # evaluations/<year>.yml
    # Every file of the folder with its ``stat``, as ``records.folder_files`` lists
    # them (for the record cache's key), when the inventory was asked for them.
    files: list[tuple[str, os.stat_result | None]] | None = None

    @cached_property
    def path(self) -> Path:
        return Path(self.location)

    @property
    def data_files(self) -> dict[str, Path]:
        return {name: Path(path) for name, path in self.data_names.items()}

    @property
    def evaluations(self) -> list[Path]:
        return [Path(path) for path in self.evaluation_names]


@dataclass
class Inventory:
    """Every file of a content folder, sorted by what the build does with it."""

    root: Path
    communities: list[CommunityFolder] = field(default_factory=list)
    policies: list[Path] = field(default_factory=list)
    frameworks: list[Path] = field(default_factory=list)
    notices: list[Path] = field(default_factory=list)
    ordinary_pages: list[Path] = field(default_factory=list)
    kinds: dict[str, str] = field(default_factory=dict)  # POSIX path under root → PAGE / IMAGE / …
    # Files that cannot be published, with the message key: reported by the loader
    # unless a field names the file (then the field's own error says more).
    rejected: dict[Path, str] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)  # debris, as POSIX paths under root
    # Community folders left unread (``take_inventory(only=…)``): slug → path. Their
    # files are in none of the lists above.
    unread: dict[str, str] = field(default_factory=dict)

    def kind(self, rel: str) -> str | None:
        """How the file at ``rel`` (POSIX, under the content folder) is published;
        None for a file the site must not contain."""
        return self.kinds.get(rel)

    def images(self) -> list[str]:
        return [rel for rel, kind in self.kinds.items() if kind == IMAGE]

    def completed(self, earlier: Inventory) -> Inventory | None:
        """This inventory (taken with ``only``) with each folder it left unread as
        ``earlier`` found it: what a whole walk would find if those folders have not
        changed since. None when ``earlier`` does not hold one of them."""
        earlier_folders = {found.slug: found for found in earlier.communities}
        if not self.unread.keys() <= earlier_folders.keys():
            return None
        unread = self.unread

        def kept(rel: str) -> bool:  # a path under a folder left unread
            parts = rel.split("/", 2)
            return len(parts) == 3 and parts[0] == COMMUNITIES and parts[1] in unread

        root_parts = len(self.root.parts)
        merged = Inventory(self.root, policies=self.policies, frameworks=self.frameworks, notices=self.notices, ordinary_pages=self.ordinary_pages)
        folders = self.communities + [earlier_folders[slug] for slug in unread]
        merged.communities = sorted(folders, key=attrgetter("slug"))
        merged.kinds = {**self.kinds, **{rel: kind for rel, kind in earlier.kinds.items() if kept(rel)}}
        merged.rejected = {**self.rejected, **{path: key for path, key in earlier.rejected.items() if kept("/".join(path.parts[root_parts:]))}}
        # In the walk's order: depth first, each folder's entries by name.
        merged.skipped = sorted(self.skipped + [rel for rel in earlier.skipped if kept(rel)], key=lambda rel: rel.rstrip("/").split("/"))
        return merged


def is_debris(name: str) -> bool:
    """Hidden files and what editors' tools leave behind (``.DS_Store``, ``~$x.docx``)."""
    lower = name.lower()
    return name.startswith((".", "~$")) or lower in _DEBRIS_NAMES or lower.endswith(_DEBRIS_SUFFIXES)


# Debris starts with "." or "~", or ends with the last letter of a debris suffix or name
# (either case): a name that does neither needs no ``is_debris`` (the walk's quick test).
_MAYBE_DEBRIS = frozenset(".~" + "".join(suffix[-1] for suffix in _DEBRIS_SUFFIXES) + "".join(n[-1] for n in _DEBRIS_NAMES))


class _Walk:
    def __init__(self, root: Path, report: Report, shown, only: set[str] | None = None, files: bool = False):
        self.root = root
        self.report = report
        self.shown = shown
        self.only = only
        self.inventory = Inventory(root)
        # While a community folder is walked with ``files``: its list, and where the
        # folder's own part of a path under the root starts.
        self.listing: list | None = None
        self.cut = 0
        self.want_files = files

    def error(self, path: Path | str, field_name: str, key: str, **values) -> None:
        self.report.add(self.shown(Path(path)), None, field_name, msg(key, **values))

    def entries(self, folder: Path | str, rel: str) -> list[tuple[os.DirEntry, str]]:
        """The folder's entries other than debris and symbolic links (both reported).
        In a community folder walked for the record cache, every file met (debris
        too) goes to ``listing``; the walk goes into every kept folder itself."""
        try:
            found = sorted(os.scandir(folder), key=_NAME)
        except OSError as exc:
            self.error(folder, "文件夹", "folder_unreadable", reason=exc.strerror or str(exc))
            return []
        kept = []
        listing, cut = self.listing, self.cut
        prefix = f"{rel}/" if rel else ""
        maybe = _MAYBE_DEBRIS
        for entry in found:
            name = entry.name
            entry_rel = prefix + name
            if entry.is_symlink():
                # Never followed: a link to /etc/passwd or /proc/self/environ would be
                # published, and a loop would never end.
                self.error(entry.path, "文件", "symlink", value=name)
                if listing is not None:
                    listing.append((entry_rel[cut:], None))
            elif (name[0] in maybe or name[-1].lower() in maybe) and is_debris(name):
                is_dir = entry.is_dir(follow_symlinks=False)
                self.inventory.skipped.append(entry_rel + ("/" if is_dir else ""))
                if listing is not None:
                    self.list_files(entry, entry_rel)
            else:
                kept.append((entry, entry_rel))
                if listing is not None and not entry.is_dir(follow_symlinks=False):
                    try:  # ``records.file_stat``, inline: tens of thousands of files
                        listing.append((entry_rel[cut:], entry.stat(follow_symlinks=False) if entry.is_file(follow_symlinks=False) else None))
                    except OSError:
                        listing.append((entry_rel[cut:], None))
        return kept

    def list_files(self, entry: os.DirEntry, rel: str) -> None:
        """A file or folder of a community folder the walk does not go into: its
        files still count for the record cache's key."""
        if entry.is_dir(follow_symlinks=False):
            self.listing.extend(folder_files(entry.path, rel[self.cut :]))
        else:
            self.listing.append((rel[self.cut :], file_stat(entry)))

    def walk(self) -> Inventory:
        for entry, rel in self.entries(self.root, ""):
            if entry.is_dir(follow_symlinks=False) and entry.name in RESERVED_FOLDERS:
                self.error(Path(entry.path), "文件夹", "reserved_path", value=rel + "/")
            elif entry.is_dir(follow_symlinks=False) and entry.name in CONTRACT_FOLDERS:
                getattr(self, f"walk_{entry.name}")(Path(entry.path), rel)
            else:
                self.ordinary(entry, rel)
        return self.inventory

    # -- ordinary folders and files ---------------------------------------------------

    def ordinary(self, entry: os.DirEntry, rel: str, strict_markdown: bool = False) -> None:
        """A file (or, recursively, a folder) outside the contract's own data files:
        a Markdown page, an image or a PDF. ``strict_markdown``: in the contract's
        folders a page must end in ``.md``."""
        path = Path(entry.path)
        if entry.is_dir(follow_symlinks=False):
            for child, child_rel in self.entries(path, rel):
                self.ordinary(child, child_rel, strict_markdown)
            return
        name, lower = entry.name, entry.name.lower()
        markdown = name.endswith(".md") or (name.endswith(OTHER_MARKDOWN) and not strict_markdown)
        if not entry.is_file(follow_symlinks=False):
            self.error(path, "文件", "unknown_file_type", value=name)
        elif is_reserved(rel, markdown):
            self.error(path, "文件", "reserved_path", value=rel)
        elif markdown:
            self.inventory.ordinary_pages.append(path)
            self.inventory.kinds[rel] = PAGE
        elif lower.endswith((".md",) + OTHER_MARKDOWN):
            # `.MD` would be copied as a raw file, `.markdown` in a contract folder
            # read as an ordinary page without its status: neither is what was meant.
            self.error(path, "文件名", "markdown_suffix", value=name)
        elif is_image_name(name):
            self.inventory.kinds[rel] = IMAGE
        elif lower.endswith(ATTACHMENT_SUFFIXES):
            if _is_pdf(path):
                self.inventory.kinds[rel] = ATTACHMENT
            else:
                self.error(path, "文件", "attachment_not_pdf", value=name)
        elif lower.endswith(YAML_SUFFIXES):
            self.error(path, "文件", "stray_data_file", value=name)
        elif rel in ROOT_FILES:
            self.inventory.kinds[rel] = ATTACHMENT  # plain text a host reads (a custom domain)
        else:
            self.inventory.rejected[path] = "unknown_file_type"

    # -- communities ----------------------------------------------------------------

    def walk_communities(self, folder: Path, rel: str) -> None:
        only = self.only
        for entry, entry_rel in self.entries(folder, rel):
            if entry.is_dir(follow_symlinks=False):
                if not _SLUG.fullmatch(entry.name):
                    self.error(entry.path, "文件夹", "bad_dir_name", value=entry.name)
                elif only is None or entry.name in only:
                    self.walk_community(entry.path, entry_rel, entry.name)
                else:
                    self.inventory.unread[entry.name] = entry.path
            elif entry.name.lower().endswith(YAML_SUFFIXES):
                self.error(entry.path, "文件", "unknown_data_file", value=entry.name)
            elif is_reserved(entry_rel, True):
                self.error(entry.path, "文件", "reserved_path", value=entry_rel)
            else:
                # A page here would share the address of a community's folder.
                self.error(entry.path, "文件", "loose_community_file", value=entry.name)

    def walk_community(self, folder: str, rel: str, slug: str) -> None:
        community = CommunityFolder(slug, folder)
        if self.want_files:
            self.listing, self.cut = [], len(rel) + 1
        kinds = self.inventory.kinds
        for entry, entry_rel in self.entries(folder, rel):
            name = entry.name
            if name == "evaluations" and entry.is_dir(follow_symlinks=False):
                self.walk_evaluations(entry.path, entry_rel, community)
            elif name == "index.md" and entry.is_file(follow_symlinks=False):
                community.has_index = True
                kinds[entry_rel] = PAGE
            elif name in COMMUNITY_DATA_FILES and entry.is_file(follow_symlinks=False):
                community.data_names[name] = entry.path
                kinds[entry_rel] = DATA
            else:
                self.community_file(entry, entry_rel)
        if self.listing is not None:
            self.listing.sort(key=_first)
            community.files, self.listing = self.listing, None
        if not community.has_index:
            self.report.add(self.shown(community.path), None, "index.md", msg("community_without_index"))
        self.inventory.communities.append(community)

    def community_file(self, entry: os.DirEntry, rel: str) -> None:
        """A file in a community folder other than its profile and data files: an
        image, a PDF or another Markdown page; YAML here is a misplaced data file."""
        if entry.is_dir(follow_symlinks=False):
            for child, child_rel in self.entries(entry.path, rel):
                self.community_file(child, child_rel)
        elif entry.name.lower().endswith(YAML_SUFFIXES):
            self.error(entry.path, "文件", "unknown_data_file", value=rel.split("/", 2)[2])
        else:
            self.ordinary(entry, rel, strict_markdown=True)

    def walk_evaluations(self, folder: str, rel: str, community: CommunityFolder) -> None:
        for entry, entry_rel in self.entries(folder, rel):
            if entry.is_file(follow_symlinks=False) and _YEAR_FILE.match(entry.name):
                community.evaluation_names.append(entry.path)
                self.inventory.kinds[entry_rel] = DATA
            elif entry.is_file(follow_symlinks=False) and entry.name.lower().endswith(YAML_SUFFIXES):
                self.error(entry.path, "文件名", "evaluation_file_name", value=entry.name)
            else:
                if self.listing is not None and entry.is_dir(follow_symlinks=False):
                    self.list_files(entry, entry_rel)  # not walked: its files still count
                self.error(entry.path, "文件", "not_an_evaluation", value=entry.name)

    # -- policies and notices -------------------------------------------------------

    def walk_policies(self, folder: Path, rel: str) -> None:
        self.walk_pages(folder, rel, self.inventory.policies, "civilized-family.md")

    def walk_notices(self, folder: Path, rel: str) -> None:
        self.walk_pages(folder, rel, self.inventory.notices, "civilized-family.md")

    def walk_pages(self, folder: Path, rel: str, target: list[Path], example: str) -> None:
        """Policies or notices: ``<slug>.md`` each; sub-folders hold images and PDFs
        (and, for policies, the frameworks)."""
        for entry, entry_rel in self.entries(folder, rel):
            path, name = Path(entry.path), entry.name
            if entry_rel == FRAMEWORKS_FOLDER and entry.is_dir(follow_symlinks=False):
                self.walk_frameworks(path, entry_rel)
            elif entry.is_dir(follow_symlinks=False):
                self.ordinary(entry, entry_rel, strict_markdown=True)
            elif name.lower().endswith(YAML_SUFFIXES):
                self.error(path, "文件", "stray_data_file", value=name)
            elif name.endswith(".md") and not is_reserved(entry_rel, True):
                if _SLUG.fullmatch(name[:-3]):
                    target.append(path)
                    self.inventory.kinds[entry_rel] = PAGE
                else:
                    self.error(path, "文件名", "bad_file_name", value=name, example=example)
            else:
                self.ordinary(entry, entry_rel, strict_markdown=True)

    def walk_frameworks(self, folder: Path, rel: str) -> None:
        for entry, entry_rel in self.entries(folder, rel):
            path, name = Path(entry.path), entry.name
            if entry.is_file(follow_symlinks=False) and is_reserved(entry_rel, False):
                self.error(path, "文件", "reserved_path", value=entry_rel)
            elif entry.is_file(follow_symlinks=False) and name.endswith(".yml") and _SLUG.fullmatch(name[:-4]):
                self.inventory.frameworks.append(path)
                self.inventory.kinds[entry_rel] = DATA
            elif entry.is_file(follow_symlinks=False) and name.lower().endswith(YAML_SUFFIXES):
                self.error(path, "文件名", "bad_file_name", value=name, example="capital-2024.yml")
            else:
                self.error(path, "文件", "not_a_framework", value=name)


def _is_pdf(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(5) == b"%PDF-"
    except OSError:
        return False


def _first(item: tuple) -> str:
    return item[0]


def edited_communities(root: Path, paths: Iterable[str]) -> set[str] | None:
    """The community folders (slugs) that the changed ``paths`` are in, or are, for
    ``loader.reload_site``; None when a path is the communities' folder itself or in
    the frameworks' folder (every evaluation is checked against the frameworks).
    Other paths under ``root`` (policies, notices, ordinary pages) are read again
    anyway; paths outside it are not content."""
    base = os.path.abspath(root)
    frameworks = FRAMEWORKS_FOLDER.split("/")
    slugs: set[str] = set()
    for path in paths:
        rel = os.path.relpath(os.path.abspath(path), base)
        parts = rel.split(os.sep)
        if parts[0] in (os.curdir, os.pardir):
            continue
        if parts[: len(frameworks)] == frameworks or frameworks[: len(parts)] == parts:
            return None
        if parts[0] == COMMUNITIES:
            if len(parts) == 1:
                return None
            slugs.add(parts[1])
    return slugs


def take_inventory(root: Path, report: Report, shown, only: set[str] | None = None, files: bool = False) -> Inventory:
    """Sort every file under ``root``; report misplaced, reserved and unknown files and
    symbolic links to ``report`` (``shown`` turns a path into the editor's view of it).

    ``only``: the slugs of the community folders to walk; the others are listed in
    ``unread`` and nothing in them is looked at (None: every folder).
    ``files``: also list every file of each community folder walked, with its
    ``stat``, in ``CommunityFolder.files`` (the record cache's key needs them; one
    walk instead of two)."""
    return _Walk(root, report, shown, only, files).walk()
