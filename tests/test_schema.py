"""The scalar and structure rules of ``showcase.schema``, one value at a time.

Each case writes the value as an editor would after ``v: `` in a YAML file and checks
the value read, or the exact error line ``t.yml:<line>: <field>: <message>``.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from showcase import contract
from showcase.errors import Report
from showcase.messages import msg
from showcase.model import Team
from showcase.schema import (
    INVALID,
    INVISIBLE_RANGES,
    MAX_DIGITS,
    VISIBLE_PATTERN,
    Choice,
    Color,
    Date,
    Email,
    Id,
    Integer,
    ListOf,
    Located,
    MapOf,
    Number,
    Slug,
    Text,
    Year,
    describe,
    has_visible,
    is_visible,
    starts_visible,
)
from showcase.yamlsrc import Source, compose


def read_doc(spec, text: str):
    """Read the whole YAML document ``text`` with ``spec``: (value, error lines)."""
    report = Report()
    source = Source("t.yml", 0, report)
    node = compose(text, source)
    assert node is not None and not report.errors, report.errors
    value = spec.read(node, source, "")
    return value, [str(e) for e in report.errors]


def read(spec, written: str):
    """Read ``v: <written>`` with ``spec`` at field ``v``: (value, error lines)."""
    report = Report()
    source = Source("t.yml", 0, report)
    node = compose(f"v: {written}\n", source)
    assert node is not None and not report.errors, report.errors
    value = spec.read(node.value[0][1], source, "v")
    return value, [str(e) for e in report.errors]


def ok(spec, written: str):
    value, errors = read(spec, written)
    assert errors == []
    return value


def rejected(spec, written: str) -> str:
    """The single error message for ``written``; the value must be INVALID."""
    value, errors = read(spec, written)
    assert value is INVALID
    assert len(errors) == 1, errors
    prefix = "t.yml:1: v: "
    assert errors[0].startswith(prefix), errors
    return errors[0][len(prefix) :]


def looks(value: str, actual: str) -> str:
    return msg("text_looks_like_number", value=value, actual=actual)


# -- Text ------------------------------------------------------------------------------

TEXT_REJECTS = [
    ("01062345678", looks("01062345678", "数字")),  # PyYAML keeps it text; other tools read a number
    ("0106", looks("0106", "整数")),  # YAML 1.1 octal
    ("01064031234", looks("01064031234", "整数")),  # also octal: no 8 or 9 in it
    ("2024", looks("2024", "整数")),
    ("1.5", looks("1.5", "小数")),
    ("1,086", looks("1,086", "数字")),
    ("9:00", looks("9:00", "整数")),  # YAML 1.1 base 60: 540
    ("no", looks("no", "布尔值（是/否）")),
    ("yes", looks("yes", "布尔值（是/否）")),
    ("true", looks("true", "布尔值（是/否）")),
    ("Off", looks("Off", "布尔值（是/否）")),
    ("2024-10-15", looks("2024-10-15", "日期")),
    ("~", msg("null_value")),
    ("null", msg("null_value")),
    ("", msg("null_value")),
    ('""', msg("empty_text")),
    ("'   '", msg("empty_text")),
    ("[a, b]", msg("expected_scalar", kind="文本", actual="列表")),
    ("{a: b}", msg("expected_scalar", kind="文本", actual="映射（若干字段）")),
]


@pytest.mark.parametrize(("written", "message"), TEXT_REJECTS)
def test_text_rejects(written, message):
    assert rejected(Text(), written) == message


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ('"01062345678"', "01062345678"),
        ("'0106'", "0106"),
        ('"no"', "no"),
        ("'yes'", "yes"),
        ('"true"', "true"),
        ('"~"', "~"),
        ('"2024"', "2024"),
        ('"2024-10-15"', "2024-10-15"),
        ("板厂南里社区", "板厂南里社区"),
        ("010-6403 1234", "010-6403 1234"),
        ("工作日 9:00—17:00", "工作日 9:00—17:00"),
        ("京文明委〔2024〕3号", "京文明委〔2024〕3号"),
    ],
)
def test_text_accepts(written, value):
    assert ok(Text(), written) == value


def test_text_block_scalar():
    value, errors = read_doc(MapOf(Text()), "v: |\n  第一行\n  第二行\n")
    assert errors == [] and value == {"v": "第一行\n第二行\n"}


def test_text_message_tells_how_to_quote():
    assert (
        rejected(Text(), "01062345678") == '应为文本：「01062345678」不加引号会被 YAML 读成数字，请写成 "01062345678"'
    )


# -- Integer ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    ["1,086", "1.5", "0x1f", '"12"', "'12'", "1_000", "1e3", "007", "12户", "1 086", "yes", "2024-10-15"],
)
def test_integer_rejects(written):
    shown = written.strip("\"'")
    if written[0] in "\"'":  # a quoted number: drop the quotes
        assert rejected(Integer(0), written) == msg("quoted_number", kind="整数", value=shown)
    else:
        assert rejected(Integer(0), written) == msg("expected_integer", value=shown)


@pytest.mark.parametrize(("written", "value"), [("0", 0), ("1086", 1086), ("3120", 3120)])
def test_integer_accepts(written, value):
    result = ok(Integer(0), written)
    assert result == value and type(result) is int


def test_integer_minimum():
    assert rejected(Integer(0), "-3") == "应为不小于 0 的整数，实际为 -3"
    assert rejected(Integer(1), "0") == "应为不小于 1 的整数，实际为 0"
    assert ok(Integer(1), "1") == 1


def test_integer_null():
    assert rejected(Integer(0), "~") == msg("null_value")


# -- Number ----------------------------------------------------------------------------


def test_number_is_exact_decimal():
    value = ok(Number(), "2.4")
    assert type(value) is Decimal
    assert value == Decimal("2.4")
    assert value != Decimal(2.4)  # never read through float
    assert str(value) == "2.4"
    assert ok(Number(), "0.1") + ok(Number(), "0.2") == Decimal("0.3")


@pytest.mark.parametrize(("written", "value"), [("90", "90"), ("1.10", "1.10"), ("0.35", "0.35"), ("-1.5", "-1.5")])
def test_number_accepts(written, value):
    result = ok(Number(), written)
    assert result == Decimal(value) and str(result) == value


@pytest.mark.parametrize("written", ["2,4", ".5", "2.", "1e3", '"2.4"', "2.4km", "0x10", ".inf", "1_000.5", "yes"])
def test_number_rejects(written):
    if written.startswith('"'):
        assert rejected(Number(), written) == "应为数字：数字不要加引号，请写成 2.4"
    else:
        assert rejected(Number(), written) == msg("expected_number", value=written)


@pytest.mark.parametrize("written", ["0", "0.0", "-0", "-0.5"])
def test_number_positive(written):
    assert rejected(Number(positive=True), written) == f"应为大于 0 的数字，实际为 {written}"


def test_number_range():
    spec = Number(minimum=Decimal(0), maximum=Decimal(1))
    assert ok(spec, "0") == 0 and ok(spec, "1.0") == 1 and ok(spec, "0.7") == Decimal("0.7")
    assert rejected(spec, "1.5") == "应在 0 到 1 之间，实际为 1.5"
    assert rejected(spec, "-0.1") == "应在 0 到 1 之间，实际为 -0.1"
    assert rejected(Number(minimum=Decimal(0)), "-1") == "应不小于 0，实际为 -1"


def test_number_maximum_without_minimum():
    value, errors = read(Number(maximum=Decimal(10)), "11")
    assert value is INVALID and len(errors) == 1
    assert ok(Number(maximum=Decimal(10)), "-5") == -5


# -- Date ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("2024-10-15", dt.date(2024, 10, 15)),
        ("2024-02-29", dt.date(2024, 2, 29)),
        ("1999-12-31", dt.date(1999, 12, 31)),
        ('"2024-10-15"', dt.date(2024, 10, 15)),  # quoted, still the same date
    ],
)
def test_date_accepts(written, value):
    result = ok(Date(), written)
    assert result == value and type(result) is dt.date


@pytest.mark.parametrize(
    "written",
    [
        "2024-2-3",
        "2024-10-15T10:00",
        "2024-10-15 10:00:00",
        "2024/10/15",
        "20241015",
        "2024年10月15日",
        "15-10-2024",
        "2024-10",
    ],
)
def test_date_rejects_format(written):
    assert rejected(Date(), written) == f"应为日期，格式 YYYY-MM-DD（如 2024-10-15），实际为「{written}」"


@pytest.mark.parametrize("written", ["2024-02-30", "2023-02-29", "2024-13-01", "2024-04-31", "0000-01-01"])
def test_date_rejects_impossible(written):
    assert rejected(Date(), written) == f"「{written}」不是真实存在的日期"


# -- Year ------------------------------------------------------------------------------


@pytest.mark.parametrize("written", ["1998", "2024", "1000", "2999"])
def test_year_accepts(written):
    assert ok(Year(), written) == int(written)


@pytest.mark.parametrize("written", ["98", "20240", '"2024"', "2024.0", "0999", "3000", "2024-01-01", "二〇二四"])
def test_year_rejects(written):
    if written.startswith('"'):
        assert rejected(Year(), written) == "应为四位年份：数字不要加引号，请写成 2024"
    else:
        assert rejected(Year(), written) == f"应为四位年份（如 2024），实际为「{written}」"


# -- Color, Email, Choice, Slug, Id ----------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "value"),
    [('"#2e7d32"', "#2e7d32"), ("'#c62828'", "#c62828"), ('"#2E7D32"', "#2e7d32")],
)
def test_color_accepts(written, value):
    assert ok(Color(), written) == value


@pytest.mark.parametrize(
    "written", ['"#2e7d3"', '"2e7d32"', '"red"', '"#2e7d32 "', '"#2e7d32ff"', "123456", '"#ggg000"']
)
def test_color_rejects(written):
    shown = written.strip('"')
    assert rejected(Color(), written) == f'「{shown}」不是颜色：应写成 "#2e7d32" 这样的六位十六进制（加引号）'


def test_color_unquoted_is_a_comment():
    # ``color: #2e7d32`` is a YAML comment: the value is empty.
    assert rejected(Color(), "#2e7d32") == msg("color_unquoted")


@pytest.mark.parametrize("written", ["bcnl@example.org", '"wmb@example.org"', "a.b-c@mail.example.com.cn"])
def test_email_accepts(written):
    assert ok(Email(), written) == written.strip('"')


@pytest.mark.parametrize("written", ["bcnl.example.org", "a@b", "a b@c.d", "a@@b.c", '"@example.org"'])
def test_email_rejects(written):
    assert rejected(Email(), written) == f"「{written.strip(chr(34))}」不是有效的电子邮箱地址"


def test_choice():
    spec = Choice(("国家级", "省级", "市级"))
    assert ok(spec, "市级") == "市级"
    assert rejected(spec, "省部级") == "「省部级」不是可用的值：应为 国家级、省级、市级 之一"
    assert rejected(spec, "2024") == looks("2024", "整数")


@pytest.mark.parametrize("written", ["banchang-nanli", "a1", "capital-2024", "0"])
def test_slug_accepts(written):
    assert ok(Slug(), f'"{written}"') == written


@pytest.mark.parametrize("written", ["Banchang", "-abc", "ban_chang", "板厂", "ban chang", "banchang-nanli/"])
def test_slug_rejects(written):
    assert rejected(Slug(), written) == msg("bad_slug", value=written)


@pytest.mark.parametrize(
    ("spec", "written"),
    [(Color(), '"#2e7d32\\n"'), (Email(), '"a@b.cn\\n"'), (Slug(), '"banchang-nanli\\n"')],
    ids=["color", "email", "slug"],
)
def test_pattern_rejects_trailing_newline(spec, written):
    value, errors = read(spec, written)
    assert value is INVALID and len(errors) == 1


@pytest.mark.parametrize(
    ("written", "value"),
    [("1", "1"), ('"1"', "1"), ("1.1", "1.1"), ("1.10", "1.10"), ("ZG-001", "ZG-001"), ('"01"', "01")],
)
def test_id_accepts(written, value):
    assert ok(Id(), written) == value


def test_id_rejects():
    assert rejected(Id(), "yes") == looks("yes", "布尔值（是/否）")
    assert rejected(Id(), "~") == msg("null_value")
    assert rejected(Id(), '""') == msg("empty_text")


# -- non-scalars where a scalar is expected ------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "kind"),
    [(Integer(0), "整数"), (Number(), "数字"), (Date(), "日期"), (Year(), "年份"), (Color(), "颜色")],
    ids=["integer", "number", "date", "year", "color"],
)
def test_list_for_scalar_names_the_expected_kind(spec, kind):
    message = rejected(spec, "[1, 2]")
    assert "文本" not in message and kind in message


# -- lists -------------------------------------------------------------------------------


def test_list_of_unique_reports_the_first_line():
    value, errors = read(ListOf(Text(), unique=True), "\n  - 甲\n  - 乙\n  - 甲")
    assert value is INVALID
    assert errors == ["t.yml:4: v[2]: 列表中「甲」重复出现（第一次在第 2 行）"]


def test_list_of_unique_accepts_distinct():
    assert ok(ListOf(Text(), unique=True), "[甲, 乙, 丙]") == ["甲", "乙", "丙"]
    assert ok(ListOf(Text()), "[甲, 甲]") == ["甲", "甲"]  # only unique lists refuse repeats


def test_list_of_reports_every_bad_item():
    value, errors = read(ListOf(Integer(0)), "\n  - 1\n  - 1,5\n  - 3\n  - -4")
    assert value is INVALID
    assert errors == [
        "t.yml:3: v[1]: " + msg("expected_integer", value="1,5"),
        "t.yml:5: v[3]: 应为不小于 0 的整数，实际为 -4",
    ]


def test_list_of_min_items():
    value, errors = read(ListOf(Text(), min_items=1), "[]")
    assert errors == ["t.yml:1: v: 列表至少应有 1 项"]
    assert ok(ListOf(Text(), min_items=1), "[甲]") == ["甲"]


def test_list_of_min_items_is_invalid():
    value, _ = read(ListOf(Text(), min_items=1), "[]")
    assert value is INVALID


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("甲", "应为列表（每项以「- 」开头），实际为文本「甲」"),
        ("2024", "应为列表（每项以「- 」开头），实际为整数「2024」"),
        ("{a: b}", "应为列表（每项以「- 」开头），实际为映射（若干字段）"),
        ("~", msg("null_value")),
    ],
)
def test_list_of_rejects_non_lists(written, message):
    assert rejected(ListOf(Text()), written) == message


# -- mappings ----------------------------------------------------------------------------


def test_map_of_duplicate_key_line():
    value, errors = read_doc(MapOf(Text()), 'a: 甲\n"1": 乙\nb: 丙\n1: 丁\n')
    assert value is INVALID
    assert errors == ["t.yml:4: 1: 字段重复（第一次出现在第 2 行）：同一字段只能写一次"]


def test_map_of_keeps_key_lines():
    value, errors = read_doc(MapOf(Text()), '"1": a\n\n1.1: b\n')
    assert errors == []
    assert isinstance(value, Located)
    assert value == {"1": "a", "1.1": "b"} and value.lines == {"1": 1, "1.1": 3}


def test_map_of_merge_key():
    value, errors = read_doc(MapOf(Text()), "a: 甲\n<<: {b: 乙}\n")
    assert value is INVALID
    assert errors == ["t.yml:2: YAML: " + msg("yaml_merge")]


def test_record_reports_everything_at_once():
    value, errors = read_doc(ListOf(contract.TEAM), "- name: 合唱团\n  size: 30\n  members: 3,0\n")
    assert value is INVALID
    assert sorted(errors) == [
        "t.yml:1: [0].kind: 缺少必填字段",
        "t.yml:2: [0].size: 未知字段「size」：可用的字段有 name、kind、members",
        "t.yml:3: [0].members: " + msg("expected_integer", value="3,0"),
    ]


def test_record_builds_the_dataclass_with_lines():
    value, errors = read_doc(contract.TEAM, "name: 合唱团\n\nkind: 文体\nmembers: 30\n")
    assert errors == []
    assert value == Team(line=1, name="合唱团", kind="文体", members=30)
    assert (value.line, value.lines) == (1, {"name": 1, "kind": 3, "members": 4})


def test_record_duplicate_key_keeps_the_first():
    value, errors = read_doc(ListOf(contract.TEAM), "- name: 合唱团\n  kind: 文体\n  kind: 其他\n")
    assert value is INVALID
    assert errors == ["t.yml:3: [0].kind: 字段重复（第一次出现在第 2 行）：同一字段只能写一次"]


def test_record_null_and_scalar():
    assert rejected(contract.CONTACT, "~") == msg("null_value")
    assert rejected(contract.CONTACT, "东城区") == "应为若干「字段: 值」（映射），实际为文本「东城区」"


def test_describe():
    report = Report()
    node = compose("a: 01062345678\nb: '01062345678'\nc: ''\nd: [1]\n", Source("t.yml", 0, report))
    kinds = [describe(value) for _, value in node.value]
    assert kinds == ["数字", "文本「01062345678」", "文本", "列表"]


# -- the contract's JSON Schemas -------------------------------------------------------------


def test_json_schema_of_the_profile():
    schema = contract.COMMUNITY.json_schema()
    assert schema["required"] == ["name", "district", "street"]
    assert schema["additionalProperties"] is False
    assert schema["properties"]["area_km2"]["exclusiveMinimum"] == 0
    assert schema["properties"]["households"] == {"type": "integer", "minimum": 0, "description": "户数"}
    level = schema["properties"]["honors"]["items"]["properties"]["level"]
    assert level["enum"] == ["国家级", "省级", "市级", "区级", "街道级"]


# -- text that shows nothing ---------------------------------------------------------------

INVISIBLE = [
    ('"\\u200b"', "U+200B"),  # zero-width space
    ('"\\u200c\\u200d"', "U+200C、U+200D"),  # zero-width (non-)joiner
    ('"\\u2060"', "U+2060"),  # word joiner
    ('"\\ufeff"', "U+FEFF"),  # byte order mark in the middle of a file
    ('"\\u200b\\u3000\\u00a0"', "U+200B、U+3000、U+00A0"),  # with spaces: strip() keeps the U+200B
    ('"\\u3164"', "U+3164"),  # Hangul filler (a letter that draws nothing)
    ('"\\u2800"', "U+2800"),  # braille blank
    ('"\\u180e"', "U+180E"),  # Mongolian vowel separator
    ('"\\u034f\\ufe0f"', "U+034F、U+FE0F"),  # combining grapheme joiner, variation selector
    ('"\\U000e0020"', "U+E0020"),  # tag space, beyond the BMP
    ("\u200b", "U+200B"),  # written as it is, unquoted
    ("'\u2061\u2062'", "U+2061、U+2062"),  # invisible operators
]


@pytest.mark.parametrize(("written", "codes"), INVISIBLE)
@pytest.mark.parametrize("spec", [Text(), Id(), Choice(("甲",))], ids=["text", "id", "choice"])
def test_text_of_invisible_characters_only_is_rejected(spec, written, codes):
    assert rejected(spec, written) == msg("invisible_text", codes=codes)


@pytest.mark.parametrize("written", ['"\\u3000"', '"\\u00a0 "', '"\\u2028"', '"\\t"', '" \\n "'])
def test_text_of_white_space_only_is_empty(written):
    assert rejected(Text(), written) == msg("empty_text")


@pytest.mark.parametrize("written", ['"板厂\\u200b南里"', '"\\u200b甲"', '"a\\u3000"', '"\\u0301"', '"\\ue000"', "🎉"])
def test_text_with_something_visible_is_kept(written):
    assert ok(Text(), written)


def test_invisible_codes_are_listed_at_most_five():
    assert rejected(Text(), '"\\u200b\\u200c\\u200d\\u200e\\u200f\\u2060\\u200b"') == msg(
        "invisible_text", codes="U+200B、U+200C、U+200D、U+200E、U+200F…"
    )


def test_json_schema_pattern_agrees_with_the_validator():
    """For every character of the BMP: the schema's class of invisible characters holds
    only characters the validator finds invisible (the schema never refuses a text the
    build accepts), and on this Python exactly those."""
    import re

    pattern = re.compile(VISIBLE_PATTERN)
    excluded = {code for a, b in INVISIBLE_RANGES for code in range(a, b + 1)}
    for code in range(0x10000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        char = chr(code)
        assert (pattern.fullmatch(char) is None) == (code in excluded), hex(code)
        assert is_visible(char) == (code not in excluded), hex(code)
    assert has_visible("\u200b甲") and not has_visible("\u200b\u3000\ufeff")


def test_a_text_starts_visible_as_its_first_character_is():
    """What texts and ids read first (asked twice: the second answer is the one kept)."""
    for code in [*range(0x10000), *range(0xE0100, 0xE0110), 0x1F389, 0x20000]:
        char = chr(code)
        for _ in range(2):
            assert starts_visible(char + "x") == is_visible(char), hex(code)
    assert not starts_visible("")


def test_json_schema_of_text_requires_a_visible_character():
    from jsonschema import Draft202012Validator

    schema = contract.COMMUNITY.json_schema()
    assert schema["properties"]["name"]["pattern"] == VISIBLE_PATTERN
    validator = Draft202012Validator(schema)
    base = {"district": "东城区", "street": "交道口街道"}
    assert not list(validator.iter_errors({**base, "name": "板厂南里社区"}))
    assert list(validator.iter_errors({**base, "name": "\u200b\u200d"}))
    assert "\\u" not in json.dumps(schema, ensure_ascii=False)  # the exported files quote no \u escape


# -- keys and ids are one line -------------------------------------------------------------


@pytest.mark.parametrize(("key", "code"), [('"a\\tb"', "U+0009"), ('"a\\nb"', "U+000A"), ("? |\n  a\n  b\n", "U+000A")])
def test_key_with_tab_or_newline_is_rejected(key, code):
    text = f"{key}: 1\n" if not key.startswith("?") else key + ": 1\n"
    value, errors = read_doc(MapOf(Integer()), text)
    assert value is INVALID
    assert len(errors) == 1 and errors[0].endswith(": " + msg("control_char", code=code))
    assert "\n" not in errors[0] and "\t" not in errors[0]


@pytest.mark.parametrize(("written", "code"), [('"1\\t2"', "U+0009"), ("|\n  1.1\n", "U+000A")])
def test_id_with_tab_or_newline_is_rejected(written, code):
    assert rejected(Id(), written) == msg("control_char", code=code)


def test_error_lines_escape_what_the_editor_wrote():
    """A value quoted in a message cannot break the one-line error."""
    value, errors = read(Choice(("甲",)), '"乙\\n丙"')
    assert value is INVALID and errors == ["t.yml:1: v: " + msg("bad_choice", value="乙\\n丙", choices="甲")]


# -- numbers: at most 15 digits --------------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    ["123456789012345", "99999999999999.9", "0.000000000000001", "-0.00000000000001", "0.5", "1.00000000000000"],
)
def test_number_of_fifteen_digits_is_read_exactly(written):
    assert ok(Number(), written) == Decimal(written)


@pytest.mark.parametrize(
    "written",
    [
        "1234567890123456",
        "0.0000000000000001",
        "2.4000000000000001",
        "10.000000000000000000000000000001",  # 32 digits: Decimal's 28-digit context rounded it to 10
        "1" * 5000,
        "1." + "0" * 100,
    ],
)
def test_number_of_more_digits_is_rejected(written):
    shown = written if len(written) <= 40 else written[:40] + "…"
    assert rejected(Number(), written) == msg("too_many_digits", value=shown, limit=MAX_DIGITS)


@pytest.mark.parametrize(
    "written", ["1e999999", "1E+400", "-1e-400", ".nan", ".NaN", "-.inf", ".Inf", "+.inf", "0x1p3"]
)
def test_number_never_takes_exponents_or_infinities(written):
    assert rejected(Number(), written) == msg("expected_number", value=written)


def test_integer_of_more_digits_is_rejected():
    """int() refuses more than 4300 digits with a ValueError: a traceback, before."""
    assert ok(Integer(0), "999999999999999") == 999999999999999
    assert rejected(Integer(0), "1000000000000000") == msg("too_many_digits", value="1000000000000000", limit=15)
    assert rejected(Integer(0), "9" * 5000) == msg("too_many_digits", value="9" * 40 + "…", limit=15)


# -- found by tests/test_fuzz.py ------------------------------------------------------------


def test_image_path_too_long_is_a_content_error(tmp_path):
    report = Report()
    source = Source("t.md", 0, report, base=tmp_path)
    node = compose("cover: " + "a" * 300 + ".jpg\n", source)
    assert contract.PATH.read(node.value[0][1], source, "cover") is INVALID
    assert len(report.errors) == 1
