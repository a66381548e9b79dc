"""Open data: every table the site publishes under ``/data/``, as JSON and CSV, with a
JSON Schema per JSON file, a Frictionless Data Package descriptor and the data
dictionary page, all from one declaration per table (``TABLES``).

Rows are computed from the same model and scores as the pages. A row whose keys differ
from its table's declared columns is a programming error, raised at once: a field
cannot be published without its entry in the dictionary, nor the reverse.

Numbers the build computes exactly (scores, sums) are written exactly: JSON numbers
with their decimal digits (``_dumps``), CSV cells as text of
the same digits. Every CSV is UTF-8 with a BOM (Excel reads the Chinese correctly) and
every text cell goes through ``exports.safe_cell`` (no formula runs in a spreadsheet).
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import itertools
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

from . import ledger, policies, urls
from .areas import AreaFigures
from .browser import with_rules
from .exports import safe_cell
from .model import HONOR_LEVELS, Community, Site
from .notices import NoticeEntry
from .policies import PolicyView
from .schema import SLUG_PATTERN
from .scoreviews import RankingView
from .scoring import VETO_LABEL, Score

# Communities side by side on the compare page, at most.
COMPARE_MAX = 4
DATA_FOLDER = "data"
SCHEMA_FOLDER = f"{DATA_FOLDER}/schema"
COMMUNITY_FOLDER = f"{DATA_FOLDER}/communities"
PACKAGE_URI = f"{DATA_FOLDER}/datapackage.json"
DICTIONARY_URI = f"{DATA_FOLDER}/index.md"

STRING, INTEGER, NUMBER, BOOLEAN, DATE, ARRAY, OBJECT = "string", "integer", "number", "boolean", "date", "array", "object"
KIND_LABELS = {
    STRING: "文本",
    INTEGER: "整数",
    NUMBER: "数值（精确小数）",
    BOOLEAN: "是否（true / false）",
    DATE: "日期（YYYY-MM-DD）",
    ARRAY: "列表（CSV 中为 JSON 数组）",
    OBJECT: "键值对（CSV 中为 JSON 对象）",
}
# Frictionless Table Schema types of ours.
_TABLE_SCHEMA_TYPES = {STRING: "string", INTEGER: "integer", NUMBER: "number", BOOLEAN: "boolean", DATE: "date", ARRAY: "array", OBJECT: "object"}


@dataclass(frozen=True)
class License:
    id: str  # SPDX, e.g. CC-BY-4.0
    name: str
    url: str


DEFAULT_LICENSE = License("CC-BY-4.0", "知识共享署名 4.0 国际许可协议（CC BY 4.0）", "https://creativecommons.org/licenses/by/4.0/deed.zh-hans")


def license_from_option(raw: object) -> License:
    """``extra.showcase.data_license`` as written in mkdocs.yml: {id, name, url}."""
    if raw is None:
        return DEFAULT_LICENSE
    if not isinstance(raw, dict) or set(raw) != {"id", "name", "url"} or not all(isinstance(v, str) and v.strip() for v in raw.values()):
        raise ValueError("应为 {id: 许可证的 SPDX 标识, name: 名称, url: 许可证全文地址}，三项都是文本，例如 {id: CC-BY-4.0, name: 知识共享署名 4.0, url: https://creativecommons.org/licenses/by/4.0/}")
    return License(raw["id"].strip(), raw["name"].strip(), raw["url"].strip())


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    meaning: str  # in Chinese, for the dictionary
    unit: str = ""
    optional: bool = False  # may be null (an empty CSV cell)
    items: str = STRING  # an array's items, an object's values
    shown: bool = False  # a number as the pages show it ("87.5"): text the build made, never content

    def json_schema(self) -> dict:
        if self.kind == DATE:
            schema: dict = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
        elif self.kind == ARRAY:
            schema = {"type": "array", "items": {"type": self.items}}
        elif self.kind == OBJECT:
            schema = {"type": "object", "additionalProperties": {"type": self.items}}
        else:
            schema = {"type": self.kind}
        if self.optional:
            schema["type"] = [schema["type"], "null"]
        schema["description"] = self.meaning + (f"（单位：{self.unit}）" if self.unit else "")
        return schema


@dataclass(frozen=True)
class Table:
    name: str  # file stem
    title: str
    about: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ("id",)

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    def record_schema(self) -> dict:
        return {
            "type": "object",
            "properties": {c.name: c.json_schema() for c in self.columns},
            "required": self.names,
            "additionalProperties": False,
        }


def _c(name: str, kind: str, meaning: str, unit: str = "", optional: bool = False, items: str = STRING) -> Column:
    return Column(name, kind, meaning, unit, optional, items, shown=name.endswith("_display"))


_SHOWN_NUMBER = re.compile(r"^-?\d+\.\d$")


def _community_ref() -> tuple[Column, ...]:
    return (
        _c("community", STRING, "社区标识（见 communities.id）"),
        _c("community_name", STRING, "社区名称"),
        _c("district", STRING, "区（县）"),
        _c("street", STRING, "街道（乡镇）"),
    )


COMMUNITIES = Table(
    "communities",
    "社区",
    "每个社区一行：基本情况、最新一次测评的总分与等次、整改台账和公示的统计、徽章地址。",
    (
        _c("id", STRING, "社区标识（文件夹名，长期不变）"),
        _c("name", STRING, "社区名称"),
        _c("district", STRING, "区（县）"),
        _c("street", STRING, "街道（乡镇）"),
        _c("summary", STRING, "一句话简介", optional=True),
        _c("area_km2", NUMBER, "面积", "平方千米", optional=True),
        _c("households", INTEGER, "户数", "户", optional=True),
        _c("population", INTEGER, "人口", "人", optional=True),
        _c("buildings", INTEGER, "楼栋数", "栋", optional=True),
        _c("founded", INTEGER, "成立年份", "年", optional=True),
        _c("url", STRING, "社区页面地址（相对站点根目录）"),
        _c("evaluations", INTEGER, "测评次数（每年至多一次）", "次"),
        _c("latest_year", INTEGER, "最新一次测评的年度", "年", optional=True),
        _c("latest_framework", STRING, "最新一次测评所用测评体系（见 frameworks.id）", optional=True),
        _c("latest_total", NUMBER, "最新一次测评的总分，精确值", "分", optional=True),
        _c("latest_total_display", STRING, "最新一次测评的总分，四舍五入保留一位小数（页面所示）", "分", optional=True),
        _c("latest_band", STRING, "最新一次测评的等次；一票否决时为“一票否决”", optional=True),
        _c("latest_vetoed", BOOLEAN, "最新一次测评是否被一票否决", optional=True),
        _c("latest_rank", INTEGER, "最新一次测评在同年度、同测评体系中的名次（同分同名次；一票否决不排名）", "名", optional=True),
        _c("latest_ranked", INTEGER, "该排名中参与排名的社区数", "个", optional=True),
        _c("badge", STRING, "徽章显示的文字，如“87.5 良好”“未测评”"),
        _c("honors", INTEGER, "现有荣誉数（不含已撤销）", "项"),
        _c("honors_revoked", INTEGER, "已撤销的荣誉数", "项"),
        _c("achievements", INTEGER, "活动记录数", "条"),
        _c("rectifications", INTEGER, "整改台账问题总数", "个"),
        _c("rectifications_open", INTEGER, "整改中（未到期）的问题数", "个"),
        _c("rectifications_overdue", INTEGER, "已逾期未销号的问题数", "个"),
        _c("rectifications_closed", INTEGER, "已销号的问题数", "个"),
        _c("rectification_rate", NUMBER, "整改率：已销号 ÷ 问题总数，保留一位小数；无问题时为空", "%", optional=True),
        _c("on_time_rate", NUMBER, "按期率：按期销号 ÷ 已销号，保留一位小数；无销号时为空", "%", optional=True),
        _c("open_notices", INTEGER, "生成日处于公示期、涉及本社区的公示数", "条"),
        _c("badge_svg", STRING, "徽章 SVG 地址"),
        _c("badge_png", STRING, "徽章 PNG 地址"),
        _c("badge_json", STRING, "徽章 JSON 地址（shields.io endpoint 格式）"),
        _c("feed", STRING, "本社区的 Atom 订阅地址"),
        _c("data", STRING, "本社区完整数据（JSON）的地址"),
    ),
)

EVALUATIONS = Table(
    "evaluations",
    "测评结果",
    "每次测评一行：基本指标、特色指标、总分、等次、名次，各测评项目和指标的得分，以及每项测评内容的状态。",
    (
        _c("id", STRING, "测评标识：社区标识-年度"),
        *_community_ref(),
        _c("year", INTEGER, "年度", "年"),
        _c("framework", STRING, "测评体系（见 frameworks.id）"),
        _c("date", DATE, "测评日期"),
        _c("evaluator", STRING, "测评单位"),
        _c("basic", NUMBER, "基本指标得分，精确值", "分"),
        _c("special_claimed", NUMBER, "申报的特色指标分之和", "分"),
        _c("special", NUMBER, "计入的特色指标分（不超过测评体系的上限）", "分"),
        _c("total", NUMBER, "总分 = 基本指标 + 特色指标，精确值", "分"),
        _c("total_display", STRING, "总分，四舍五入保留一位小数（页面所示）", "分"),
        _c("maximum", NUMBER, "满分：基本指标总分 + 特色指标上限", "分"),
        _c("band", STRING, "等次；一票否决时为空", optional=True),
        _c("vetoed", BOOLEAN, "是否一票否决"),
        _c("vetoes", ARRAY, "否决项名称"),
        _c("rank", INTEGER, "在同年度、同测评体系中的名次（同分同名次）；一票否决时为空", "名", optional=True),
        _c("ranked", INTEGER, "该排名中参与排名的社区数", "个"),
        _c("items", OBJECT, "各测评项目得分：项目编号 → 得分（满分见 framework-contents）", "分", items=NUMBER),
        _c("indicators", OBJECT, "各测评指标得分：指标编号 → 得分", "分", items=NUMBER),
        _c("states", OBJECT, "每项测评内容的状态：内容编号 → 状态（系数见 frameworks.states）", items=STRING),
        _c("notes", OBJECT, "测评说明：内容编号 → 说明", items=STRING),
        _c("ranking", STRING, "排名页面地址"),
    ),
)

HONORS = Table(
    "honors",
    "荣誉",
    "每项荣誉一行，已撤销的也在内（注明撤销日期和原因）。",
    (
        _c("id", STRING, "荣誉标识：社区标识/序号（按社区资料中的顺序）"),
        *_community_ref(),
        _c("title", STRING, "荣誉名称"),
        _c("level", STRING, "级别：国家级、省级、市级、区级、街道级"),
        _c("year", INTEGER, "获得年份", "年"),
        _c("issuer", STRING, "授予单位"),
        _c("revoked", DATE, "撤销日期；未撤销时为空", optional=True),
        _c("revoked_reason", STRING, "撤销原因", optional=True),
    ),
)

ACHIEVEMENTS = Table(
    "achievements",
    "活动记录",
    "每条活动记录一行。",
    (
        _c("id", STRING, "记录标识：社区标识/日期/当日序号（同日按名称排序）"),
        *_community_ref(),
        _c("date", DATE, "日期"),
        _c("title", STRING, "活动名称"),
        _c("category", STRING, "类别"),
        _c("participants", INTEGER, "参与人数", "人次", optional=True),
        _c("summary", STRING, "简述", optional=True),
        _c("photos", INTEGER, "照片张数", "张"),
    ),
)

RECTIFICATIONS = Table(
    "rectifications",
    "整改台账",
    "每个问题一行，含生成日的状态。",
    (
        _c("id", STRING, "问题标识：社区标识/台账编号"),
        *_community_ref(),
        _c("entry", STRING, "台账中的编号"),
        _c("found", DATE, "发现日期"),
        _c("source", STRING, "问题来源"),
        _c("location", STRING, "点位"),
        _c("issue", STRING, "问题"),
        _c("deadline", DATE, "整改期限"),
        _c("closed", DATE, "销号日期；未销号时为空", optional=True),
        _c("status", STRING, "生成日的状态：open 整改中、overdue 已逾期、closed_on_time 按期销号、closed_late 逾期销号"),
        _c("status_label", STRING, "状态的中文名称"),
        _c("response", STRING, "整改情况或公开答复", optional=True),
    ),
)

NOTICES = Table(
    "notices",
    "公示",
    "每条公示一行，含生成日的状态。公示期含首尾两日。",
    (
        _c("id", STRING, "公示标识（文件名）"),
        _c("title", STRING, "标题"),
        _c("kind", STRING, "类别"),
        _c("issuer", STRING, "发布单位"),
        _c("start", DATE, "公示开始日期（含当日）"),
        _c("end", DATE, "公示结束日期（含当日）"),
        _c("status", STRING, "生成日的状态：upcoming 即将公示、open 公示中、closed 公示结束"),
        _c("status_label", STRING, "状态的中文说明"),
        _c("days_left", INTEGER, "公示中时的剩余天数（含当日和结束日）", "天", optional=True),
        _c("subjects", ARRAY, "涉及社区（社区标识）"),
        _c("result", STRING, "公示结果", optional=True),
        _c("result_pending", BOOLEAN, "公示已结束但结果尚未公布"),
        _c("phone", STRING, "反馈电话", optional=True),
        _c("email", STRING, "反馈电子邮箱", optional=True),
        _c("address", STRING, "反馈地址", optional=True),
        _c("url", STRING, "公示页面地址"),
    ),
)

POLICIES = Table(
    "policies",
    "政策文件",
    "每份政策文件一行，含生成日的效力状态和替代关系。",
    (
        _c("id", STRING, "文件标识（文件名）"),
        _c("title", STRING, "标题"),
        _c("issuer", STRING, "发文单位"),
        _c("issued", DATE, "发文日期"),
        _c("doc_number", STRING, "文号", optional=True),
        _c("effective", DATE, "施行日期", optional=True),
        _c("repealed", DATE, "废止日期", optional=True),
        _c("status", STRING, "生成日的状态：in_force 现行有效、repealed 已废止、not_yet 尚未施行"),
        _c("status_label", STRING, "状态的中文名称"),
        _c("supersedes", ARRAY, "本文件替代的文件（文件标识）"),
        _c("superseded_by", ARRAY, "替代本文件的文件（文件标识）"),
        _c("tags", ARRAY, "标签"),
        _c("url", STRING, "文件页面地址"),
    ),
)

FRAMEWORKS = Table(
    "frameworks",
    "测评体系",
    "每个测评体系一行：分值、状态系数、分档和否决项。",
    (
        _c("id", STRING, "测评体系标识"),
        _c("title", STRING, "名称"),
        _c("issuer", STRING, "制定单位"),
        _c("effective", DATE, "施行日期"),
        _c("basic_total", NUMBER, "基本指标总分", "分"),
        _c("special_max", NUMBER, "特色指标上限", "分"),
        _c("maximum", NUMBER, "满分：基本指标总分 + 特色指标上限", "分"),
        _c("states", OBJECT, "状态 → 系数（得分 = 分值 × 系数）", items=NUMBER),
        _c("bands", ARRAY, "分档，从高到低，每档“名称:最低分”", items=STRING),
        _c("vetoes", ARRAY, "一票否决项，“编号:名称”", items=STRING),
        _c("url", STRING, "测评体系页面地址"),
    ),
)

FRAMEWORK_CONTENTS = Table(
    "framework-contents",
    "测评内容",
    "每个测评体系的每项测评内容一行，含所属项目和指标及其满分。",
    (
        _c("id", STRING, "标识：测评体系标识/内容编号"),
        _c("framework", STRING, "测评体系"),
        _c("item", STRING, "测评项目编号"),
        _c("item_title", STRING, "测评项目名称"),
        _c("item_maximum", NUMBER, "测评项目满分", "分"),
        _c("indicator", STRING, "测评指标编号"),
        _c("indicator_title", STRING, "测评指标名称"),
        _c("indicator_maximum", NUMBER, "测评指标满分", "分"),
        _c("content", STRING, "测评内容编号"),
        _c("title", STRING, "测评内容"),
        _c("points", NUMBER, "分值", "分"),
    ),
)

AREAS = Table(
    "areas",
    "区县与街道",
    "全部社区、每个区（县）和每个街道（乡镇）一行：社区数、整改台账、公示。",
    (
        _c("id", STRING, "标识：all，或“区名”，或“区名/街道名”"),
        _c("level", STRING, "层级：site 全部、district 区（县）、street 街道（乡镇）"),
        _c("district", STRING, "区（县）", optional=True),
        _c("street", STRING, "街道（乡镇）", optional=True),
        _c("communities", INTEGER, "社区数", "个"),
        _c("evaluated", INTEGER, "有测评结果的社区数（任一年度）", "个"),
        _c("rectifications", INTEGER, "整改台账问题总数", "个"),
        _c("rectifications_open", INTEGER, "整改中的问题数", "个"),
        _c("rectifications_overdue", INTEGER, "已逾期未销号的问题数", "个"),
        _c("rectifications_closed", INTEGER, "已销号的问题数", "个"),
        _c("rectification_rate", NUMBER, "整改率：已销号 ÷ 问题总数", "%", optional=True),
        _c("on_time_rate", NUMBER, "按期率：按期销号 ÷ 已销号", "%", optional=True),
        _c("open_notices", INTEGER, "生成日处于公示期、涉及本区域社区的公示数", "条"),
        _c("url", STRING, "社区名录中该区域的地址"),
    ),
)

AREA_SCORES = Table(
    "area-scores",
    "区县与街道的测评统计",
    "每个区域在每个年度、每个测评体系下一行：测评数、平均分、中位数、等次分布、一票否决数。平均分和中位数只计未被否决的测评。",
    (
        _c("id", STRING, "标识：区域标识/年度/测评体系"),
        _c("area", STRING, "区域（见 areas.id）"),
        _c("level", STRING, "层级：site、district、street"),
        _c("district", STRING, "区（县）", optional=True),
        _c("street", STRING, "街道（乡镇）", optional=True),
        _c("year", INTEGER, "年度", "年"),
        _c("framework", STRING, "测评体系"),
        _c("evaluated", INTEGER, "测评数（含一票否决）", "个"),
        _c("vetoed", INTEGER, "一票否决数", "个"),
        _c("total_sum", NUMBER, "未否决测评的总分之和，精确值", "分"),
        _c("mean", NUMBER, "平均分 = total_sum ÷（evaluated − vetoed），由精确值四舍五入保留一位小数；无可计测评时为空", "分", optional=True),
        _c("median", NUMBER, "中位数，精确值（偶数个时取中间两个的平均）", "分", optional=True),
        _c("median_display", STRING, "中位数，四舍五入保留一位小数", "分", optional=True),
        _c("bands", OBJECT, "等次分布：等次 → 社区数（含“一票否决”）", "个", items=INTEGER),
    ),
    key=("id",),
)

TABLES: tuple[Table, ...] = (
    COMMUNITIES,
    EVALUATIONS,
    HONORS,
    ACHIEVEMENTS,
    RECTIFICATIONS,
    NOTICES,
    POLICIES,
    FRAMEWORKS,
    FRAMEWORK_CONTENTS,
    AREAS,
    AREA_SCORES,
)
# The tables with rows of each community (the rest are about the whole site).
PER_COMMUNITY: tuple[Table, ...] = (COMMUNITIES, EVALUATIONS, HONORS, ACHIEVEMENTS, RECTIFICATIONS)

# One community's whole record (``data/communities/<slug>.json``): what the compare page reads.
COMMUNITY_FILE_PARTS = (("community", COMMUNITIES, False), ("evaluations", EVALUATIONS, True), ("honors", HONORS, True))


def json_uri(table: Table) -> str:
    return f"{DATA_FOLDER}/{table.name}.json"


def csv_uri(table: Table) -> str:
    return f"{DATA_FOLDER}/{table.name}.csv"


def schema_uri(name: str) -> str:
    return f"{SCHEMA_FOLDER}/{name}.json"


def community_data_uri(slug: str) -> str:
    return f"{COMMUNITY_FOLDER}/{slug}.json"


def plain(value: Decimal | None) -> Decimal | None:
    """A computed number in its shortest exact form (7.000 → 7, 87.450 → 87.45)."""
    if value is None:
        return None
    normal = value.normalize()
    return Decimal(format(normal, "f"))


@dataclass(frozen=True)
class Meta:
    """What every file states: when, from which commit, under which licence."""

    built: dt.date
    commit: str | None
    license: License
    site_url: str = ""

    def block(self, **extra) -> dict:
        return {
            "built": self.built.isoformat(),
            "commit": self.commit,
            "license": {"id": self.license.id, "name": self.license.name, "url": self.license.url},
            "site_url": self.site_url or None,
            **extra,
        }


META_SCHEMA = {
    "type": "object",
    "properties": {
        "built": {"type": "string", "format": "date", "description": "生成日期（状态均以此日为准）"},
        "commit": {"type": ["string", "null"], "description": "内容仓库的提交（git commit）；不在 git 中时为空"},
        "license": {
            "type": "object",
            "properties": {"id": {"type": "string"}, "name": {"type": "string"}, "url": {"type": "string"}},
            "required": ["id", "name", "url"],
            "additionalProperties": False,
        },
        "site_url": {"type": ["string", "null"], "description": "站点地址（mkdocs.yml 的 site_url）"},
        "dataset": {"type": "string"},
        "title": {"type": "string"},
        "schema": {"type": "string"},
        "records": {"type": "integer"},
    },
    "required": ["built", "commit", "license", "site_url", "schema"],
    "additionalProperties": False,
}


# Exact numbers in JSON: the standard encoder writes a Decimal it cannot encode through
# ``_mark`` as a string between NUL characters, escaped as \u0000 in the output; those
# strings become bare numbers again. Content text never holds a NUL (the loader rejects
# control characters), so only the build's numbers match.
_MARKED = re.compile(r'"\\u0000(-?[0-9]+(?:\.[0-9]+)?)\\u0000"')


def _mark(value):
    if isinstance(value, Decimal):
        text = format(value, "f")
        if not value.is_finite():
            raise ValueError(f"open data: {value} is not a number")
        return f"\0{text}\0"
    raise TypeError(f"open data: {type(value).__name__} is not JSON")


def _dumps(value) -> bytes:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=_mark)
    return _MARKED.sub(r"\1", text).encode("utf-8")


def table_json(table: Table, rows: list[dict], meta: Meta) -> bytes:
    head = meta.block(dataset=table.name, title=table.title, schema=schema_uri(table.name), records=len(rows))
    return _dumps({"meta": head, "records": rows}) + b"\n"


def _shown(column: Column) -> Callable:
    def cell(value) -> str:
        # A displayed score ("-5.0") stays a number in a spreadsheet; only build-made
        # numbers may skip safe_cell.
        if not _SHOWN_NUMBER.match(value):
            raise ValueError(f"open data: {column.name}: {value!r} is not a shown number")
        return value

    return cell


def _converter(column: Column) -> Callable:
    """How a column's values are written into CSV cells (None is always empty)."""
    if column.kind == BOOLEAN:
        return lambda value: "true" if value else "false"
    if column.kind in (ARRAY, OBJECT):
        return lambda value: safe_cell(_dumps(value).decode("utf-8"))
    if column.kind == DATE:
        return str  # ISO text the build made
    if column.kind in (INTEGER, NUMBER):
        return lambda value: format(value, "f") if isinstance(value, Decimal) else safe_cell(value)
    if column.shown:
        return _shown(column)
    return safe_cell


