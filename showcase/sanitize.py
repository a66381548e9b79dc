"""Sanitizing the HTML that editors' Markdown produces, with an allowlist (nh3).

Kept: the structure Python-Markdown and Material produce (headings with ids, tables,
admonitions, footnotes, code highlighting, details). Dropped: scripts, styles, frames,
forms, every ``on*`` attribute, and URLs that are not http(s), mailto, tel or relative.
"""

from __future__ import annotations

import re

import nh3

TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del",
    "details", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "small",
    "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
    "time", "tr", "u", "ul",
}
GENERIC_ATTRIBUTES = {"id", "class", "title", "lang", "dir"}
ATTRIBUTES = {
    "a": {"href", "name"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "ol": {"start", "type"},
    "details": {"open"},
    "time": {"datetime"},
    "col": {"span"},
    "colgroup": {"span"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}

_IMG = re.compile(r"<img\b")


def sanitize_html(html: str) -> str:
    """Allowlisted HTML; images made lazy so old phones load only what is seen."""
    clean = nh3.clean(
        html,
        tags=TAGS,
        attributes={**ATTRIBUTES, "*": GENERIC_ATTRIBUTES},
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
        clean_content_tags={"script", "style"},
    )
    # nh3 has dropped any loading/decoding attribute, so these cannot be duplicated.
    return _IMG.sub('<img loading="lazy" decoding="async"', clean)
