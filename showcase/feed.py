"""The Atom feed of publicity notices (feedgen), deterministic for a given content."""

from __future__ import annotations

import datetime as dt
import uuid

from feedgen.feed import FeedGenerator

from .dates import SHANGHAI
from .model import Site

# Ids must never change once published: derived from the notice's slug only.
_NAMESPACE = uuid.UUID("5b0f6a8e-3c1d-4f2a-9e57-2f8c1d7a4b10")


def notice_id(slug: str) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, 'notice:' + slug)}"


def _moment(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=SHANGHAI)


def notices_feed(site: Site, site_url: str, feed_uri: str) -> bytes:
    """Every notice, newest period first; links absolute when ``site_url`` is set,
    otherwise relative to the feed's own URL."""
    base = site_url.rstrip("/") + "/" if site_url else ""
    # Without a site URL, links are relative to the feed itself (notices/feed.xml).
    link = (lambda path: base + path) if base else (lambda path: path.removeprefix("notices/") or "./")
    fg = FeedGenerator()
    fg.id(notice_id("__feed__"))
    fg.title("公示公告")
    fg.subtitle("各社区文明创建相关公示：推荐名单、测评结果、评选表彰、撤销称号、整改情况等。")
    fg.language("zh-CN")
    fg.link(href=link("notices/"), rel="alternate")
    fg.link(href=base + feed_uri if base else "feed.xml", rel="self")
    items = sorted(site.notices.values(), key=lambda n: (n.start, n.slug))
    updated = max((n.start for n in items), default=dt.date(2000, 1, 1))
    fg.updated(_moment(updated))
    fg.generator("showcase")
    for notice in items:
        entry = fg.add_entry(order="prepend")
        entry.id(notice_id(notice.slug))
        entry.title(notice.title)
        entry.link(href=link(f"notices/{notice.slug}/"), rel="alternate")
        entry.published(_moment(notice.start))
        entry.updated(_moment(notice.start))
        entry.author({"name": notice.issuer})
        entry.category(term=notice.kind, label=notice.kind)
        period = f"公示期：{notice.start.isoformat()} 至 {notice.end.isoformat()}（{notice.kind}，{notice.issuer}）"
        summary = period + (f"。结果：{notice.result}" if notice.result else "")
        entry.summary(summary)
    return fg.atom_str(pretty=True)