def table_csv(table: Table, rows: list[dict]) -> bytes:
    """UTF-8 with a BOM, CRLF, a header of field names; text cells neutralised."""
    return ("\ufeff" + _csv_lines(table, rows, header=True)).encode("utf-8")


def _csv_lines(table: Table, rows: Iterable[dict], header: bool = False) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    if header:
        writer.writerow(table.names)
    columns = [(c.name, _converter(c)) for c in table.columns]
    for row in rows:
        writer.writerow(["" if row[name] is None else write(row[name]) for name, write in columns])
    return out.getvalue()


class TableWriter:
    """One table's JSON and CSV files written a share of rows at a time, in parts
    (``key``: the evaluations are cut by year, newest first), then joined into the
    files ``table_json`` and ``table_csv`` make of the same rows, byte for byte. A
    sharded build's shared run writes the tables of every community this way
    (``OpenData.spill``), holding one share of communities at a time."""

    def __init__(self, table: Table, folder: Path) -> None:
        self.table, self.folder, self.count = table, folder, 0
        self._parts: dict[object, tuple[Path, Path]] = {}

    def add(self, rows: Iterable[dict], key: object = None) -> None:
        rows = list(rows)
        if not rows:
            return
        if key not in self._parts:
            n = len(self._parts)
            self._parts[key] = (self.folder / f"{self.table.name}.{n}.json", self.folder / f"{self.table.name}.{n}.csv")
        json_part, csv_part = self._parts[key]
        with json_part.open("ab") as out:
            out.write(b",".join(_dumps(row) for row in rows) + b",")
        with csv_part.open("ab") as out:
            out.write(_csv_lines(self.table, rows).encode("utf-8"))
        self.count += len(rows)

    def finish(self, meta: Meta, order: Callable[[object], object] = lambda key: key) -> tuple[Path, Path]:
        """The table's JSON and CSV files, its parts in ``order`` of their keys."""
        keys = sorted(self._parts, key=order)
        head = meta.block(dataset=self.table.name, title=self.table.title, schema=schema_uri(self.table.name), records=self.count)
        json_file, csv_file = self.folder / f"{self.table.name}.json", self.folder / f"{self.table.name}.csv"
        with json_file.open("wb") as out:
            out.write(b'{"meta":' + _dumps(head) + b',"records":[')
            for n, key in enumerate(keys):
                _append(out, self._parts[key][0], cut=1 if n == len(keys) - 1 else 0)  # the last ","
            out.write(b"]}\n")
        with csv_file.open("wb") as out:
            out.write(("\ufeff" + _csv_lines(self.table, [], header=True)).encode("utf-8"))
            for key in keys:
                _append(out, self._parts[key][1])
        for parts in self._parts.values():
            for part in parts:
                part.unlink()
        return json_file, csv_file


