"""The content model: what editors write, as plain dataclasses, each field declared
once with the spec that reads and checks it (``schema.declared``). The contract
(``contract.py``), the loader and the JSON Schemas all come from these declarations;
a required field has no default.

Every record keeps ``line`` (where its mapping starts) and ``lines`` (field → line of
its key), so that rules checked after loading can still name the exact line.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from .schema import (
    Choice,
    Color,
    Date,
    Email,
    Id,
    ImagePath,
    Integer,
    ListOf,
    MapOf,
    Number,
    Slug,
    Spec,
    Text,
    Year,
    declared,
    record_of,
)

HONOR_LEVELS = ("国家级", "省级", "市级", "区级", "街道级")
TEAM_KINDS = ("文体", "志愿服务", "其他")
ACHIEVEMENT_CATEGORIES = ("宣传教育", "志愿服务", "环境整治", "文体活动", "平安建设", "便民服务", "党建引领", "其他")
RECTIFICATION_SOURCES = ("督查", "暗访", "测评", "群众反映", "自查")
NOTICE_KINDS = ("推荐名单", "初评结果", "测评结果", "评选表彰", "撤销称号", "整改情况", "其他")


def _lines() -> dict[str, int]:
    return {}


@dataclass(kw_only=True)
class Located:
    line: int = 0
    lines: dict[str, int] = field(default_factory=_lines, repr=False, compare=False)

    def line_of(self, name: str) -> int:
        return self.lines.get(name, self.line)


TEXT = Text()
TEXTS = ListOf(Text())
IMAGE = ImagePath(description="社区文件夹内图片的相对路径，如 photos/yard.jpg")


def optional(spec: Spec, description: str = "") -> Any:
    """An optional field: None when the editor leaves it out."""
    return declared(spec, description, default=None)


def optional_list(spec: Spec, description: str = "") -> Any:
    """An optional list (or mapping): empty when the editor leaves it out."""
    empty = dict if isinstance(spec, MapOf) else list
    return declared(spec, description, default_factory=empty)


# -- communities ------------------------------------------------------------------------


@dataclass(kw_only=True)
class Revocation(Located):
    date: dt.date = declared(Date())
    reason: str = declared(TEXT)


REVOCATION = record_of(Revocation)


@dataclass(kw_only=True)
class Honor(Located):
    title: str = declared(TEXT, "荣誉名称")
    level: str = declared(Choice(HONOR_LEVELS), "级别")
    year: int = declared(Year(), "获得年份")
    issuer: str = declared(TEXT, "授予单位")
    revoked: Revocation | None = optional(REVOCATION, "被撤销时填写：{date, reason}")


@dataclass(kw_only=True)
class Team(Located):
    name: str = declared(TEXT, "队伍名称")
    kind: str = declared(Choice(TEAM_KINDS), "类别")
    members: int | None = optional(Integer(0), "人数")


@dataclass(kw_only=True)
class Contact(Located):
    """How to reach a community, or where to object to a notice (its ``channels``)."""

    address: str | None = optional(TEXT, "地址")
    phone: str | None = optional(TEXT, "电话（加引号）")
    email: str | None = optional(Email(), "电子邮箱")
    hours: str | None = optional(TEXT, "办公时间")


@dataclass(kw_only=True)
class Achievement(Located):
    date: dt.date = declared(Date(), "日期")
    title: str = declared(TEXT, "活动名称")
    category: str = declared(Choice(ACHIEVEMENT_CATEGORIES), "类别")
    participants: int | None = optional(Integer(0), "参与人数（人次）")
    summary: str | None = optional(TEXT, "简述")
    photos: list[str] = optional_list(ListOf(IMAGE, unique=True), "照片")


@dataclass(kw_only=True)
class Rectification(Located):
    id: str = declared(Id(), "编号（文件内唯一）")
    found: dt.date = declared(Date(), "发现日期")
    source: str = declared(Choice(RECTIFICATION_SOURCES), "问题来源")
    location: str = declared(TEXT, "点位")
    issue: str = declared(TEXT, "问题")
    deadline: dt.date = declared(Date(), "整改期限")
    closed: dt.date | None = optional(Date(), "销号日期")
    response: str | None = optional(TEXT, "整改情况或公开答复")


# -- frameworks and evaluations ---------------------------------------------------------


@dataclass(kw_only=True)
class Band(Located):
    min: Decimal = declared(Number())
    label: str = declared(TEXT)
    color: str = declared(Color())


@dataclass(kw_only=True)
class Veto(Located):
    id: str = declared(Id())
    label: str = declared(TEXT)


@dataclass(kw_only=True)
class FrameworkContent(Located):
    id: str = declared(Id(), "测评内容编号（体系内唯一）")
    title: str = declared(TEXT)
    points: Decimal = declared(Number(positive=True), "分值")
    standards: list[str] = optional_list(TEXTS, "测评标准")
    rule: str | None = optional(TEXT, "状态判定规则")
    methods: list[str] = optional_list(TEXTS, "测评方法")


@dataclass(kw_only=True)
class Indicator(Located):
    id: str = declared(Id())
    title: str = declared(TEXT)
    contents: list[FrameworkContent] = declared(ListOf(record_of(FrameworkContent), min_items=1))


@dataclass(kw_only=True)
class Item(Located):
    id: str = declared(Id())
    title: str = declared(TEXT)
    indicators: list[Indicator] = declared(ListOf(record_of(Indicator), min_items=1))


@dataclass(kw_only=True)
class Framework(Located):
    id: str = declared(Slug(), "与文件名相同")
    title: str = declared(TEXT)
    issuer: str = declared(TEXT)
    effective: dt.date = declared(Date())
    states: dict[str, Decimal] = declared(MapOf(Number(minimum=Decimal(0), maximum=Decimal(1))), "状态及系数，如 {a: 1.0, b: 0.7}")
    basic_total: Decimal = declared(Number(positive=True), "基本指标总分，须等于各内容分值之和")
    special_max: Decimal = declared(Number(minimum=Decimal(0)), "特色指标上限")
    bands: list[Band] = declared(ListOf(record_of(Band), min_items=1), "分档，从高到低")
    vetoes: list[Veto] = optional_list(ListOf(record_of(Veto)), "一票否决项")
    items: list[Item] = declared(ListOf(record_of(Item), min_items=1), "测评项目")
    path: str = ""

    def contents(self) -> list[FrameworkContent]:
        """Every content, in document order."""
        return [c for item in self.items for ind in item.indicators for c in ind.contents]


@dataclass(kw_only=True)
class Special(Located):
    title: str = declared(TEXT)
    points: Decimal = declared(Number(minimum=Decimal(0)))


@dataclass(kw_only=True)
class Evaluation(Located):
    framework: str = declared(Slug(), "测评体系 id")
    date: dt.date = declared(Date(), "测评日期")
    evaluator: str = declared(TEXT, "测评单位")
    states: dict[str, str] = declared(MapOf(TEXT), "每项测评内容的状态，如 {\"1\": a}")
    notes: dict[str, str] = optional_list(MapOf(TEXT), "按内容编号的说明")
    special: list[Special] = optional_list(ListOf(record_of(Special)), "特色指标")
    vetoes: list[str] = optional_list(ListOf(Id(), unique=True), "否决项 id")
    # Set by the loader, from the file's name and folder.
    year: int = 0
    community: str = ""
    path: str = ""


@dataclass(kw_only=True)
class Community(Located):
    name: str = declared(TEXT, "社区名称，如 板厂南里社区")
    district: str = declared(TEXT, "区/县")
    street: str = declared(TEXT, "街道/乡镇")
    summary: str | None = optional(TEXT, "一句话简介")
    area_km2: Decimal | None = optional(Number(positive=True), "面积（平方千米）")
    households: int | None = optional(Integer(0), "户数")
    population: int | None = optional(Integer(0), "人口")
    buildings: int | None = optional(Integer(0), "楼栋数")
    founded: int | None = optional(Year(), "成立年份")
    facilities: list[str] = optional_list(TEXTS, "设施")
    teams: list[Team] = optional_list(ListOf(record_of(Team)), "队伍")
    contact: Contact | None = optional(record_of(Contact), "联系方式")
    cover: str | None = optional(IMAGE, "封面图片")
    honors: list[Honor] = optional_list(ListOf(record_of(Honor)), "荣誉")
    # Set by the loader: the folder and the files beside the profile.
    slug: str = ""
    path: str = ""
    folder: Path | None = None
    body: str = ""
    achievements: list[Achievement] = field(default_factory=list)
    rectifications: list[Rectification] = field(default_factory=list)
    evaluations: dict[int, Evaluation] = field(default_factory=dict)
    # The key of the files it was loaded from (``records.RecordCache.key``), when a
    # cache was used: the preview re-renders a community's page when it changes.
    source: str = ""


# -- policies and notices ---------------------------------------------------------------


@dataclass(kw_only=True)
class Policy(Located):
    title: str = declared(TEXT, "标题")
    issuer: str = declared(TEXT, "发文单位")
    issued: dt.date = declared(Date(), "发文日期")
    doc_number: str | None = optional(TEXT, "文号，如 京文明委〔2024〕3号")
    effective: dt.date | None = optional(Date(), "施行日期")
    repealed: dt.date | None = optional(Date(), "废止日期")
    supersedes: list[str] = optional_list(ListOf(Slug(), unique=True), "本文件替代的政策（slug）")
    tags: list[str] = optional_list(ListOf(Text(), unique=True), "标签")
    slug: str = ""
    path: str = ""
    body: str = ""


@dataclass(kw_only=True)
class Notice(Located):
    title: str = declared(TEXT, "标题")
    kind: str = declared(Choice(NOTICE_KINDS), "类别")
    issuer: str = declared(TEXT, "发布单位")
    start: dt.date = declared(Date(), "公示开始（含当日）")
    end: dt.date = declared(Date(), "公示结束（含当日）")
    subjects: list[str] = optional_list(ListOf(Slug(), unique=True), "涉及社区（slug）")
    channels: Contact = declared(record_of(Contact, at_least_one=("phone", "email", "address")), "反馈渠道：phone、email、address 至少一项")
    result: str | None = optional(TEXT, "公示结果")
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
