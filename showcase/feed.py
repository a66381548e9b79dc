"""Atom feeds (feedgen), deterministic for a given content: every notice, and one feed
per community (the notices about it, its evaluations and its activities)."""

from __future__ import annotations

import datetime as dt
import posixpath
import uuid
from dataclasses import dataclass

from feedgen.feed import FeedGenerator

from .dates import SHANGHAI
from .model import Community, Site
from .scoring import Score

# Ids must never change once published: derived from what identifies each entry only.
_NAMESPACE = uuid.UUID("5b0f6a8e-3c1d-4f2a-9e57-2f8c1d7a4b10")


def entry_id(kind: str, *key: str) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, ':'.join((kind, *key)))}"


def notice_id(slug: str) -> str:
    return entry_id("notice", slug)


def _moment(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=SHANGHAI)


@dataclass
class Entry:
    id: str
    title: str
    path: str  # the page it leads to, from the site's root (e.g. notices/x/)
    day: dt.date
    author: str
    category: str
    summary: str


def _atom(site_url: str, feed_uri: str, feed_id: str, title: str, subtitle: str, page: str, entries: list[Entry]) -> bytes:
    """An Atom feed of ``entries`` (oldest first in the list, newest first in the feed).
    Links are absolute when ``site_url`` is set, otherwise relative to the feed's own
    address."""
    base = site_url.rstrip("/") + "/" if site_url else ""
    folder = posixpath.dirname(feed_uri)

    def link(path: str) -> str:
        if base:
            return base + path
        relative = posixpath.relpath(path or ".", folder or ".")
        return "./" if relative == "." else relative + ("/" if path.endswith("/") else "")

    fg = FeedGenerator()
    fg.id(feed_id)
    fg.title(title)
    fg.subtitle(subtitle)
    fg.language("zh-CN")
    fg.link(href=link(page), rel="alternate")
    fg.link(href=base + feed_uri if base else posixpath.basename(feed_uri), rel="self")
    fg.updated(_moment(max((e.day for e in entries), default=dt.date(2000, 1, 1))))
    fg.generator("showcase")
    for item in entries:
        entry = fg.add_entry(order="prepend")
        entry.id(item.id)
        entry.title(item.title)
        entry.link(href=link(item.path), rel="alternate")
        entry.published(_moment(item.day))
        entry.updated(_moment(item.day))
        entry.author({"name": item.author})
        entry.category(term=item.category, label=item.category)
        entry.summary(item.summary)
    return fg.atom_str(pretty=True)


def _notice_entries(notices) -> list[Entry]:
    entries = []
    for notice in sorted(notices, key=lambda n: (n.start, n.slug)):
        period = f"公示期：{notice.start.isoformat()} 至 {notice.end.isoformat()}（{notice.kind}，{notice.issuer}）"
        summary = period + (f"。结果：{notice.result}" if notice.result else "")
        entries.append(Entry(notice_id(notice.slug), notice.title, f"notices/{notice.slug}/", notice.start, notice.issuer, notice.kind, summary))
    return entries


def notices_feed(site: Site, site_url: str, feed_uri: str) -> bytes:
    """Every notice, newest period first."""
    subtitle = "各社区文明创建相关公示：推荐名单、测评结果、评选表彰、撤销称号、整改情况等。"
    return _atom(site_url, feed_uri, notice_id("__feed__"), "公示公告", subtitle, "notices/", _notice_entries(site.notices.values()))


def community_feed(site: Site, community: Community, scores: list[Score], site_url: str, feed_uri: str) -> bytes:
    """What a resident following one community wants to hear of: notices about it, its
    evaluations and its activities, newest first."""
    page = f"communities/{community.slug}/"
    entries = _notice_entries(n for n in site.notices.values() if community.slug in n.subjects)
    for score in scores:
        evaluation = score.evaluation
        entries.append(
            Entry(
                entry_id("evaluation", community.slug, str(evaluation.year)),
                f"{evaluation.year}年度文明测评：{score.message}",
                page,
                evaluation.date,
                evaluation.evaluator,
                "文明测评",
                f"{evaluation.evaluator} {evaluation.date.isoformat()} 测评，依据{score.framework.title}：{score.message}。",
            )
        )
    for activity in community.achievements:
        entries.append(
            Entry(
                entry_id("achievement", community.slug, activity.date.isoformat(), activity.title),
                activity.title,
                page,
                activity.date,
                community.name,
                activity.category,
                activity.summary or f"{activity.date.isoformat()} {activity.category}活动。",
            )
        )
    entries.sort(key=lambda e: (e.day, e.id))
    subtitle = f"{community.district}{community.street}{community.name}：涉及本社区的公示、测评结果和创建活动。"
    return _atom(site_url, feed_uri, entry_id("community", community.slug), f"{community.name}动态", subtitle, page, entries)
