"""The project's own link checker: every internal link and resource of a built site
resolves to a file, and every ``#fragment`` to an element of the target page.

Checked: ``href`` of ``a``, ``area`` and ``link``; ``src`` of every element; each URL
of ``srcset``. Links to other hosts (a scheme or ``//``), ``mailto:``, ``tel:`` and
``data:`` are left alone; the tests that care about other hosts check them apart.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


@dataclass
class _Page:
    links: list[str] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = _Page()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value is None:
                continue
            if name in ("id", "name") and (name == "id" or tag == "a"):
                self.page.ids.add(value)
            elif name == "src" or (name == "href" and tag in ("a", "area", "link")):
                self.page.links.append(value)
            elif name == "srcset":
                self.page.links.extend(part.strip().split(" ")[0] for part in value.split(",") if part.strip())


def _parse(path: Path) -> _Page:
    parser = _Parser()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    return parser.page


def is_external(link: str) -> bool:
    parts = urlsplit(link)
    return bool(parts.scheme or parts.netloc) or link.startswith("//")


def broken_links(site: Path) -> dict[str, list[str]]:
    """Page (relative to ``site``) → its links that lead nowhere, for every HTML page.

    Two passes, so that a site of 100,000 pages is checked in little memory: each page's
    links to files are checked as it is read, and only the anchors links ask for are
    looked up after, in their target pages."""
    site = site.resolve()
    broken: dict[str, set[str]] = {}
    wanted: dict[Path, dict[str, list[tuple[str, str]]]] = {}  # target → fragment → (page, link)
    for path in sorted(site.rglob("*.html")):
        page = _parse(path)
        name = path.relative_to(site).as_posix()
        for link in page.links:
            if is_external(link):
                continue
            parts = urlsplit(link)
            target = path
            if parts.path:
                rel = unquote(parts.path)
                base = site if rel.startswith("/") else path.parent
                target = Path(os.path.normpath(base / rel.lstrip("/")))
                if target.is_dir():
                    target = target / "index.html"
                if not target.is_file() or site not in target.parents:
                    broken.setdefault(name, set()).add(link)
                    continue
            fragment = unquote(parts.fragment)
            if fragment and target.suffix == ".html":
                if target == path:
                    if fragment not in page.ids:
                        broken.setdefault(name, set()).add(link)
                    continue
                wanted.setdefault(target, {}).setdefault(fragment, []).append((name, link))
    for target, fragments in wanted.items():
        ids = _parse(target).ids
        for fragment, uses in fragments.items():
            if fragment not in ids:
                for name, link in uses:
                    broken.setdefault(name, set()).add(link)
    return {name: sorted(links) for name, links in sorted(broken.items())}


def count_links(site: Path) -> int:
    return sum(len(_parse(path).links) for path in site.rglob("*.html"))
