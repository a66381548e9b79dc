"""Property-based fuzzing of the loader: whatever an editor writes, the build either
loads a site or reports content errors as ``path:line: field: message`` lines; it never
fails with a traceback, hangs or crashes.

Documents are generated (Hypothesis) in four ways, written into a small content folder
over an otherwise valid one, and loaded with ``load_site``:

- random bytes and random text, in place of one or more content files;
- YAML trees built from the contract's own specs (``showcase.contract``): valid values,
  except where a per-document rate puts wrong ones or a random tree (random keys and
  scalar types, long digit strings, escapes, invisible characters, anchors, aliases,
  tags, duplicate and merge keys, flow and block styles, deep nesting);
- valid files with random edits (characters inserted, deleted, lines repeated);
- frameworks and evaluations with random numbers, whose scores must come out exact.

Two properties of ``showcase.yamlsrc`` are fuzzed on their own: ``compose`` takes any
text (lone surrogates too), and the depth bound that guards libyaml is never too low.

Every run is the same (``derandomize``): a failure here is a reproducible bug, never a
flaky one. The examples are bounded so that the file runs in well under a minute.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import tempfile
from fractions import Fraction
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from showcase import contract
from showcase.errors import ContentError, ContentInvalid, Report
from showcase.loader import load_site
from showcase.model import Site
from showcase.schema import (
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
    Record,
    Text,
    Year,
)
from showcase.scoring import build_rankings, community_scores
from showcase.yamlsrc import MAX_DEPTH, Source, _shallower_than, compose

# SHOWCASE_FUZZ_SCALE=20 runs twenty times the examples, and SHOWCASE_FUZZ_RANDOM=1
# draws new ones on every run: for a longer search on a workstation. By default (CI)
# every run tries the same examples.
SCALE = float(os.environ.get("SHOWCASE_FUZZ_SCALE", "1"))


def fuzz(examples: int) -> settings:
    return settings(
        max_examples=max(1, int(examples * SCALE)),
        derandomize=os.environ.get("SHOWCASE_FUZZ_RANDOM") is None,
        database=None,
        deadline=None,
        print_blob=False,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.filter_too_much,
            HealthCheck.large_base_example,
        ],
    )


# -- checking what the loader says ---------------------------------------------------------

# One error line: a path (no colon), maybe a line number, a field, a message. The field
# may hold ": " itself (it quotes the editor's key, and a key may be "a: b"), so it is
# matched lazily; the structure is checked on the ContentError's parts too.
ERROR_LINE = re.compile(r"[^:\n]+(:[1-9][0-9]*)?: [^\n]+?: [^\n]+")
# Nothing in an error line that breaks it into two, moves the cursor or cannot be printed.
UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")


def check_error(error: ContentError) -> None:
    text = str(error)
    assert isinstance(error, ContentError), repr(error)
    assert not UNPRINTABLE.search(text), repr(text)
    assert ERROR_LINE.fullmatch(text), repr(text)
    assert error.path and ":" not in error.path, repr(text)
    assert error.field.strip() and error.message.strip(), repr(text)
    assert text.startswith(error.path), repr(text)
    if error.line is not None:
        assert isinstance(error.line, int) and error.line >= 1, repr(text)
        path = Path(error.path)
        if path.is_file():
            # YAML counts "\r", NEL, LS and PS as line breaks too: splitlines() counts a
            # superset, so this is an upper bound on any line a file can have.
            lines = path.read_bytes().decode("utf-8", "replace").splitlines()
            assert error.line <= len(lines) + 1, (repr(text), len(lines))


def check_load(root: Path) -> Site | None:
    """Load ``root``: a Site whose every score computes, or well-formed errors."""
    try:
        site = load_site(root)
    except ContentInvalid as exc:
        assert exc.errors, "ContentInvalid without errors"
        for error in exc.errors:
            check_error(error)
        return None
    assert isinstance(site, Site)
    for community in site.communities.values():
        community_scores(community, site)  # exact or an error: never Inexact
    build_rankings(site)
    return site


# -- a content folder that is valid until a file is replaced -------------------------------

FRAMEWORK = """id: x
title: 测评体系
issuer: 文明办
effective: 2024-01-01
states: {a: 1.0, b: 0.7, c: 0.5, d: 0.3}
basic_total: 100
special_max: 10
bands:
  - {min: 90, label: 优秀, color: "#2e7d32"}
  - {min: 0, label: 不合格, color: "#c62828"}