def _append(out, part: Path, cut: int = 0) -> None:
    with part.open("rb") as source:
        left = part.stat().st_size - cut
        while left > 0:
            block = source.read(min(left, 1 << 20))
            out.write(block)
            left -= len(block)


def table_schema(table: Table) -> dict:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"{table.title}（{table.name}.json）",
        "description": table.about,
        "type": "object",
        "properties": {"meta": META_SCHEMA, "records": {"type": "array", "items": table.record_schema()}},
        "required": ["meta", "records"],
        "additionalProperties": False,
    }


def community_file_schema() -> dict:
    properties: dict = {"meta": META_SCHEMA}
    for key, table, many in COMMUNITY_FILE_PARTS:
        properties[key] = {"type": "array", "items": table.record_schema()} if many else table.record_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "一个社区的完整数据（communities/<社区标识>.json）",
        "description": "社区对比页读取的文件：社区一行（字段同 communities）、各年测评（同 evaluations，从早到晚）、荣誉（同 honors）。",
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


def check_row(table: Table, row: dict) -> dict:
    """The row, if its keys are exactly the table's columns, in order."""
    if list(row) != table.names:
        missing = [n for n in table.names if n not in row]
        extra = [n for n in row if n not in table.names]
        raise ValueError(f"open data {table.name}: row keys differ from the declared columns (missing {missing}, undeclared {extra})")
    return row


