"""Sanitizing the HTML that editors' Markdown produces, with an allowlist (nh3).

Kept: the structure Python-Markdown and Material produce (headings with ids, tables,
admonitions, footnotes, code highlighting, details). Dropped: scripts, styles, frames,
forms, every ``on*`` attribute, and URLs that are not http(s), mailto, tel or relative.

On top of the allowlist, three rules keep editors' content from reaching into the page
around it:

- **Reserved ids.** An ``id`` (or an ``<a name>``) the theme uses is dropped, so content
  cannot shadow Material's configuration (``<script id="__config">``, read with
  ``querySelector("#__config")``), its toggles (``__drawer``, ``__search``, ``__toc``…),
  our templates' anchors (``sc-…``) or a global the scripts test (``window.__scSearch``).
  See :func:`is_reserved_id`.
- **Same-site images only.** An image whose source is not a relative URL would make the
  reader's browser ask another host (and tell it who reads what); it is replaced by its
  alt text. Links to other hosts stay: following one is the reader's choice.
- **Inert titles and classes.** Material's ``content.tooltips`` shows an element's
  ``title`` *as HTML* (``innerHTML``), so a ``<`` in a title would be markup, including
  ``<img src=https://…>``; it is written as the full-width ``＜``. The ``mermaid`` class
  makes Material download mermaid.js from unpkg.com; it is dropped.
"""

from __future__ import annotations

import html as _html
import re

import nh3

TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del",
    "details", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "small",
    "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
    "time", "tr", "u", "ul",
}
# No attribute here or below may hold a URL that loads something (no srcset, poster,
# background, style, ping, data…): only <a href> and <img src> carry URLs, and <img src>
# is limited to this site.
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

# Ids (and <a name> values) that belong to the theme. Where each comes from:
#   "__"        Material: every id in its templates (__config, __drawer, __search, __toc,
#               __settings, __consent, __analytics, __palette_N, __nav_N, __nav_N_label)
#               and every id its bundle creates (__code_N, __codelineno-…, __tooltip_N,
#               __tooltip2_N, __mermaid_N, __tabbed_…); our scripts' globals
#               window.__scSearch and window.__showcaseInit (an element with that id
#               would be window.__scSearch).
#   "sc-"       theme_overrides/: sc-q, sc-results, sc-hsearch-q, sc-score, sc-top-N…
#   "d-", "item-", "ind-", "content-", "archive-"
#               theme_overrides/showcase/: d-{{ n }} and d-{{ n }}-{{ m }} (directory),
#               item-/ind-/content-{{ id }} (framework), archive-{{ year }} (notices).
# tests/test_sanitize.py scans Material's and our templates and scripts for ids and fails
# when one of them is not refused here, so a theme update cannot reopen the hole.
RESERVED_ID_PREFIXES = ("__", "sc-", "d-", "item-", "ind-", "content-", "archive-")
# Globals the scripts test by name, which an element with that id would become:
# ``typeof mermaid`` (Material's bundle), ``window.document$`` (our search.js).
RESERVED_IDS = frozenset({"mermaid", "document$"})
# Classes Material's bundle acts on by loading something: pre.mermaid → unpkg.com.
DROPPED_CLASSES = frozenset({"mermaid"})

# nh3's output is serialized HTML: attribute values are double-quoted, with & < > "
# escaped, and text never holds a raw "<". So these match exactly the <img> start tags.
_IMG_TAG = re.compile(r"<img\b[^>]*>")
_SRC_ATTR = re.compile(r'\ssrc="')
_ALT_ATTR = re.compile(r'\salt="([^"]*)"')
# A scheme is what comes before the first ":" unless a "/", "?" or "#" comes first.
_HAS_SCHEME = re.compile(r"^[^/?#]*:")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# What browsers strip around a URL (C0 controls and space), and remove inside it.
_URL_STRIP = "".join(chr(c) for c in range(0x21))
_URL_REMOVED = re.compile(r"[\t\n\r]")


def is_reserved_id(value: str) -> bool:
    """True when ``value`` may be an id the theme uses (see ``RESERVED_ID_PREFIXES``).

    Compared without case and surrounding whitespace, so ``__Config`` or `` __config``
    are refused too. Ids Python-Markdown makes for editors' content are not reserved:
    heading slugs (``社区概况``, ``社区概况_1``) and footnotes (``fn:1``, ``fnref:1``,
    ``fnref2:1``).
    """
    key = value.strip().casefold()
    return not key or key in RESERVED_IDS or key.startswith(RESERVED_ID_PREFIXES)


def is_same_site_url(url: str) -> bool:
    """True when a browser would resolve ``url`` against this site's own host.

    Only a relative reference qualifies: ``photos/a.jpg``, ``../a.jpg``, ``/a.jpg``,
    ``?x``. Refused: any scheme (``https:``, ``HTTP:``, ``data:``, ``javascript:``),
    network-path references (``//host``, ``\\\\host``, ``/\\host``), an empty URL, and
    control characters anywhere (browsers drop tabs and newlines inside URLs, so
    ``https:\\t//host`` is ``https://host``).
    """
    if _CONTROL.search(url):
        return False
    # What the URL parser does before looking at the URL, then "\" as "/" (special schemes).
    text = _URL_REMOVED.sub("", url.strip(_URL_STRIP)).replace("\\", "/")
    return bool(text) and not text.startswith("//") and not _HAS_SCHEME.match(text)


def _attribute(tag: str, name: str, value: str) -> str | None:
    """nh3's attribute filter: gets the decoded value, returns it (maybe changed) or None."""
    if name == "id" or (name == "name" and tag == "a"):
        return None if is_reserved_id(value) else value
    if tag == "img" and name == "src":
        return value if is_same_site_url(value) else None
    if name == "title":
        return value.replace("<", "\uff1c")
    if name == "class":
        kept = [c for c in value.split() if c.casefold() not in DROPPED_CLASSES]
        return " ".join(kept) or None
    return value


def _image(match: re.Match[str]) -> str:
    """An <img> with a source, made lazy so old phones load only what is seen (nh3 has
    dropped any loading/decoding attribute, so these cannot be duplicated); one that
    lost its source: its alt text (already escaped by nh3), as text."""
    tag = match.group(0)
    if _SRC_ATTR.search(tag):
        return '<img loading="lazy" decoding="async"' + tag[len("<img") :]
    alt = _ALT_ATTR.search(tag)
    return _html.escape(_html.unescape(alt.group(1)), quote=False) if alt else ""


def sanitize_html(html: str) -> str:
    """Allowlisted HTML with the rules above; images made lazy so old phones load only
    what is seen."""
    clean = nh3.clean(
        html,
        tags=TAGS,
        attributes={**ATTRIBUTES, "*": GENERIC_ATTRIBUTES},
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
        clean_content_tags={"script", "style"},
        attribute_filter=_attribute,
    )
    clean = _IMG_TAG.sub(_image, clean)
    # A wide table or code block scrolls sideways inside its box on a phone: keyboard
    # users must be able to reach it to scroll it (WCAG 2.1.1; axe
    # scrollable-region-focusable). Material's script used to add this; pages no
    # longer load it.
    clean = _TABLE_TAG.sub(r'<table tabindex="0"', clean)
    return _CODE_BLOCK.sub(r'\1<code tabindex="0"', clean)


_TABLE_TAG = re.compile(r"<table(?=[\s>])")
_CODE_BLOCK = re.compile(r"(<pre[^>]*>(?:<span></span>)?)<code(?=[\s>])")