vetoes:
  - {id: v, label: 否决}
items:
  - id: "1"
    title: 项目
    indicators:
      - id: "1.1"
        title: 指标
        contents:
          - id: "1"
            title: 内容一
            points: 60
            standards: [标准甲, 标准乙]
            rule: 符合为a
            methods: [实地考察]
          - {id: "2", title: 内容二, points: 40}
"""


def _png() -> bytes:
    from io import BytesIO

    from PIL import Image

    out = BytesIO()
    Image.new("RGB", (2, 2), (200, 40, 40)).save(out, "PNG")
    return out.getvalue()


BASE: dict[str, str | bytes] = {
    "communities/c/photos/a.png": _png(),
    "index.md": "# 首页\n",
    "about.md": "---\ntitle: 关于\nhide: [navigation]\nsearch: {exclude: true}\n---\n\n关于本站\n",
    "communities/c/index.md": (
        "---\nname: 甲社区\ndistrict: 东城区\nstreet: 交道口街道\nsummary: 一句话\nhouseholds: 1086\n"
        "area_km2: 0.35\nfounded: 1998\nfacilities: [党群服务中心]\n"
        "teams:\n  - {name: 合唱团, kind: 文体, members: 32}\n"
        'contact: {address: 某路1号, phone: "010-6403 1234", email: a@example.org}\n'
        "honors:\n  - {title: 文明社区, level: 市级, year: 2020, issuer: 文明委}\ncover: photos/a.png\n---\n\n社区简介。\n"
    ),
    "communities/c/achievements.yml": (
        "- {date: 2024-05-01, title: 义诊, category: 便民服务, participants: 20, photos: [photos/a.png]}\n"
    ),
    "communities/c/rectifications.yml": (
        '- id: "1"\n  found: 2024-01-01\n  source: 自查\n  location: 楼道\n  issue: 堆物\n'
        "  deadline: 2024-02-01\n  closed: 2024-01-20\n  response: 已清理\n"
    ),
    "communities/c/evaluations/2024.yml": (
        'framework: x\ndate: 2024-10-15\nevaluator: 测评组\nstates: {"1": a, "2": b}\n'
        'notes: {"2": 说明}\nspecial:\n  - {title: 特色, points: 3}\n'
    ),
    "policies/frameworks/x.yml": FRAMEWORK,
    "policies/x.md": "---\ntitle: 管理办法\nissuer: 文明委\nissued: 2024-01-01\ntags: [办法]\n---\n\n正文\n",
    "notices/x.md": (
        "---\ntitle: 公示\nkind: 推荐名单\nissuer: 文明办\nstart: 2024-03-01\nend: 2024-03-07\n"
        'subjects: [c]\nchannels: {phone: "010-1234"}\n---\n\n正文\n'
    ),
}

SPECS = {
    "communities/c/index.md": contract.COMMUNITY,
    "communities/c/achievements.yml": contract.ACHIEVEMENTS,
    "communities/c/rectifications.yml": contract.RECTIFICATIONS,
    "communities/c/evaluations/2024.yml": contract.EVALUATION,
    "policies/frameworks/x.yml": contract.FRAMEWORK,
    "policies/x.md": contract.POLICY,
    "notices/x.md": contract.NOTICE,
}
# Ordinary pages take any front matter; it must still be YAML, without duplicate keys.
ORDINARY = ["index.md", "about.md"]
TARGETS = sorted(SPECS) + ORDINARY


def write_site(root: Path, replaced: dict[str, str | bytes]) -> Path:
    content = root / "content"
    for rel, data in {**BASE, **replaced}.items():
        path = content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_bytes(data.encode("utf-8", "surrogatepass"))
    return content


def load_replaced(replaced: dict[str, str | bytes]) -> Site | None:
    with tempfile.TemporaryDirectory() as tmp:
        return check_load(write_site(Path(tmp), replaced))


def test_the_base_folder_is_valid():
    site = load_replaced({})
    assert site is not None and sorted(site.communities) == ["c"] and sorted(site.frameworks) == ["x"]


# -- scalars -------------------------------------------------------------------------------

ODD_CHARS = (
    "\u200b\u200c\u200d\u2060\ufeff\u3000\u00a0\u3164\u2800\u180e\u034f\ufe0f\u2028\u2029\u0085"
    "\t \\\"'#:-?[]{},&*!|>%@`\u0301\U0001f389\ue000\ufffd"
)
CONTRACT_KEYS = sorted(
    {
        f.name
        for spec in SPECS.values()
        for f in getattr(spec, "fields", getattr(getattr(spec, "item", None), "fields", []))
    }
    | {"id", "title", "points", "standards", "rule", "methods", "indicators", "contents", "min", "label", "color"}
)
PLAIN = [
    "甲", "板厂南里社区", "a", "b", "x", "c", "v", "1", "2", "1.1", "0", "-3", "2.4", "90", "0.7", "1.0", "100",
    "yes", "no", "On", "~", "null", "2024-10-15", "2024-02-30", "2024-13-01", "2024-10-15T08:00:00",
    "12:30", "0x1F", "0o17", "1e3", "1e999999", ".inf", "-.inf", ".nan", ".NaN", "1_000", "01062345678",
    "capital-2024", "banchang-nanli", "问卷调查", "推荐名单", "国家级", "文体", "督查", "宣传教育", "自查",
    "=", "-", "?", ":", "[", "]", "{", "}", "|", ">", "'", '"', "#", "%", "@", "`", "photos/cover.jpg", "../x.jpg",
    "/etc/passwd", "C:\\x.jpg", "a@example.org", "#2e7d32", "\t", "", " ", "photos/" + "a" * 300 + ".png",
    "photos/a.png/", "photos//a.png", "./photos/a.png", "photos/A.PNG", "photos/../photos/a.png",
]  # fmt: skip
QUOTED = [
    '"\\0"', '"\\x01"', '"\\a"', '"\\e"', '"\\r"', '"\\x7f"', '"\\x9f"', '"\\ud800"', '"\\udfff"',
    '"\\ud83d\\ude00"', '"\\U0010ffff"', '"\\UFFFFFFFF"', '"\\U00110000"', '"\\uFFFF"', '"\\uFFFE"', '"\\x85"',
    '"\\N"', '"\\L"', '"\\P"', '"\\_"', '"\\uFEFF"', '"\\u200b"', '"\\u3000"', '"\\t"', '"a\\nb"', '"\\"',
    '"\\x"', '"\\q"', "''", '""', "'it''s'", '"\\/"', '"#2e7d32"', '"2.4"', '"1086"', '"2024"',
]  # fmt: skip
TAGS = [
    "!x ", "!!str ", "!!int ", "!!binary ", "!<%0A> ", "!<%00> ", "!!python/object:os.system ", "!!map ",
    "!!seq ", "!!float ", "!!timestamp ", "!!null ", "!!bool ", "!e!x ", "!!set ", "!<tag:yaml.org,2002:str> ",
]  # fmt: skip

digits = st.from_regex(r"[+-]?[0-9]{1,40}(\.[0-9]{1,40})?", fullmatch=True)
numbers = st.one_of(
    digits,
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(["0.000000000000001", "99999999999999.9", "123456789012345", "1234567890123456"]),
)
odd_text = st.text(alphabet=st.sampled_from(ODD_CHARS), min_size=1, max_size=6)
any_text = st.text(max_size=12)
scalar_token = st.one_of(
    st.sampled_from(PLAIN),
    st.sampled_from(QUOTED),
    numbers,
    st.dates().map(lambda d: d.isoformat()),
    odd_text,  # written as it is: often not even valid YAML
    odd_text.map(lambda s: json.dumps(s, ensure_ascii=True)),  # as \u escapes in double quotes
    odd_text.map(lambda s: json.dumps(s, ensure_ascii=False)),
    any_text.map(lambda s: json.dumps(s, ensure_ascii=False)),
    any_text.map(lambda s: "'" + s.replace("'", "''") + "'"),
    st.tuples(st.sampled_from(TAGS), st.sampled_from(PLAIN + QUOTED)).map("".join),
    st.tuples(st.sampled_from(["&a ", "&b ", "&a1 "]), st.sampled_from(PLAIN)).map("".join),
    st.sampled_from(["*a", "*b", "*nowhere"]),
    st.tuples(st.sampled_from(["[", "{a: ", "- "]), st.integers(MAX_DEPTH - 2, 1200)).map(
        lambda t: t[0] * t[1] + "x" + {"[": "]", "{a: ": "}", "- ": ""}[t[0]] * t[1]
    ),
)
key_token = st.one_of(
    st.sampled_from(CONTRACT_KEYS),
    st.sampled_from(["<<", "? a", "a:b", '"a: b"', '"k\\tk"', '"k\\nk"', '"\\0"', "1", "2", "1.1", "~", "yes"]),
    scalar_token,
)

# A tree: ("s", token) | ("block", lines) | ("deep", n) | ("seq", flow, items) | ("map", flow, pairs)
block_scalar = st.tuples(
    st.just("block"), st.lists(st.sampled_from(["第一行", "", "  缩进", "a: b", "\t"]), max_size=3)
)
leaf = st.one_of(
    scalar_token.map(lambda t: ("s", t)),
    block_scalar,
    st.tuples(st.just("deep"), st.integers(MAX_DEPTH - 2, 400)),
)
tree = st.recursive(
    leaf,
    lambda children: st.one_of(
        st.tuples(st.just("seq"), st.booleans(), st.lists(children, max_size=4)),
        st.tuples(st.just("map"), st.booleans(), st.lists(st.tuples(key_token, children), max_size=5)),
    ),
    max_leaves=25,
)


# -- documents shaped by the contract --------------------------------------------------------

# Valid values for each kind of scalar; a document's "chaos" decides how often a value
# is replaced by anything at all (scalar_token, or a whole random tree).
VALID = {
    Number: st.sampled_from(
        ["2.4", "60", "40", "0.5", "1.0", "0", "100", "10", "0.000000000000001", "99999999999999.9"]
    ),
    Integer: st.sampled_from(["0", "1086", "32"]),
    Year: st.sampled_from(["1998", "2024"]),
    Date: st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 12, 31)).map(lambda d: d.isoformat()),
    Color: st.sampled_from(['"#2e7d32"', '"#C62828"']),
    Id: st.sampled_from(['"1"', "1", '"2"', "2", "1.1", "v", "ZG-001"]),
}
SLUGS = st.sampled_from(["x", "c", "banchang-nanli"])
TEXTS = st.sampled_from(["甲社区", "东城区", "说明文字", "'带引号的文字'", '"双引号：文字"', "a", "工作日 9:00—17:00"])
WRONG = {
    Number: numbers,
    Integer: st.one_of(numbers, st.sampled_from(["-3", "1" * 5000, "1,086"])),
    Year: st.one_of(st.sampled_from(["98", "3000", '"2024"']), numbers),
    Date: st.sampled_from(["2024-02-30", "2024-1-5", "2024-10-15 08:00"]),
    Color: st.sampled_from(["#2e7d32", '"red"', '"#GGGGGG"', "~"]),
    Id: st.sampled_from(['"\\u200b"', "|\n  1\n", '"1\\t2"', "yes", "~"]),
}


@st.composite
def guided(draw, spec, chaos: int, depth: int = 0):
    """A value for ``spec``: its shape and valid values, except where ``chaos`` (per
    mille, for each value) puts something else."""

    def wild() -> bool:
        return draw(st.integers(0, 999)) < chaos

    if depth and wild():
        return draw(tree)
    if isinstance(spec, Record):
        pairs = [
            (f.name, draw(guided(f.spec, chaos, depth + 1)))
            for f in spec.fields
            if (f.required and not wild()) or draw(st.booleans())
        ]
        if wild():
            pairs.append((draw(key_token), draw(tree)))
        if pairs and wild():
            pairs.append(draw(st.sampled_from(pairs)))  # a duplicate key
        if wild():
            pairs = draw(st.permutations(pairs))
        return ("map", depth > 1 and draw(st.booleans()), pairs)
    if isinstance(spec, ListOf):
        items = draw(st.lists(guided(spec.item, chaos, depth + 1), min_size=spec.min_items, max_size=3))
        return ("seq", depth > 1 and draw(st.booleans()), items)
    if isinstance(spec, MapOf):
        keys = (
            st.one_of(st.sampled_from(['"1"', '"2"', "1", "2"]), key_token)
            if wild()
            else st.sampled_from(['"1"', '"2"'])
        )
        pairs = draw(st.lists(st.tuples(keys, guided(spec.value, chaos, depth + 1)), max_size=3))
        return ("map", draw(st.booleans()), pairs)
    if wild():
        for kind, tokens in WRONG.items():
            if isinstance(spec, kind):
                return ("s", draw(st.one_of(tokens, scalar_token)))
        return ("s", draw(scalar_token))
    if isinstance(spec, Choice):
        return ("s", draw(st.sampled_from(spec.options)))
    for kind, tokens in VALID.items():
        if isinstance(spec, kind):
            return ("s", draw(tokens))
    assert isinstance(spec, Text), spec
    if isinstance(spec, ImagePath):
        return ("s", "photos/a.png")
    if isinstance(spec, Email):
        return ("s", "a@example.org")
    return ("s", draw(SLUGS if spec.pattern else TEXTS))


def render(node, indent: int = 0, step: int = 2) -> str:
    """A document: a tree written out in block style (and flow where marked)."""
    return _value(node, indent, step).lstrip(" ").removeprefix("\n") + "\n"


def _value(node, indent: int, step: int) -> str:
    """The text after "key:" or "-": " token", or a newline and an indented block."""
    kind = node[0]
    pad = " " * indent
    if kind == "s":
        return " " + node[1]
    if kind == "block":
        return " |\n" + "".join(f"{pad}  {line}\n" for line in node[1]).rstrip("\n")
    if kind == "deep":
        return "".join(f"\n{' ' * (indent + i)}a:" for i in range(node[1])) + " x"
    flow, items = node[1], node[2]
    if flow or not items:
        return " " + _flow(node)
    if kind == "seq":
        return "".join(f"\n{pad}-{_value(item, indent + step, step)}" for item in items)
    return "".join(f"\n{pad}{key}:{_value(value, indent + step, step)}" for key, value in items)


def _flow(node) -> str:
    kind = node[0]
    if kind == "s":
        return node[1]
    if kind == "block":
        return "|"
    if kind == "deep":
        return "[" * node[1] + "]" * node[1]
    if kind == "seq":
        return "[" + ", ".join(_flow(item) for item in node[2]) + "]"
    return "{" + ", ".join(f"{key}: {_flow(value)}" for key, value in node[2]) + "}"


@st.composite
def markdown(draw, yaml_text: str) -> str:
    """Front matter around ``yaml_text``, mostly well fenced, and a body."""
    body = draw(st.sampled_from(["\n正文\n", "", "\n# 标题\n\n---\n\n更多\n", "\n\x00\n"]))
    fence = draw(st.sampled_from(["---"] * 6 + ["...", "--- ", "----", ""]))
    text = f"---\n{yaml_text}{fence}\n{body}" if fence else f"---\n{yaml_text}{body}"
    if draw(st.integers(0, 9)) == 0:
        text = "\ufeff" + text
    if draw(st.integers(0, 9)) == 0:
        text = text.replace("\n", "\r\n")
    return text


@st.composite
def structured_site(draw) -> dict[str, str]:
    replaced = {}
    for target in draw(st.lists(st.sampled_from(TARGETS), min_size=1, max_size=3, unique=True)):
        chaos = draw(st.sampled_from([0, 10, 30, 100, 300]))
        node = draw(guided(SPECS[target], chaos) if target in SPECS and chaos < 300 else tree)
        text = render(node, step=draw(st.sampled_from([2, 2, 2, 1, 4])))
        replaced[target] = draw(markdown(text)) if target.endswith(".md") else text
    return replaced


@fuzz(200)
@given(structured_site())
def test_structured_documents_load_or_report(replaced):
    load_replaced(replaced)


@fuzz(120)
@given(
    st.dictionaries(
        st.sampled_from(TARGETS),
        st.one_of(
            st.binary(max_size=200),
            st.text(max_size=200),
            st.text(alphabet=st.sampled_from(ODD_CHARS + "-: \n[]{}a1"), max_size=200),
        ),
        min_size=1,
        max_size=3,
    )
)
def test_random_bytes_and_text_load_or_report(replaced):
    load_replaced(replaced)


# -- valid files, edited at random -----------------------------------------------------------

EDIT_TOKENS = st.one_of(
    st.sampled_from(
        [
            "\n",
            " ",
            "  ",
            "\t",
            ":",
            "- ",
            "[",
            "]",
            "{",
            "}",
            '"',
            "'",
            "&a ",
            "*a",
            "!x ",
            "#",
            "\\0",
            "\u200b",
            "9" * 20,
            ".5",
            "\r",
        ]
    ),
    scalar_token,
)


@st.composite
def edited_site(draw) -> dict[str, str]:
    replaced = {}
    for target in draw(st.lists(st.sampled_from(TARGETS), min_size=1, max_size=2, unique=True)):
        text = BASE[target]
        for _ in range(draw(st.integers(1, 4))):
            at = draw(st.integers(0, len(text)))
            operation = draw(st.sampled_from(["insert", "delete", "replace", "repeat-line"]))
            if operation == "insert":
                text = text[:at] + draw(EDIT_TOKENS) + text[at:]
            elif operation == "delete":
                text = text[:at] + text[at + draw(st.integers(1, 8)) :]
            elif operation == "replace":
                text = text[:at] + draw(EDIT_TOKENS) + text[at + draw(st.integers(1, 4)) :]
            else:
                lines = text.split("\n")
                index = min(at, len(lines) - 1)
                lines.insert(index, lines[index])
                text = "\n".join(lines)
        replaced[target] = text
    return replaced


@fuzz(100)
@given(edited_site())
def test_edited_valid_files_load_or_report(replaced):
    load_replaced(replaced)


# -- compose alone: any text, surrogates included ------------------------------------------------

any_chars = st.text(alphabet=st.characters(exclude_categories=()), max_size=120)


@fuzz(200)
@given(st.one_of(any_chars, tree.map(render), st.tuples(any_chars, tree.map(render)).map("".join)))
def test_compose_never_raises(text):
    report = Report()
    compose(text, Source("t.yml", 0, report))
    for error in report.errors:
        assert not UNPRINTABLE.search(str(error)), repr(str(error))
        assert ERROR_LINE.fullmatch(str(error)), repr(str(error))


def _depth(text: str) -> int | None:
    """The real nesting depth of a document, from libyaml's events; None if unreadable."""
    import yaml
    from yaml.events import CollectionEndEvent, CollectionStartEvent

    loader = yaml.CSafeLoader(text) if yaml.__with_libyaml__ else yaml.SafeLoader(text)
    depth = deepest = 0
    try:
        while (event := loader.get_event()) is not None:
            if isinstance(event, CollectionStartEvent):
                depth += 1
                deepest = max(deepest, depth)
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
    except (yaml.YAMLError, UnicodeEncodeError):
        return None
    finally:
        loader.dispose()
    return deepest