def rank_table(rankings: list[RankingView]) -> dict[tuple[str, int], tuple[int | None, int]]:
    """(slug, year) → (its rank, or None when vetoed; how many communities were ranked)."""
    table = {}
    for view in rankings:
        r = view.ranking
        for row in r.ranked + r.vetoed:
            table[(row.community.slug, r.year)] = (row.rank, len(r.ranked))
    return table


@dataclass
class OpenData:
    """The rows of every table, from the build's model and scores."""

    site: Site
    scores: dict[str, list[Score]]
    rankings: list[RankingView]
    notice_entries: list[NoticeEntry]
    policy_views: list[PolicyView]
    areas: list[AreaFigures]
    today: dt.date
    url_of: Callable[[str], str]
    # (slug, year) → (rank, communities ranked) (``rank_table``); given by a shard of
    # a sharded build, which holds only its own communities (``shards.Summary``).
    ranks: dict[tuple[str, int], tuple[int | None, int]] | None = None
    # A sharded build's shared run holds light communities only (``shards.load_shared``):
    # the tables of every community are made from the shares it keeps on disk, a share
    # at a time (``shards.Spill``: (communities, scores) in the order of their slugs).
    spill: object = None
    _open: dict[str, int] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    _made: dict[str, tuple[list[dict], int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._ranks = self.ranks if self.ranks is not None else rank_table(self.rankings)
        for entry in self.notice_entries:
            if entry.status.state == "open":
                for slug in entry.notice.subjects:
                    self._open[slug] = self._open.get(slug, 0) + 1
        self._ranking_url = {(v.ranking.year, v.ranking.framework.id): self.url_of(urls.ranking_uri(v.slug)) for v in self.rankings}

    def rows(self, table: Table) -> list[dict]:
        make = {
            COMMUNITIES.name: self._communities,
            EVALUATIONS.name: self._evaluations,
            HONORS.name: self._honors,
            ACHIEVEMENTS.name: self._achievements,
            RECTIFICATIONS.name: self._rectifications,
            NOTICES.name: self._notices,
            POLICIES.name: self._policies,
            FRAMEWORKS.name: self._frameworks,
            FRAMEWORK_CONTENTS.name: self._framework_contents,
            AREAS.name: self._areas,
            AREA_SCORES.name: self._area_scores,
        }[table.name]
        return [check_row(table, row) for row in make()]

    def _each(self) -> Iterable[Community]:
        return (self.site.communities[slug] for slug in sorted(self.site.communities))

    # -- communities and what belongs to them -------------------------------------------

    def community_row(self, c: Community) -> dict:
        history = self.scores[c.slug]
        latest = history[-1] if history else None
        rank, ranked = self._ranks.get((c.slug, latest.evaluation.year), (None, None)) if latest else (None, None)
        summary = ledger.summarize(c.rectifications, self.today)
        return {
            "id": c.slug,
            "name": c.name,
            "district": c.district,
            "street": c.street,
            "summary": c.summary,
            "area_km2": plain(c.area_km2),
            "households": c.households,
            "population": c.population,
            "buildings": c.buildings,
            "founded": c.founded,
            "url": self.url_of(urls.community_uri(c.slug)),
            "evaluations": len(history),
            "latest_year": latest.evaluation.year if latest else None,
            "latest_framework": latest.framework.id if latest else None,
            "latest_total": plain(latest.total) if latest else None,
            "latest_total_display": latest.display if latest else None,
            "latest_band": latest.standing if latest else None,
            "latest_vetoed": latest.vetoed if latest else None,
            "latest_rank": rank,
            "latest_ranked": ranked,
            "badge": latest.message if latest else "未测评",
            "honors": sum(1 for h in c.honors if h.revoked is None),
            "honors_revoked": sum(1 for h in c.honors if h.revoked is not None),
            "achievements": len(c.achievements),
            "rectifications": summary.total,
            "rectifications_open": summary.open,
            "rectifications_overdue": summary.overdue,
            "rectifications_closed": summary.closed,
            "rectification_rate": summary.rectification_rate.value,
            "on_time_rate": summary.on_time_rate.value,
            "open_notices": self._open.get(c.slug, 0),
            "badge_svg": urls.badge_path(c.slug, "svg"),
            "badge_png": urls.badge_path(c.slug, "png"),
            "badge_json": urls.badge_path(c.slug, "json"),
            "feed": urls.community_feed_path(c.slug),
            "data": community_data_uri(c.slug),
        }

    def _communities(self) -> Iterable[dict]:
        return (self.community_row(c) for c in self._each())

    def evaluation_row(self, c: Community, s: Score) -> dict:
        rank, ranked = self._ranks[(c.slug, s.evaluation.year)]
        e = s.evaluation
        return {
            "id": f"{c.slug}-{e.year}",
            **self._ref(c),
            "year": e.year,
            "framework": s.framework.id,
            "date": e.date.isoformat(),
            "evaluator": e.evaluator,
            "basic": plain(s.basic),
            "special_claimed": plain(s.special_raw),
            "special": plain(s.special),
            "total": plain(s.total),
            "total_display": s.display,
            "maximum": plain(s.framework.basic_total + s.framework.special_max),
            "band": None if s.vetoed or s.band is None else s.band.label,
            "vetoed": s.vetoed,
            "vetoes": list(s.veto_labels),
            "rank": rank,
            "ranked": ranked,
            "items": {it.item.id: plain(it.score) for it in s.items},
            "indicators": {ind.indicator.id: plain(ind.score) for it in s.items for ind in it.indicators},
            "states": {cs.content.id: cs.state for it in s.items for ind in it.indicators for cs in ind.contents},
            "notes": {cs.content.id: cs.note for it in s.items for ind in it.indicators for cs in ind.contents if cs.note},
            "ranking": self._ranking_url[(e.year, s.framework.id)],
        }

    def _evaluations(self) -> Iterable[dict]:
        # Newest year first, then by community, as the rankings list them.
        rows = [(s.evaluation.year, c.slug, c, s) for c in self._each() for s in self.scores[c.slug]]
        rows.sort(key=lambda r: (-r[0], r[1]))
        return (self.evaluation_row(c, s) for _, _, c, s in rows)

    def _ref(self, c: Community) -> dict:
        return {"community": c.slug, "community_name": c.name, "district": c.district, "street": c.street}

    def honor_rows(self, c: Community) -> list[dict]:
        return [
            {
                "id": f"{c.slug}/{n}",
                **self._ref(c),
                "title": h.title,
                "level": h.level,
                "year": h.year,
                "issuer": h.issuer,
                "revoked": h.revoked.date.isoformat() if h.revoked else None,
                "revoked_reason": h.revoked.reason if h.revoked else None,
            }
            for n, h in enumerate(c.honors, start=1)
        ]

    def _honors(self) -> Iterable[dict]:
        return (row for c in self._each() for row in self.honor_rows(c))

    def _achievements(self) -> Iterable[dict]:
        for c in self._each():
            ordered = sorted(c.achievements, key=lambda a: (a.date, a.title))
            seen: dict[dt.date, int] = {}
            for a in ordered:
                seen[a.date] = seen.get(a.date, 0) + 1
                yield {
                    "id": f"{c.slug}/{a.date.isoformat()}/{seen[a.date]}",
                    **self._ref(c),
                    "date": a.date.isoformat(),
                    "title": a.title,
                    "category": a.category,
                    "participants": a.participants,
                    "summary": a.summary,
                    "photos": len(a.photos),
                }

    def _rectifications(self) -> Iterable[dict]:
        for c in self._each():
            for r in c.rectifications:
                status = ledger.rectification_status(r, self.today)
                yield {
                    "id": f"{c.slug}/{r.id}",
                    **self._ref(c),
                    "entry": r.id,
                    "found": r.found.isoformat(),
                    "source": r.source,
                    "location": r.location,
                    "issue": r.issue,
                    "deadline": r.deadline.isoformat(),
                    "closed": r.closed.isoformat() if r.closed else None,
                    "status": status,
                    "status_label": ledger.STATUS_LABELS[status],
                    "response": r.response,
                }

    # -- notices, policies, frameworks ---------------------------------------------------

    def _notices(self) -> Iterable[dict]:
        for entry in sorted(self.notice_entries, key=lambda e: e.notice.slug):
            n, st = entry.notice, entry.status
            yield {
                "id": n.slug,
                "title": n.title,
                "kind": n.kind,
                "issuer": n.issuer,
                "start": n.start.isoformat(),
                "end": n.end.isoformat(),
                "status": st.state,
                "status_label": st.label,
                "days_left": st.days_left,
                "subjects": list(n.subjects),
                "result": n.result,
                "result_pending": st.result_pending,
                "phone": n.channels.phone,
                "email": n.channels.email,
                "address": n.channels.address,
                "url": self.url_of(urls.notice_uri(n.slug)),
            }

    def _policies(self) -> Iterable[dict]:
        for view in sorted(self.policy_views, key=lambda v: v.policy.slug):
            p = view.policy
            yield {
                "id": p.slug,
                "title": p.title,
                "issuer": p.issuer,
                "issued": p.issued.isoformat(),
                "doc_number": p.doc_number,
                "effective": p.effective.isoformat() if p.effective else None,
                "repealed": p.repealed.isoformat() if p.repealed else None,
                "status": view.status,
                "status_label": policies.STATUS_LABELS[view.status],
                "supersedes": [s.slug for s in view.supersedes],
                "superseded_by": [s.slug for s in view.superseded_by],
                "tags": list(p.tags),
                "url": self.url_of(urls.policy_uri(p.slug)),
            }

    def _frameworks(self) -> Iterable[dict]:
        for fid in sorted(self.site.frameworks):
            f = self.site.frameworks[fid]
            yield {
                "id": f.id,
                "title": f.title,
                "issuer": f.issuer,
                "effective": f.effective.isoformat(),
                "basic_total": plain(f.basic_total),
                "special_max": plain(f.special_max),
                "maximum": plain(f.basic_total + f.special_max),
                "states": {state: plain(factor) for state, factor in f.states.items()},
                "bands": [f"{b.label}:{plain(b.min)}" for b in f.bands],
                "vetoes": [f"{v.id}:{v.label}" for v in f.vetoes],
                "url": self.url_of(urls.framework_uri(f.id)),
            }

    def _framework_contents(self) -> Iterable[dict]:
        for fid in sorted(self.site.frameworks):
            f = self.site.frameworks[fid]
            for item in f.items:
                item_max = sum((c.points for ind in item.indicators for c in ind.contents), Decimal(0))
                for ind in item.indicators:
                    ind_max = sum((c.points for c in ind.contents), Decimal(0))
                    for content in ind.contents:
                        yield {
                            "id": f"{f.id}/{content.id}",
                            "framework": f.id,
                            "item": item.id,
                            "item_title": item.title,
                            "item_maximum": plain(item_max),
                            "indicator": ind.id,
                            "indicator_title": ind.title,
                            "indicator_maximum": plain(ind_max),
                            "content": content.id,
                            "title": content.title,
                            "points": plain(content.points),
                        }

    # -- districts and streets ------------------------------------------------------------

    def area_id(self, area: AreaFigures) -> str:
        if area.district is None:
            return "all"
        return area.district if area.street is None else f"{area.district}/{area.street}"

    def _areas(self) -> Iterable[dict]:
        directory = self.url_of(urls.DIRECTORY_URI)
        for a in self.areas:
            yield {
                "id": self.area_id(a),
                "level": a.level,
                "district": a.district,
                "street": a.street,
                "communities": a.communities,
                "evaluated": a.evaluated,
                "rectifications": a.ledger.total,
                "rectifications_open": a.ledger.open,
                "rectifications_overdue": a.ledger.overdue,
                "rectifications_closed": a.ledger.closed,
                "rectification_rate": a.ledger.rectification_rate.value,
                "on_time_rate": a.ledger.on_time_rate.value,
                "open_notices": a.open_notices,
                "url": f"{directory}#{a.anchor}" if a.anchor else directory,
            }

    def _area_scores(self) -> Iterable[dict]:
        for a in self.areas:
            area = self.area_id(a)
            for s in a.scores:
                yield {
                    "id": f"{area}/{s.year}/{s.framework_id}",
                    "area": area,
                    "level": a.level,
                    "district": a.district,
                    "street": a.street,
                    "year": s.year,
                    "framework": s.framework_id,
                    "evaluated": s.evaluated,
                    "vetoed": s.vetoed,
                    "total_sum": plain(s.total_sum),
                    "mean": None if s.mean_display is None else Decimal(s.mean_display),
                    "median": plain(s.median),
                    "median_display": s.median_display,
                    "bands": {b.label: b.count for b in s.bands},
                }

    # -- one community's file -------------------------------------------------------------

    def community_file(self, slug: str, meta: Meta) -> bytes:
        c = self.site.communities[slug]
        record = {
            "meta": meta.block(schema=schema_uri("community")),
            "community": check_row(COMMUNITIES, self.community_row(c)),
            "evaluations": [check_row(EVALUATIONS, self.evaluation_row(c, s)) for s in self.scores[slug]],
            "honors": [check_row(HONORS, row) for row in self.honor_rows(c)],
        }
        return _dumps(record) + b"\n"

    # -- every file -------------------------------------------------------------------------

    def count(self, table: Table) -> int:
        """A table's rows, counted without making them (for the dictionary page)."""
        communities = self.site.communities.values()
        counts = {
            COMMUNITIES.name: lambda: len(self.site.communities),
            EVALUATIONS.name: lambda: sum(len(h) for h in self.scores.values()),
            HONORS.name: lambda: sum(len(c.honors) for c in communities),
            ACHIEVEMENTS.name: lambda: sum(len(c.achievements) for c in communities),
            RECTIFICATIONS.name: lambda: sum(len(c.rectifications) for c in communities),
            NOTICES.name: lambda: len(self.notice_entries),
            POLICIES.name: lambda: len(self.policy_views),
            FRAMEWORKS.name: lambda: len(self.site.frameworks),
            FRAMEWORK_CONTENTS.name: lambda: sum(len(f.contents()) for f in self.site.frameworks.values()),
            AREAS.name: lambda: len(self.areas),
            AREA_SCORES.name: lambda: sum(len(a.scores) for a in self.areas),
        }
        return counts[table.name]()

    def table_file(self, table: Table, kind: str, meta: Meta) -> bytes:
        """One table as JSON or CSV. Its rows are made once for both files, and let go
        once both are written."""
        rows, left = self._made.pop(table.name, (None, 2))
        if rows is None:
            rows = self.rows(table)
        if left > 1:
            self._made[table.name] = (rows, left - 1)
        return table_json(table, rows, meta) if kind == "json" else table_csv(table, rows)

    def files(self, meta: Meta, communities: bool = True) -> dict[str, bytes | Callable[[], bytes]]:
        """Every file under ``data/``: the tables as functions that make them (run by
        whoever writes the file: with helper processes, one of them, off the main
        process's path). ``counts`` then holds each table's row count. ``communities``:
        with each community's own file (not in a sharded build's shared run)."""
        out: dict[str, bytes | Callable[[], bytes] | Path] = {}
        spilled = self._write_spilled(meta) if self.spill is not None else {}
        for table in TABLES:
            if table.name in spilled:
                self.counts[table.name], out[json_uri(table)], out[csv_uri(table)] = spilled[table.name]
                out[schema_uri(table.name)] = _dumps(table_schema(table)) + b"\n"
                continue
            self.counts[table.name] = self.count(table)
            out[json_uri(table)] = functools.partial(self.table_file, table, "json", meta)
            out[csv_uri(table)] = functools.partial(self.table_file, table, "csv", meta)
            out[schema_uri(table.name)] = _dumps(table_schema(table)) + b"\n"
        out[schema_uri("community")] = _dumps(community_file_schema()) + b"\n"
        out[PACKAGE_URI] = data_package(meta)
        for slug in sorted(self.site.communities) if communities else ():
            out[community_data_uri(slug)] = functools.partial(self.community_file, slug, meta)
        return out


    def _write_spilled(self, meta: Meta) -> dict[str, tuple[int, Path, Path]]:
        """The tables of every community, written from ``spill`` one share at a time:
        table → (rows, JSON file, CSV file), equal to what ``table_file`` makes."""
        writers = {table.name: TableWriter(table, self.spill.work) for table in PER_COMMUNITY}
        for communities, scores in self.spill:
            share = replace(
                self, site=replace(self.site, communities=communities), scores=scores, ranks=self._ranks, spill=None, _open={}, counts={}, _made={}
            )
            for table in PER_COMMUNITY:
                rows = share.rows(table)
                if table is EVALUATIONS:  # newest year first, then by community
                    for year, group in itertools.groupby(rows, key=lambda row: row["year"]):
                        writers[table.name].add(group, key=year)
                else:
                    writers[table.name].add(rows)
        out = {}
        for table in PER_COMMUNITY:
            writer = writers[table.name]
            files = writer.finish(meta, order=(lambda year: -year) if table is EVALUATIONS else (lambda key: 0))
            out[table.name] = (writer.count, *files)
        return out


def data_package(meta: Meta) -> bytes:
    """A Frictionless Data Package descriptor (https://specs.frictionlessdata.io/) of
    the CSV files: the tools that read it check every cell against its type."""
    resources = []
    for table in TABLES:
        resources.append(
            {
                "name": table.name,
                "title": table.title,
                "description": table.about,
                "path": f"{table.name}.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8-sig",
                "schema": {
                    "fields": [
                        {"name": c.name, "type": _TABLE_SCHEMA_TYPES[c.kind], "description": c.meaning + (f"（单位：{c.unit}）" if c.unit else "")}
                        for c in table.columns
                    ],
                    "primaryKey": list(table.key),
                    "missingValues": [""],
                },
            }
        )
    package = {
        "profile": "tabular-data-package",
        "name": "civilization-showcase",
        "title": "文明创建风采展示 开放数据",
        "created": meta.built.isoformat(),
        "version": meta.commit or meta.built.isoformat(),
        "licenses": [{"name": meta.license.id, "title": meta.license.name, "path": meta.license.url}],
        "resources": resources,
    }
    return _dumps(package) + b"\n"


# -- the dictionary page's view ---------------------------------------------------------


@dataclass
class DictionaryTable:
    table: Table
    json: str  # source URIs of its files
    csv: str
    schema: str
    records: int
    columns: list[tuple[Column, str]]  # with the kind's Chinese label


@dataclass
class DictionaryView:
    tables: list[DictionaryTable]
    meta: Meta
    built_text: str
    package: str
    community_schema: str
    community_parts: list[tuple[str, str]]  # (key in the file, table name)


def dictionary_view(meta: Meta, built_text: str, counts: dict[str, int]) -> DictionaryView:
    tables = [
        DictionaryTable(t, json_uri(t), csv_uri(t), schema_uri(t.name), counts.get(t.name, 0), [(c, KIND_LABELS[c.kind]) for c in t.columns])
        for t in TABLES
    ]
    return DictionaryView(
        tables,
        meta,
        built_text,
        PACKAGE_URI,
        schema_uri("community"),
        [(key, table.name) for key, table, _ in COMMUNITY_FILE_PARTS],
    )



COMPARE_PLACEHOLDER = "/*COMPARE_RULES*/null"


def compare_rules() -> dict:
    """What the compare page's script (assets/compare.js) takes from the domain."""
    return {"most": COMPARE_MAX, "slug": SLUG_PATTERN, "veto": VETO_LABEL, "levels": list(HONOR_LEVELS)}


def with_compare_rules(script: str) -> str:
    return with_rules(script, COMPARE_PLACEHOLDER, compare_rules(), "assets/compare.js")
