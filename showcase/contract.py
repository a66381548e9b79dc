"""The content contract as schema specs: one definition per file kind.

The loader validates with these, and ``scripts/export_schemas.py`` turns them into the
JSON Schemas editors' tools use.
"""

from __future__ import annotations

from decimal import Decimal

from . import model as m
from .schema import (
    Choice,
    Color,
    Date,
    Email,
    Field,
    Id,
    ImagePath,
    Integer,
    ListOf,
    MapOf,
    Number,
    Record,
    Slug,
    Text,
    Year,
)

TEXT = Text()
TEXTS = ListOf(Text())

REVOCATION = Record(m.Revocation, [Field("date", Date(), True), Field("reason", TEXT, True)])
HONOR = Record(
    m.Honor,
    [
        Field("title", TEXT, True, "荣誉名称"),
        Field("level", Choice(m.HONOR_LEVELS), True, "级别"),
        Field("year", Year(), True, "获得年份"),
        Field("issuer", TEXT, True, "授予单位"),
        Field("revoked", REVOCATION, False, "被撤销时填写：{date, reason}"),
    ],
)
TEAM = Record(
    m.Team,
    [
        Field("name", TEXT, True, "队伍名称"),
        Field("kind", Choice(m.TEAM_KINDS), True, "类别"),
        Field("members", Integer(0), False, "人数"),
    ],
)
CONTACT = Record(
    m.Contact,
    [
        Field("address", TEXT, False, "地址"),
        Field("phone", TEXT, False, "电话（加引号）"),
        Field("email", Email(), False, "电子邮箱"),
        Field("hours", TEXT, False, "办公时间"),
    ],
)
PATH = ImagePath(description="社区文件夹内图片的相对路径，如 photos/yard.jpg")

COMMUNITY = Record(
    m.Community,
    [
        Field("name", TEXT, True, "社区名称，如 板厂南里社区"),
        Field("district", TEXT, True, "区/县"),
        Field("street", TEXT, True, "街道/乡镇"),
        Field("summary", TEXT, False, "一句话简介"),
        Field("area_km2", Number(positive=True), False, "面积（平方千米）"),
        Field("households", Integer(0), False, "户数"),
        Field("population", Integer(0), False, "人口"),
        Field("buildings", Integer(0), False, "楼栋数"),
        Field("founded", Year(), False, "成立年份"),
        Field("facilities", TEXTS, False, "设施"),
        Field("teams", ListOf(TEAM), False, "队伍"),
        Field("contact", CONTACT, False, "联系方式"),
        Field("cover", PATH, False, "封面图片"),
        Field("honors", ListOf(HONOR), False, "荣誉"),
    ],
    title="社区简介（communities/<slug>/index.md 的 front matter）",
)

ACHIEVEMENT = Record(
    m.Achievement,
    [
        Field("date", Date(), True, "日期"),
        Field("title", TEXT, True, "活动名称"),
        Field("category", Choice(m.ACHIEVEMENT_CATEGORIES), True, "类别"),
        Field("participants", Integer(0), False, "参与人数（人次）"),
        Field("summary", TEXT, False, "简述"),
        Field("photos", ListOf(PATH, unique=True), False, "照片"),
    ],
)
ACHIEVEMENTS = ListOf(ACHIEVEMENT)

RECTIFICATION = Record(
    m.Rectification,
    [
        Field("id", Id(), True, "编号（文件内唯一）"),
        Field("found", Date(), True, "发现日期"),
        Field("source", Choice(m.RECTIFICATION_SOURCES), True, "问题来源"),
        Field("location", TEXT, True, "点位"),
        Field("issue", TEXT, True, "问题"),
        Field("deadline", Date(), True, "整改期限"),
        Field("closed", Date(), False, "销号日期"),
        Field("response", TEXT, False, "整改情况或公开答复"),
    ],
)
RECTIFICATIONS = ListOf(RECTIFICATION)