@fuzz(150)
@given(tree.map(render), st.sampled_from([1, 2, 3, 5, 8, 13]))
def test_the_depth_bound_is_never_below_the_depth(text, limit):
    """yamlsrc gives libyaml's recursive composer only documents it has proven shallow:
    the proof must hold for every document libyaml reads."""
    depth = _depth(text)
    if depth is not None and _shallower_than(text, limit):
        assert depth <= limit, (depth, limit, text)


# -- scores of random numbers are exact ------------------------------------------------------------

decimal_text = st.from_regex(r"(0|[1-9][0-9]{0,17})(\.[0-9]{1,17})?", fullmatch=True)
factor_text = st.one_of(st.just("1"), st.from_regex(r"0\.[0-9]{1,18}", fullmatch=True))


def _digits(written: str) -> int:
    whole, _, fraction = written.partition(".")
    return len(whole.lstrip("0")) + len(fraction)


def _plain(value: Fraction) -> str:
    scale = 0
    while (value * 10**scale).denominator != 1:
        scale += 1
    text = str((value * 10**scale).numerator).rjust(scale + 1, "0")
    return text if not scale else f"{text[:-scale]}.{text[-scale:]}"


@fuzz(80)
@given(
    st.lists(decimal_text.filter(lambda p: Fraction(p) > 0), min_size=1, max_size=4),
    st.lists(factor_text, min_size=1, max_size=3),
    st.lists(decimal_text, max_size=3),
    st.data(),
)
def test_scores_are_exact_or_the_numbers_are_reported(points, factors, specials, data):
    names = "abc"[: len(factors)]
    states = [data.draw(st.sampled_from(names)) for _ in points]
    basic_total = _plain(sum(Fraction(p) for p in points))
    framework = FRAMEWORK.split("items:")[0].replace("basic_total: 100", f"basic_total: {basic_total}")
    framework = framework.replace(
        "{a: 1.0, b: 0.7, c: 0.5, d: 0.3}",
        "{" + ", ".join(f"{n}: {f}" for n, f in zip(names, factors, strict=False)) + "}",
    )
    framework = framework.replace("special_max: 10", "special_max: 999999999999999")
    contents = "".join(f'          - {{id: "{i}", title: 内容, points: {p}}}\n' for i, p in enumerate(points, start=1))
    framework += (
        'items:\n  - id: "1"\n    title: 项目\n    indicators:\n      - id: "1.1"\n        title: 指标\n        contents:\n'
        + contents
    )
    evaluation = "framework: x\ndate: 2024-10-15\nevaluator: 测评组\nstates:\n" + "".join(
        f'  "{i}": {s}\n' for i, s in enumerate(states, start=1)
    )
    if specials:
        evaluation += "special:\n" + "".join(f"  - {{title: 特色, points: {p}}}\n" for p in specials)
    written = [*points, *factors, *specials, basic_total]
    site = load_replaced({"policies/frameworks/x.yml": framework, "communities/c/evaluations/2024.yml": evaluation})
    if any(_digits(n) > 15 for n in written):
        assert site is None
        return
    assert site is not None
    (score,) = community_scores(site.communities["c"], site)
    basic = sum(Fraction(p) * Fraction(factors[names.index(s)]) for p, s in zip(points, states, strict=True))
    special = min(sum((Fraction(p) for p in specials), Fraction(0)), Fraction(999999999999999))
    assert Fraction(score.basic) == basic and Fraction(score.total) == basic + special


def test_a_value_quoted_by_a_rule_across_files_stays_on_one_line():
    """Found while fuzzing: a state written "a\\nb" is quoted, newline and all, by the
    loader's unknown_state message; Report.add now escapes every error."""
    evaluation = 'framework: x\ndate: 2024-10-15\nevaluator: 组\nstates: {"1": "a\\nb", "2": b}\n'
    assert load_replaced({"communities/c/evaluations/2024.yml": evaluation}) is None
