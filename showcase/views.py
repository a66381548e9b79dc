"""View models: everything a template shows, computed here so templates only present.

Nothing here formats HTML; it orders, groups, labels and counts.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from pypinyin import lazy_pinyin

from . import ledger
from .dates import format_date
from .images import web_size, web_src
from .model import HONOR_LEVELS, Achievement, Community, Honor, Rectification, Site

_LEADING_H1 = re.compile(r"^\s*(<h1\b[^>]*>.*?</h1>)", re.S)


def split_heading(html: str) -> tuple[str, str]:
    """A page's leading ``<h1>`` and the rest, so a banner can sit between them."""
    match = _LEADING_H1.match(html)
    if not match:
        return "", html
    return match.group(1), html[match.end() :]


@functools.lru_cache(maxsize=65536)
def chinese_sort_key(text: str) -> tuple:
    """Order Chinese names as readers expect (by pinyin), deterministically."""
    return (tuple(lazy_pinyin(text)), text)


def tel_href(phone: str) -> str | None:
    """A ``tel:`` URL from a phone as written ("010-6234 5678 转 8" → tel:01062345678,8)."""
    main, _, extension = (re.split(r"(转|ext\.?|分机)", phone, maxsplit=1) + ["", ""])[:3]
    digits = re.sub(r"[^0-9+]", "", main)
    if len(re.sub(r"\D", "", digits)) < 3:
        return None
    ext = re.sub(r"\D", "", extension)
    return f"tel:{digits}" + (f",{ext}" if ext else "")


