"""Parsing built pages for tests: tags, attributes and text, with the stdlib parser."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    text: str = ""


@dataclass
class ParsedPage:
    elements: list[Element] = field(default_factory=list)
    text: str = ""

    def find_all(self, tag: str, **attrs: str) -> list[Element]:
        return [e for e in self.elements if e.tag == tag and all(e.attrs.get(k) == v for k, v in attrs.items())]

    def with_class(self, cls: str) -> list[Element]:
        return [e for e in self.elements if cls in e.attrs.get("class", "").split()]


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = ParsedPage()
        self.stack: list[Element] = []
        self.chunks: list[str] = []

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {k: (v or "") for k, v in attrs})
        self.page.elements.append(element)
        if tag not in {"img", "br", "hr", "meta", "link", "input", "source", "col", "wbr"}:
            self.stack.append(element)

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        self.chunks.append(data)
        for element in self.stack:
            element.text += data


def parse(html: str) -> ParsedPage:
    parser = _Parser()
    parser.feed(html)
    parser.page.text = "".join(parser.chunks)
    return parser.page


def parse_file(path: Path) -> ParsedPage:
    return parse(path.read_text(encoding="utf-8"))


URL_ATTRIBUTES = ("href", "src", "action", "formaction", "poster", "data", "srcset")


def unsafe_markup(page: ParsedPage) -> list[str]:
    """Event handlers, script URLs and foreign elements found in a page."""
    problems = []
    for element in page.elements:
        for name, value in element.attrs.items():
            if name.startswith("on"):
                problems.append(f"<{element.tag} {name}=…>")
            if name in URL_ATTRIBUTES:
                scheme = value.strip().lower().split(":", 1)[0] if ":" in value else ""
                if scheme in ("javascript", "data", "vbscript"):
                    problems.append(f"<{element.tag} {name}={value[:40]}>")
        ours = {"sc-hsearch", "sc-search-form", "sc-filters"}  # the theme's own forms: search, directory filters
        if element.tag in ("iframe", "object", "embed", "form") and not ours & set(element.attrs.get("class", "").split()):
            problems.append(f"<{element.tag}>")
        if element.tag == "script" and "alert(" in element.text:
            problems.append(f"<script>{element.text[:40]}")
    return problems


def foreign_requests(page: ParsedPage) -> list[str]:
    """Resources a page would load from another host (links to other sites are fine)."""
    found = []
    for element in page.elements:
        for name in ("src", "srcset", "poster", "data"):
            if name in element.attrs and urlparse(element.attrs[name]).netloc:
                found.append(f"<{element.tag} {name}={element.attrs[name]}>")
        if element.tag == "link" and element.attrs.get("rel") in ("stylesheet", "preload", "preconnect", "icon", "modulepreload"):
            if urlparse(element.attrs.get("href", "")).netloc:
                found.append(f"<link href={element.attrs['href']}>")
    return found
