"""The content model: what editors write, as plain dataclasses.

Every record keeps ``line`` (where its mapping starts) and ``lines`` (field → line of
its key), so that rules checked after loading can still name the exact line.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

HONOR_LEVELS = ("国家级", "省级", "市级", "区级", "街道级")
TEAM_KINDS = ("文体", "志愿服务", "其他")
ACHIEVEMENT_CATEGORIES = ("宣传教育", "志愿服务", "环境整治", "文体活动", "平安建设", "便民服务", "党建引领", "其他")
RECTIFICATION_SOURCES = ("督查", "暗访", "测评", "群众反映", "自查")
NOTICE_KINDS = ("推荐名单", "初评结果", "测评结果", "评选表彰", "撤销称号", "整改情况", "其他")


def _lines() -> dict[str, int]:
    return {}


@dataclass
class Located:
    line: int = 0
    lines: dict[str, int] = field(default_factory=_lines, repr=False, compare=False)

    def line_of(self, name: str) -> int:
        return self.lines.get(name, self.line)


@dataclass
class Revocation(Located):
    date: dt.date | None = None
    reason: str = ""


@dataclass
class Honor(Located):
    title: str = ""
    level: str = ""
    year: int = 0
    issuer: str = ""
    revoked: Revocation | None = None


@dataclass
class Team(Located):
    name: str = ""
    kind: str = ""
    members: int | None = None


@dataclass
class Contact(Located):
    address: str | None = None
    phone: str | None = None
    email: str | None = None
    hours: str | None = None


@dataclass
class Achievement(Located):
    date: dt.date | None = None
    title: str = ""
    category: str = ""
    participants: int | None = None
    summary: str | None = None
    photos: list[str] = field(default_factory=list)


@dataclass
class Rectification(Located):
    id: str = ""
    found: dt.date | None = None
    source: str = ""
    location: str = ""
    issue: str = ""
    deadline: dt.date | None = None
    closed: dt.date | None = None
    response: str | None = None


@dataclass
class Band(Located):
    min: Decimal = Decimal(0)
    label: str = ""
    color: str = ""


@dataclass
class Veto(Located):
    id: str = ""
    label: str = ""


@dataclass
class FrameworkContent(Located):
    id: str = ""
    title: str = ""
    points: Decimal = Decimal(0)
    standards: list[str] = field(default_factory=list)
    rule: str | None = None
    methods: list[str] = field(default_factory=list)


@dataclass
class Indicator(Located):
    id: str = ""
    title: str = ""
    contents: list[FrameworkContent] = field(default_factory=list)


@dataclass
class Item(Located):
    id: str = ""
    title: str = ""
    indicators: list[Indicator] = field(default_factory=list)


@dataclass
class Framework(Located):
    id: str = ""
    title: str = ""
    issuer: str = ""
    effective: dt.date | None = None
    states: dict[str, Decimal] = field(default_factory=dict)
    basic_total: Decimal = Decimal(0)
    special_max: Decimal = Decimal(0)
    bands: list[Band] = field(default_factory=list)
    vetoes: list[Veto] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    path: str = ""

    def contents(self) -> list[FrameworkContent]:
        """Every content, in document order."""
        return [c for item in self.items for ind in item.indicators for c in ind.contents]


@dataclass
class Special(Located):
    title: str = ""
    points: Decimal = Decimal(0)


@dataclass
class Evaluation(Located):
    framework: str = ""
    date: dt.date | None = None
    evaluator: str = ""
    states: dict[str, str] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    special: list[Special] = field(default_factory=list)
    vetoes: list[str] = field(default_factory=list)
    year: int = 0
    community: str = ""
    path: str = ""


@dataclass
class Community(Located):
    name: str = ""
    district: str = ""
    street: str = ""
    summary: str | None = None
    area_km2: Decimal | None = None
    households: int | None = None
    population: int | None = None
    buildings: int | None = None
    founded: int | None = None
    facilities: list[str] = field(default_factory=list)
    teams: list[Team] = field(default_factory=list)
    contact: Contact | None = None
    cover: str | None = None
    honors: list[Honor] = field(default_factory=list)
    slug: str = ""
    path: str = ""
    folder: Path | None = None
    body: str = ""
    achievements: list[Achievement] = field(default_factory=list)
    rectifications: list[Rectification] = field(default_factory=list)
    evaluations: dict[int, Evaluation] = field(default_factory=dict)


@dataclass
class Policy(Located):
    title: str = ""
    issuer: str = ""
    issued: dt.date | None = None
    doc_number: str | None = None
    effective: dt.date | None = None
    repealed: dt.date | None = None
    supersedes: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    slug: str = ""
    path: str = ""
    body: str = ""


@dataclass
class Channels(Located):
    phone: str | None = None
    email: str | None = None
    address: str | None = None
    hours: str | None = None


@dataclass
class Notice(Located):
    title: str = ""
    kind: str = ""
    issuer: str = ""
    start: dt.date | None = None
    end: dt.date | None = None
    subjects: list[str] = field(default_factory=list)
    channels: Channels | None = None
    result: str | None = None
    slug: str = ""
    path: str = ""
    body: str = ""


@dataclass
class Site:
    """Everything loaded from one content folder."""

    communities: dict[str, Community] = field(default_factory=dict)
    policies: dict[str, Policy] = field(default_factory=dict)
    frameworks: dict[str, Framework] = field(default_factory=dict)
    notices: dict[str, Notice] = field(default_factory=dict)
    # Every file of the content folder and how it is published (``inventory.Inventory``).
    files: object = None
