"""The project's own link checker: every internal link and resource of a built site
resolves to a file, and every ``#fragment`` to an element of the target page.

Checked: ``href`` of ``a``, ``area`` and ``link``; ``src`` of every element; each URL
of ``srcset``. Links to other hosts (a scheme or ``//``), ``mailto:``, ``tel:`` and
``data:`` are left alone; the tests that care about other hosts check them apart.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import etree


@dataclass
class _Page:
    links: list[str] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)


# lxml's HTML parser (libxml2, a pinned dependency already): a site of 100,000 pages is
# read in minutes, not the better part of an hour.
_PARSER = etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True)


_IDS = etree.XPath("//@id | //a/@name", smart_strings=False)
_LINKS = etree.XPath("//@src | //a/@href | //area/@href | //link/@href", smart_strings=False)
_SRCSETS = etree.XPath("//@srcset", smart_strings=False)


def _parse(path: Path) -> _Page:
    page = _Page()
    data = path.read_bytes()
    root = etree.fromstring(data, _PARSER) if data.strip() else None
    if root is None:
        return page
    page.ids.update(_IDS(root))
    page.links.extend(_LINKS(root))
    for value in _SRCSETS(root):
        page.links.extend(part.strip().split(" ")[0] for part in value.split(",") if part.strip())
    return page


def is_external(link: str) -> bool:
    parts = urlsplit(link)
    return bool(parts.scheme or parts.netloc) or link.startswith("//")


def broken_links(site: Path) -> dict[str, list[str]]:
    """Page (relative to ``site``) → its links that lead nowhere, for every HTML page.

    Two passes, so that a site of 100,000 pages is checked in little memory: each page's
    links to files are checked as it is read, and only the anchors links ask for are
    looked up after, in their target pages."""
    root = os.path.realpath(site)
    inside = root + os.sep
    found: dict[str, str | None] = {}  # a link's path → the file it leads to (None: none)

    def target_of(folder: str, rel: str) -> str | None:
        key = os.path.normpath(os.path.join(root if rel.startswith("/") else folder, rel.lstrip("/")))
        if key not in found:
            target = os.path.join(key, "index.html") if os.path.isdir(key) else key
            found[key] = target if target.startswith(inside) and os.path.isfile(target) else None
        return found[key]

    broken: dict[str, set[str]] = {}
    wanted: dict[str, dict[str, list[tuple[str, str]]]] = {}  # target → fragment → (page, link)
    for path in sorted(Path(root).rglob("*.html")):
        page = _parse(path)
        here = str(path)
        folder = os.path.dirname(here)
        name = here[len(inside) :].replace(os.sep, "/")
        for link in page.links:
            if is_external(link):
                continue
            parts = urlsplit(link)
            target = here
            if parts.path:
                target = target_of(folder, unquote(parts.path))
                if target is None:
                    broken.setdefault(name, set()).add(link)
                    continue
            fragment = unquote(parts.fragment)
            if fragment and target.endswith(".html"):
                if target == here:
                    if fragment not in page.ids:
                        broken.setdefault(name, set()).add(link)
                    continue
                wanted.setdefault(target, {}).setdefault(fragment, []).append((name, link))
    for target, fragments in wanted.items():
        ids = _parse(Path(target)).ids
        for fragment, uses in fragments.items():
            if fragment not in ids:
                for name, link in uses:
                    broken.setdefault(name, set()).add(link)
    return {name: sorted(links) for name, links in sorted(broken.items())}


def count_links(site: Path) -> int:
    return sum(len(_parse(path).links) for path in site.rglob("*.html"))
