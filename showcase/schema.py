"""A small declarative schema that validates YAML nodes and describes itself as JSON Schema.

Each spec reads a node, reports every problem through the ``Source`` (with the node's
line and the field's dotted path) and returns the value, or ``INVALID``. The same specs
generate the JSON Schemas that editors' tools use, so a rule is written once.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .images import image_problem
from .messages import msg
from .yamlsrc import Source

STR = "tag:yaml.org,2002:str"
INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"
BOOL = "tag:yaml.org,2002:bool"
NULL = "tag:yaml.org,2002:null"
TIMESTAMP = "tag:yaml.org,2002:timestamp"
MERGE = "tag:yaml.org,2002:merge"

SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
_SLUG = re.compile(SLUG_PATTERN)
_INTEGER = re.compile(r"^[+-]?(0|[1-9][0-9]*)$")
_DECIMAL = re.compile(r"^[+-]?(0|[1-9][0-9]*)(\.[0-9]+)?$")
_YEAR = re.compile(r"^[12][0-9]{3}$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
_EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
# A plain scalar that a reader would take for a number even where YAML keeps it text
# (e.g. 01062345678, which PyYAML reads as a string but other YAML tools as a number).
_NUMBERISH = re.compile(r"^[+-]?[0-9][0-9_:.,]*([eE][+-]?[0-9]+)?$")
# What such a scalar starts with: for any other text the pattern need not be tried.
_NUMBER_STARTS = frozenset("+-0123456789")
# The control characters (Unicode's category Cc, which is fixed: C0, DEL and C1).
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")

INVALID: Any = object()
# A scalar's ``style`` is falsy when it was written plain (unquoted): PyYAML says None,
# libyaml says "". Every check below tests it for truth, never against None.

# A text must show something: characters of these categories draw nothing (controls,
# format characters such as U+200B and U+FEFF, spaces such as U+3000 and NBSP, line and
# paragraph separators, surrogates) …
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zs", "Zl", "Zp"})
# … and neither do these letters and marks: the combining grapheme joiner, the Hangul
# fillers, Khmer and Mongolian invisible signs, the braille blank, variation selectors.
_BLANK_CHARS = frozenset(
    "\u034f\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180f\u2800\u3164\uffa0"
    + "".join(map(chr, range(0xFE00, 0xFE10)))
    + "".join(map(chr, range(0xE0100, 0xE01F0)))
)


def is_visible(char: str) -> bool:
    """Whether a character draws something on the page."""
    return not (char.isspace() or char in _BLANK_CHARS or unicodedata.category(char) in _INVISIBLE_CATEGORIES)


def has_visible(text: str) -> bool:
    return any(map(is_visible, text))


# The characters texts began with that were found visible (``starts_visible``).
_VISIBLE_STARTS: set[str] = set()


def starts_visible(text: str) -> bool:
    """Whether ``text`` begins with a visible character, which is no space either: then
    it is neither empty, nor only spaces, nor invisible. Asked of nearly every value,
    so the answer is kept by character (``is_visible`` asks ``unicodedata``)."""
    first = text[:1]
    if first in _VISIBLE_STARTS:
        return True
    if first and is_visible(first):
        _VISIBLE_STARTS.add(first)
        return True
    return False


# The same rule as a JSON Schema pattern: "a character outside this class". Written
# out for the Basic Multilingual Plane rather than taken from unicodedata, whose tables
# change with the Python version; so the schema may accept a rare invisible text that
# the build refuses, never the reverse (tests/test_schema.py checks every character).
# Up to U+00FF as regex escapes, above as the characters themselves: the exported
# JSON then needs no \u escapes.
INVISIBLE_RANGES = (
    (0x00, 0x20), (0x7F, 0xA0), (0xAD, 0xAD), (0x034F, 0x034F), (0x0600, 0x0605), (0x061C, 0x061C),
    (0x06DD, 0x06DD), (0x070F, 0x070F), (0x0890, 0x0891), (0x08E2, 0x08E2), (0x115F, 0x1160),
    (0x1680, 0x1680), (0x17B4, 0x17B5), (0x180B, 0x180F), (0x2000, 0x200F), (0x2028, 0x202F),
    (0x205F, 0x2064), (0x2066, 0x206F), (0x2800, 0x2800), (0x3000, 0x3000), (0x3164, 0x3164),
    (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0), (0xFFF9, 0xFFFB),
)  # fmt: skip


def _class_char(code: int) -> str:
    return f"\\x{code:02x}" if code <= 0xFF else chr(code)


VISIBLE_PATTERN = (
    "[^" + "".join(_class_char(a) + (f"-{_class_char(b)}" if b != a else "") for a, b in INVISIBLE_RANGES) + "]"
)


def invisible_codes(text: str, limit: int = 5) -> str:
    """The distinct characters of an invisible text, as code points: "U+200B、U+3000"."""
    codes = list(dict.fromkeys(f"U+{ord(c):04X}" for c in text))
    return "、".join(codes[:limit]) + ("…" if len(codes) > limit else "")


# At most this many digits in a number, not counting the leading zeros of its whole
# part ("0.35" has 2, "1086" has 4). Every such number is exactly the decimal a
# double-precision float round-trips (DBL_DIG = 15), so the JSON and JavaScript that
# read the site's data see the number the build computed with; and its size (below
# 10^15) and finest step (10^-15) bound every sum and product that scoring forms, so
# that its fixed precision holds them exactly (see scoring._EXACT). Content needs four
# or five ("2.45", "100"); fifteen is never a typing slip that should pass.
MAX_DIGITS = 15


def digit_count(written: str) -> int:
    """Digits of a number as written (``_INTEGER`` or ``_DECIMAL``), leading zeros of
    the whole part not counted."""
    whole, _, fraction = written.lstrip("+-").partition(".")
    return len(whole.lstrip("0")) + len(fraction)


def _clip(value: str, length: int = 40) -> str:
    return value if len(value) <= length else value[:length] + "…"

_KIND_NAMES = {
    INT: "整数",
    FLOAT: "小数",
    BOOL: "布尔值（是/否）",
    NULL: "空值",
    TIMESTAMP: "日期",
    STR: "文本",
}


def describe(node: Node) -> str:
    """What a node is, in words an editor understands."""
    if isinstance(node, MappingNode):
        return "映射（若干字段）"
    if isinstance(node, SequenceNode):
        return "列表"
    if node.tag == STR and not node.style and _NUMBERISH.match(node.value):
        return "数字"
    return _KIND_NAMES.get(node.tag, "文本") + (f"「{_clip(node.value)}」" if node.value else "")


class Spec:
    """Base of all specs."""

    def read(self, node: Node, src: Source, field: str) -> Any:
        raise NotImplementedError

    def json_schema(self) -> dict:
        raise NotImplementedError

    kind = "文本"

    def _scalar(self, node: Node, src: Source, field: str) -> ScalarNode | None:
        if isinstance(node, ScalarNode) and node.tag == NULL:
            src.error(node, field, msg("null_value"))
            return None
        if not isinstance(node, ScalarNode):
            src.error(node, field, msg("expected_scalar", kind=self.kind, actual=describe(node)))
            return None
        return node

    def _quoted_number(self, scalar: ScalarNode, src: Source, field: str, pattern: re.Pattern) -> bool:
        """A number written in quotes ("1086"): say to drop the quotes."""
        if scalar.style and pattern.fullmatch(scalar.value):
            src.error(scalar, field, msg("quoted_number", kind=self.kind, value=scalar.value))
            return True
        return False

    def _number(self, node: Node, src: Source, field: str, pattern: re.Pattern, expected: str) -> ScalarNode | None:
        """The scalar of a number written plainly as ``pattern`` describes, with at most
        MAX_DIGITS digits; None, reported with the message ``expected``, otherwise."""
        scalar = self._scalar(node, src, field)
        if scalar is None or self._quoted_number(scalar, src, field, pattern):
            return None
        if scalar.style or not pattern.fullmatch(scalar.value):
            src.error(scalar, field, msg(expected, value=scalar.value))
            return None
        if digit_count(scalar.value) > MAX_DIGITS:
            src.error(scalar, field, msg("too_many_digits", value=_clip(scalar.value), limit=MAX_DIGITS))
            return None
        return scalar


def _visible(node: ScalarNode, src: Source, field: str) -> bool:
    """Whether a text has something to see; if not, reported (empty, or only
    invisible characters). The usual text is known by its first character."""
    value = node.value
    if starts_visible(value):
        return True
    if not value.strip():
        src.error(node, field, msg("empty_text"))
    elif not has_visible(value):
        src.error(node, field, msg("invisible_text", codes=invisible_codes(value)))
    else:
        return True
    return False


@dataclass
class Text(Spec):
    """Non-empty text. A plain scalar that YAML (or a reader) takes for another type
    is rejected with a hint to quote it, never converted."""

    pattern: str | None = None
    pattern_message: str = ""
    description: str = ""

    def read(self, node: Node, src: Source, field: str) -> Any:
        # Nearly every value is a text: ``_scalar``'s checks are made here first, and
        # the usual case is looked at quickly.
        if not isinstance(node, ScalarNode) or node.tag == NULL:
            self._scalar(node, src, field)
            return INVALID
        value = node.value
        if not node.style and (node.tag != STR or (value[:1] in _NUMBER_STARTS and _NUMBERISH.fullmatch(value))):
            actual = "数字" if node.tag == STR else _KIND_NAMES.get(node.tag, "其他类型")
            src.error(node, field, msg("text_looks_like_number", value=value, actual=actual))
            return INVALID
        if not _visible(node, src, field):
            return INVALID
        if self.pattern and not re.fullmatch(self.pattern, value):
            src.error(node, field, msg(self.pattern_message, value=value, example="qingzhou-2025"))
            return INVALID
        return value

    def json_schema(self) -> dict:
        # Not empty and not only invisible characters, as the validator requires.
        schema: dict = {"type": "string", "minLength": 1, "pattern": VISIBLE_PATTERN}
        if self.pattern:
            schema["pattern"] = self.pattern
        if self.description:
            schema["description"] = self.description
        return schema


def Slug(description: str = "") -> Text:
    return Text(pattern=SLUG_PATTERN, pattern_message="bad_slug", description=description)


@dataclass
class ImagePath(Text):
    """A path to an image inside the folder of the file that names it (``src.base``);
    the image must exist and decode completely."""

    def read(self, node: Node, src: Source, field: str) -> Any:
        rel = super().read(node, src, field)
        if rel is INVALID or src.base is None:
            return rel
        if "\\" in rel:
            src.error(node, field, msg("path_backslash", value=rel))
            return INVALID
        # Paths are judged as written, never through symbolic links (the inventory
        # refuses those): resolving one could leave the folder, or loop forever.
        base = Path(os.path.abspath(src.base))
        target = Path(os.path.abspath(src.base / rel))
        src.report.named_files.add(target)
        if Path(rel).is_absolute() or not target.is_relative_to(base):
            src.error(node, field, msg("path_outside", value=rel))
            return INVALID
        if os.path.realpath(target) != os.path.join(os.path.realpath(base), os.path.relpath(target, base)):
            return INVALID  # through a symbolic link: the inventory has reported it
        try:
            exists = target.is_file()
        except OSError:  # a name too long for the file system, say: no such file either
            exists = False
        if not exists:
            src.error(node, field, msg("path_missing", value=rel, base=src.base.as_posix()))
            return INVALID
        problem = image_problem(target, rel)
        if problem:
            key, values = problem
            src.error(node, field, msg(key, value=rel, **values))
            return INVALID
        return rel


@dataclass
class Email(Text):
    def read(self, node: Node, src: Source, field: str) -> Any:
        value = super().read(node, src, field)
        if value is not INVALID and not _EMAIL.fullmatch(value):
            src.error(node, field, msg("bad_email", value=value))
            return INVALID
        return value

    def json_schema(self) -> dict:
        return {"type": "string", "pattern": _EMAIL.pattern}


@dataclass
class Color(Spec):
    kind = "颜色"

    def read(self, node: Node, src: Source, field: str) -> Any:
        if isinstance(node, ScalarNode) and node.tag == NULL:
            # `color: #2e7d32` unquoted is a YAML comment: the value reads as empty.
            src.error(node, field, msg("color_unquoted"))
            return INVALID
        scalar = self._scalar(node, src, field)
        if scalar is None:
            return INVALID
        if scalar.tag != STR or not _COLOR.fullmatch(scalar.value):
            src.error(scalar, field, msg("bad_color", value=scalar.value))
            return INVALID
        return scalar.value.lower()

    def json_schema(self) -> dict:
        return {"type": "string", "pattern": _COLOR.pattern}


@dataclass
class Id(Spec):
    """An identifier: text, or a plain whole number read as its text (``1`` == ``"1"``)."""

    def read(self, node: Node, src: Source, field: str) -> Any:
        scalar = self._scalar(node, src, field)
        if scalar is None:
            return INVALID
        if not scalar.style and scalar.tag not in (STR, INT, FLOAT):
            src.error(scalar, field, msg("text_looks_like_number", value=scalar.value, actual=_KIND_NAMES[scalar.tag]))
            return INVALID
        if not _visible(scalar, src, field):
            return INVALID
        control = _CONTROL.search(scalar.value)
        if control:  # tab or newline (yamlsrc refuses other controls): an id is one line
            src.error(scalar, field, msg("control_char", code=f"U+{ord(control.group()):04X}"))
            return INVALID
        return scalar.value

    def json_schema(self) -> dict:
        return {"type": ["string", "number"], "pattern": VISIBLE_PATTERN}


@dataclass
class Integer(Spec):
    kind = "整数"
    minimum: int = 0

    def read(self, node: Node, src: Source, field: str) -> Any:
        scalar = self._number(node, src, field, _INTEGER, "expected_integer")
        if scalar is None:
            return INVALID
        value = int(scalar.value)
        if value < self.minimum:
            src.error(scalar, field, msg("integer_too_small", minimum=self.minimum, value=value))
            return INVALID
        return value

    def json_schema(self) -> dict:
        return {"type": "integer", "minimum": self.minimum}


@dataclass
class Year(Spec):
    kind = "四位年份"

    def read(self, node: Node, src: Source, field: str) -> Any:
        scalar = self._number(node, src, field, _YEAR, "expected_year")
        return INVALID if scalar is None else int(scalar.value)

    def json_schema(self) -> dict:
        return {"type": "integer", "minimum": 1000, "maximum": 2999}


@dataclass
class Number(Spec):
    kind = "数字"
    """An exact decimal read from the source text, never through float."""

    positive: bool = False
    minimum: Decimal | None = None
    maximum: Decimal | None = None

    def read(self, node: Node, src: Source, field: str) -> Any:
        # _DECIMAL refuses 1e3, .inf and .nan: the decimal point and digits only, so no
        # exponent (Decimal would take 1e999999) and nothing that is not a number.
        scalar = self._number(node, src, field, _DECIMAL, "expected_number")
        if scalar is None:
            return INVALID
        value = Decimal(scalar.value)
        if self.positive and value <= 0:
            src.error(scalar, field, msg("number_not_positive", value=scalar.value))
            return INVALID
        if self.maximum is not None and self.minimum is not None and not (self.minimum <= value <= self.maximum):
            src.error(scalar, field, msg("number_out_of_range", minimum=self.minimum, maximum=self.maximum, value=scalar.value))
            return INVALID
        if self.maximum is not None and value > self.maximum:
            src.error(scalar, field, msg("number_out_of_range", minimum="-∞", maximum=self.maximum, value=scalar.value))
            return INVALID
        if self.minimum is not None and value < self.minimum:
            src.error(scalar, field, msg("number_too_small", minimum=self.minimum, value=scalar.value))
            return INVALID
        return value

    def json_schema(self) -> dict:
        schema: dict = {"type": "number"}
        if self.positive:
            schema["exclusiveMinimum"] = 0
        if self.minimum is not None:
            schema["minimum"] = int(self.minimum) if self.minimum == int(self.minimum) else float(self.minimum)
        if self.maximum is not None:
            schema["maximum"] = int(self.maximum) if self.maximum == int(self.maximum) else float(self.maximum)
        return schema


@dataclass
class Date(Spec):
    kind = "日期"

    def read(self, node: Node, src: Source, field: str) -> Any:
        scalar = self._scalar(node, src, field)
        if scalar is None:
            return INVALID
        return parse_date(scalar.value, lambda key, value: src.error(scalar, field, msg(key, value=value)))

    def json_schema(self) -> dict:
        # JSON Schema's "format: date" is not asserted by default validators; the
        # pattern is, so editors see a malformed date at once.
        return {"type": "string", "pattern": _DATE.pattern, "format": "date"}


def parse_date(value: str, fail: Callable[[str, str], None]) -> Any:
    """Parse a real ``YYYY-MM-DD`` date, calling ``fail(message_key, value)`` otherwise."""
    if not _DATE.fullmatch(value):
        fail("expected_date", value)
        return INVALID
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        fail("invalid_date", value)
        return INVALID


_ANY_TEXT = Text()  # what a choice is read as, first


@dataclass
class Choice(Spec):
    options: tuple[str, ...]

    def read(self, node: Node, src: Source, field: str) -> Any:
        value = _ANY_TEXT.read(node, src, field)
        if value is INVALID:
            return INVALID
        if value not in self.options:
            src.error(node, field, msg("bad_choice", value=value, choices="、".join(self.options)))
            return INVALID
        return value

    def json_schema(self) -> dict:
        return {"type": "string", "enum": list(self.options)}


@dataclass
class ListOf(Spec):
    item: Spec
    min_items: int = 0
    unique: bool = False

    def read(self, node: Node, src: Source, field: str) -> Any:
        if isinstance(node, ScalarNode) and node.tag == NULL:
            src.error(node, field, msg("null_value"))
            return INVALID
        if not isinstance(node, SequenceNode):
            src.error(node, field, msg("expected_list", actual=describe(node)))
            return INVALID
        ok = True
        if len(node.value) < self.min_items:
            src.error(node, field, msg("list_too_short", minimum=self.min_items))
            ok = False
        values = LocatedList()
        first_seen: dict[Any, int] = {}
        for index, child in enumerate(node.value):
            value = self.item.read(child, src, f"{field}[{index}]")
            if value is INVALID:
                ok = False
                continue
            if self.unique:
                if value in first_seen:
                    src.error(child, f"{field}[{index}]", msg("duplicate_item", value=value, first=first_seen[value]))
                    ok = False
                else:
                    first_seen[value] = src.line(child)
            values.append(value)
            values.lines.append(src.line(child))
        return values if ok else INVALID

    def json_schema(self) -> dict:
        schema = {"type": "array", "items": self.item.json_schema()}
        if self.min_items:
            schema["minItems"] = self.min_items
        if self.unique:
            schema["uniqueItems"] = True
        return schema


def mapping_pairs(node: Node, src: Source, field: str) -> tuple[dict[str, tuple[Node, Node, int]], bool] | None:
    """The pairs of a mapping, key → (key node, value node, line of the key), first
    of each key, in order; and whether all were fine (duplicate and merge keys are
    reported). None when the node is not a mapping."""
    if isinstance(node, ScalarNode) and node.tag == NULL:
        src.error(node, field, msg("null_value"))
        return None
    if not isinstance(node, MappingNode):
        if isinstance(node, ScalarNode) and "：" in node.value:
            src.error(node, field, msg("fullwidth_colon"))
        else:
            src.error(node, field, msg("expected_mapping", actual=describe(node)))
        return None
    pairs: dict[str, tuple[Node, Node, int]] = {}
    ok = True
    first_line = 1 + src.line_offset  # ``src.line``, inline: for every key read
    for key_node, value_node in node.value:
        if key_node.tag == MERGE:
            src.error(key_node, field or "YAML", msg("yaml_merge"))
            ok = False
            continue
        key = key_node.value if isinstance(key_node, ScalarNode) else str(key_node.value)
        if "\t" in key or "\n" in key:  # a key is a field name or an id: one line (yamlsrc refuses other controls)
            code = "U+0009" if "\t" in key else "U+000A"
            src.error(key_node, f"{field}.{key}" if field else key, msg("control_char", code=code))
            ok = False
            continue
        if key in pairs:
            src.error(key_node, f"{field}.{key}" if field else key, msg("duplicate_key", first=pairs[key][2]))
            ok = False
            continue
        pairs[key] = (key_node, value_node, key_node.start_mark.line + first_line)
    return pairs, ok


def check_mappings(node: Node, src: Source, field: str = "") -> None:
    """Report duplicate and merge keys in every mapping below ``node`` (for front matter
    whose keys are free, such as ordinary pages')."""
    if isinstance(node, MappingNode):
        read = mapping_pairs(node, src, field)
        for key, (_, value, _) in read[0].items() if read else []:
            check_mappings(value, src, f"{field}.{key}" if field else key)
    elif isinstance(node, SequenceNode):
        for index, child in enumerate(node.value):
            check_mappings(child, src, f"{field}[{index}]")


@dataclass
class MapOf(Spec):
    """A mapping from ids (text or whole numbers) to values."""

    value: Spec

    def read(self, node: Node, src: Source, field: str) -> Any:
        read = mapping_pairs(node, src, field)
        if read is None:
            return INVALID
        pairs, ok = read
        result: dict[str, Any] = {}
        lines: dict[str, int] = {}
        for key, (_, value_node, line) in pairs.items():
            value = self.value.read(value_node, src, f"{field}.{key}")
            if value is INVALID:
                ok = False
                continue
            result[key] = value
            lines[key] = line
        return Located(result, lines) if ok else INVALID

    def json_schema(self) -> dict:
        return {"type": "object", "additionalProperties": self.value.json_schema()}


class LocatedList(list):
    """A list that remembers the line of each item."""

    def __init__(self, *args):
        super().__init__(*args)
        self.lines: list[int] = []

    def line_of(self, index: int, default: int) -> int:
        return self.lines[index] if index < len(self.lines) else default


class Located(dict):
    """A dict that remembers the line of each key."""

    def __init__(self, values: dict, lines: dict[str, int]):
        super().__init__(values)
        self.lines = lines


@dataclass
class Field:
    name: str
    spec: Spec
    required: bool = False
    description: str = ""


def declared(spec: Spec, description: str = "", **kw: Any) -> Any:
    """A dataclass field of the content model that the contract reads with ``spec``:
    required when it has no default (``default=``/``default_factory=`` make it
    optional). The one declaration of a field; ``record_of`` builds the Record."""
    return dataclasses.field(metadata={"spec": spec, "description": description}, **kw)


def record_of(cls: type, title: str = "", at_least_one: tuple[str, ...] = ()) -> Record:
    """The Record that reads ``cls`` from YAML: its ``declared`` fields, in order."""
    fields = [
        Field(f.name, f.metadata["spec"], f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING, f.metadata["description"])
        for f in dataclasses.fields(cls)
        if "spec" in f.metadata
    ]
    return Record(cls, fields, title=title, at_least_one=at_least_one)


@dataclass
class Record(Spec):
    """A mapping with known fields, built into the dataclass ``cls``.

    ``cls`` must accept every field name as a keyword, plus ``line`` (the line of the
    mapping) and ``lines`` (field name → line of its key).
    """

    cls: type
    fields: list[Field]
    title: str = ""
    at_least_one: tuple[str, ...] = ()  # of these optional fields, one must be given

    def __post_init__(self) -> None:
        # Looked up for every record read.
        self.specs = {f.name: f.spec for f in self.fields}
        self.required = [f.name for f in self.fields if f.required]

    def read(self, node: Node, src: Source, field: str) -> Any:
        read = mapping_pairs(node, src, field)
        if read is None:
            return INVALID
        pairs, ok = read
        specs = self.specs
        values: dict[str, Any] = {}
        lines: dict[str, int] = {}
        for key, (key_node, value_node, line) in pairs.items():
            name = f"{field}.{key}" if field else key
            spec = specs.get(key)
            if spec is None:
                src.error(key_node, name, msg("unknown_key", key=key, allowed="、".join(specs)))
                ok = False
                continue
            value = spec.read(value_node, src, name)
            if value is INVALID:
                ok = False
                continue
            values[key] = value
            lines[key] = line
        for required in self.required:
            if required not in pairs:
                src.error(node, f"{field}.{required}" if field else required, msg("missing_key"))
                ok = False
        if self.at_least_one and not pairs.keys() & set(self.at_least_one):
            src.error(node, field, msg("at_least_one", names="、".join(self.at_least_one)))
            ok = False
        if not ok:
            return INVALID
        return self.cls(**values, line=src.line(node), lines=lines)

    def json_schema(self) -> dict:
        schema: dict = {
            "type": "object",
            "properties": {},
            "additionalProperties": False,
        }
        if self.title:
            schema["title"] = self.title
        for f in self.fields:
            prop = f.spec.json_schema()
            if f.description:
                prop = {**prop, "description": f.description}
            schema["properties"][f.name] = prop
        required = [f.name for f in self.fields if f.required]
        if required:
            schema["required"] = required
        if self.at_least_one:
            schema["anyOf"] = [{"required": [name]} for name in self.at_least_one]
        return schema


def record_fields(cls: type) -> set[str]:
    return {f.name for f in dataclasses.fields(cls)}