def number(value: int | Decimal | None) -> str | None:
    """Grouped digits for large counts (3,100); a decimal as written."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.normalize() else str(value)
    return f"{value:,}"


@dataclass
class Link:
    """A link to a page of the site: its source URI (``showcase.urls``) and its text."""

    uri: str
    text: str


@dataclass
class Fact:
    label: str
    value: str


@dataclass
class HonorGroup:
    level: str
    honors: list[Honor]


@dataclass
class LedgerRow:
    entry: Rectification
    status: str
    status_label: str
    found: str
    deadline: str
    closed: str | None


@dataclass
class ImageRef:
    src: str  # URL relative to the community page, percent-encoded (# ? % spaces 中文)
    size: tuple[int, int]  # of the published (re-encoded) file


def image_ref(community: Community, rel: str) -> ImageRef:
    return ImageRef(web_src(rel), web_size(community.folder / rel))


@dataclass
class CommunityView:
    community: Community
    facts: list[Fact]
    honor_groups: list[HonorGroup]
    revoked_count: int
    achievements: list[Achievement]
    ledger_rows: list[LedgerRow]
    ledger: ledger.LedgerSummary
    tel: str | None
    today: str
    cover: ImageRef | None
    photos: list[list[ImageRef]]  # per achievement, in timeline order

    @property
    def timeline(self) -> list[tuple[Achievement, list[ImageRef]]]:
        """Each achievement, newest first, with its photos."""
        return list(zip(self.achievements, self.photos, strict=True))


def community_facts(community: Community) -> list[Fact]:
    facts = []
    if community.area_km2 is not None:
        facts.append(Fact("面积", f"{number(community.area_km2)} 平方千米"))
    for label, value, unit in (
        ("户数", community.households, "户"),
        ("人口", community.population, "人"),
        ("楼栋", community.buildings, "栋"),
    ):
        if value is not None:
            facts.append(Fact(label, f"{number(value)} {unit}"))
    if community.founded is not None:
        facts.append(Fact("成立", f"{community.founded} 年"))
    return facts


def honor_groups(honors: list[Honor]) -> list[HonorGroup]:
    """Honours by level (national first), newest year first within a level; revoked
    honours stay in place, marked."""
    groups = []
    for level in HONOR_LEVELS:
        members = [h for h in honors if h.level == level]
        if members:
            members.sort(key=lambda h: (-h.year, chinese_sort_key(h.title)))
            groups.append(HonorGroup(level, members))
    return groups


_LEDGER_ORDER = {ledger.OVERDUE: 0, ledger.OPEN: 1, ledger.CLOSED_LATE: 2, ledger.CLOSED_ON_TIME: 2}


def ledger_rows(entries: list[Rectification], today: dt.date) -> list[LedgerRow]:
    """Overdue first, then open, then closed; within each, the earliest deadline first
    (closed ones: most recently closed first)."""
    rows = []
    for entry in entries:
        status = ledger.rectification_status(entry, today)
        rows.append(
            LedgerRow(
                entry=entry,
                status=status,
                status_label=ledger.STATUS_LABELS[status],
                found=entry.found.isoformat(),
                deadline=entry.deadline.isoformat(),
                closed=entry.closed.isoformat() if entry.closed else None,
            )
        )

    def key(row: LedgerRow) -> tuple:
        order = _LEDGER_ORDER[row.status]
        if order == 2:
            return (order, -row.entry.closed.toordinal(), row.entry.id)
        return (order, row.entry.deadline, row.entry.id)

    return sorted(rows, key=key)


def community_view(community: Community, today: dt.date) -> CommunityView:
    achievements = sorted(community.achievements, key=lambda a: (a.date, a.title), reverse=True)
    phone = community.contact.phone if community.contact else None
    return CommunityView(
        community=community,
        facts=community_facts(community),
        honor_groups=honor_groups(community.honors),
        revoked_count=sum(1 for h in community.honors if h.revoked),
        achievements=achievements,
        ledger_rows=ledger_rows(community.rectifications, today),
        ledger=ledger.summarize(community.rectifications, today),
        tel=tel_href(phone) if phone else None,
        today=format_date(today),
        cover=image_ref(community, community.cover) if community.cover else None,
        photos=[[image_ref(community, p) for p in a.photos] for a in achievements],
    )


# -- the communities directory -----------------------------------------------


@dataclass
class Street:
    name: str
    communities: list[Community]
    anchor: str = ""  # the id of its heading in the directory, from the names


@dataclass
class District:
    name: str
    streets: list[Street]
    anchor: str = ""

    @property
    def count(self) -> int:
        return sum(len(s.communities) for s in self.streets)


@dataclass(frozen=True)
class Card:
    """What the directory's filters and sorts read from one community's card."""

    band: str  # the latest band's label, 一票否决, or 未测评
    evaluated: bool
    total: str  # the latest total as shown ("" when none)
    rate: str  # the rectification rate as shown ("83.3%"; "" when no ledger entry)
    open_notices: int
    notice_periods: str  # "start/end" of each notice about it open or to come, space-separated


@dataclass(frozen=True)
class CardOrder:
    """A card's positions in the directory's sorts. Apart from ``Card``: an edit of
    one name moves the positions of many cards, but changes one card."""

    by_name: int  # position in the site's pinyin order of names
    by_total: int  # position by latest total, highest first (unevaluated and vetoed last)
    by_rate: int  # position by rectification rate, highest first (none last)


@dataclass
class DirectoryView:
    districts: list[District]
    badges: dict  # slug → Badge of the latest evaluation (未测评 when none)
    cards: dict[str, Card]  # slug → what the filters read
    order: dict[str, CardOrder]  # slug → its positions in the sorts
    bands: list[str]  # the band filter's choices, in order
    figures: dict  # district/street anchor → areas.AreaFigures

    @property
    def total(self) -> int:
        return sum(d.count for d in self.districts)

    @property
    def street_count(self) -> int:
        return sum(len(d.streets) for d in self.districts)


def anchor_id(prefix: str, *names: str) -> str:
    """An id from names, stable when others are added (not from positions): white
    space, which ids cannot hold, becomes "-"."""
    return "-".join([prefix] + [re.sub(r"\s+", "-", name.strip()) for name in names])


def directory(site: Site) -> list[District]:
    """Communities grouped by district and street, each level in pinyin order."""
    tree: dict[str, dict[str, list[Community]]] = defaultdict(lambda: defaultdict(list))
    for community in site.communities.values():
        tree[community.district][community.street].append(community)
    districts = []
    for district_name in sorted(tree, key=chinese_sort_key):
        streets = [
            Street(street, sorted(members, key=lambda c: (chinese_sort_key(c.name), c.slug)), anchor_id("d", district_name, street))
            for street, members in sorted(tree[district_name].items(), key=lambda kv: chinese_sort_key(kv[0]))
        ]
        districts.append(District(district_name, streets, anchor_id("d", district_name)))
    return districts


def district_slugs(districts: list[District]) -> list[tuple[str, list[str]]]:
    """Each district and its communities' slugs, in the directory's order (search
    bundles and a sharded build's shards are cut from it)."""
    return [(d.name, [c.slug for s in d.streets for c in s.communities]) for d in districts]