BAND = Record(m.Band, [Field("min", Number(), True), Field("label", TEXT, True), Field("color", Color(), True)])
VETO = Record(m.Veto, [Field("id", Id(), True), Field("label", TEXT, True)])
FRAMEWORK_CONTENT = Record(
    m.FrameworkContent,
    [
        Field("id", Id(), True, "测评内容编号（体系内唯一）"),
        Field("title", TEXT, True),
        Field("points", Number(positive=True), True, "分值"),
        Field("standards", TEXTS, False, "测评标准"),
        Field("rule", TEXT, False, "状态判定规则"),
        Field("methods", TEXTS, False, "测评方法"),
    ],
)
INDICATOR = Record(
    m.Indicator,
    [Field("id", Id(), True), Field("title", TEXT, True), Field("contents", ListOf(FRAMEWORK_CONTENT, min_items=1), True)],
)
ITEM = Record(
    m.Item,
    [Field("id", Id(), True), Field("title", TEXT, True), Field("indicators", ListOf(INDICATOR, min_items=1), True)],
)
FRAMEWORK = Record(
    m.Framework,
    [
        Field("id", Slug(), True, "与文件名相同"),
        Field("title", TEXT, True),
        Field("issuer", TEXT, True),
        Field("effective", Date(), True),
        Field("states", MapOf(Number(minimum=Decimal(0), maximum=Decimal(1))), True, "状态及系数，如 {a: 1.0, b: 0.7}"),
        Field("basic_total", Number(positive=True), True, "基本指标总分，须等于各内容分值之和"),
        Field("special_max", Number(minimum=Decimal(0)), True, "特色指标上限"),
        Field("bands", ListOf(BAND, min_items=1), True, "分档，从高到低"),
        Field("vetoes", ListOf(VETO), False, "一票否决项"),
        Field("items", ListOf(ITEM, min_items=1), True, "测评项目"),
    ],
    title="测评体系（policies/frameworks/<id>.yml）",
)

SPECIAL = Record(m.Special, [Field("title", TEXT, True), Field("points", Number(minimum=Decimal(0)), True)])
EVALUATION = Record(
    m.Evaluation,
    [
        Field("framework", Slug(), True, "测评体系 id"),
        Field("date", Date(), True, "测评日期"),
        Field("evaluator", TEXT, True, "测评单位"),
        Field("states", MapOf(TEXT), True, "每项测评内容的状态，如 {\"1\": a}"),
        Field("notes", MapOf(TEXT), False, "按内容编号的说明"),
        Field("special", ListOf(SPECIAL), False, "特色指标"),
        Field("vetoes", ListOf(Id(), unique=True), False, "否决项 id"),
    ],
    title="年度测评（communities/<slug>/evaluations/<year>.yml）",
)

POLICY = Record(
    m.Policy,
    [
        Field("title", TEXT, True, "标题"),
        Field("issuer", TEXT, True, "发文单位"),
        Field("issued", Date(), True, "发文日期"),
        Field("doc_number", TEXT, False, "文号，如 京文明委〔2024〕3号"),
        Field("effective", Date(), False, "施行日期"),
        Field("repealed", Date(), False, "废止日期"),
        Field("supersedes", ListOf(Slug(), unique=True), False, "本文件替代的政策（slug）"),
        Field("tags", ListOf(Text(), unique=True), False, "标签"),
    ],
    title="政策文件（policies/<slug>.md 的 front matter）",
)

CHANNELS = Record(
    m.Channels,
    [
        Field("phone", TEXT, False, "电话（加引号）"),
        Field("email", Email(), False),
        Field("address", TEXT, False),
        Field("hours", TEXT, False),
    ],
    at_least_one=("phone", "email", "address"),
)
NOTICE = Record(
    m.Notice,
    [
        Field("title", TEXT, True, "标题"),
        Field("kind", Choice(m.NOTICE_KINDS), True, "类别"),
        Field("issuer", TEXT, True, "发布单位"),
        Field("start", Date(), True, "公示开始（含当日）"),
        Field("end", Date(), True, "公示结束（含当日）"),
        Field("subjects", ListOf(Slug(), unique=True), False, "涉及社区（slug）"),
        Field("channels", CHANNELS, True, "反馈渠道：phone、email、address 至少一项"),
        Field("result", TEXT, False, "公示结果"),
    ],
    title="公示（notices/<slug>.md 的 front matter）",
)

# file kind → (spec, how it is stored)
FILE_KINDS = {
    "community": COMMUNITY,
    "achievements": ACHIEVEMENTS,
    "rectifications": RECTIFICATIONS,
    "framework": FRAMEWORK,
    "evaluation": EVALUATION,
    "policy": POLICY,
    "notice": NOTICE,
}
