"""Reading source files: UTF-8 text, front matter, and YAML composed to nodes.

YAML is composed, never constructed: the schema walks the node tree itself, so every
value keeps its line, nothing is converted behind the editor's back (``no`` stays a
plain scalar the schema can reject), and no tag can instantiate anything.
"""

from __future__ import annotations

import functools
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader, ReaderError
from yaml.resolver import Resolver
from yaml.scanner import Scanner

from .errors import Report, printable
from .messages import msg

STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}


# Mappings and lists may nest this deep, and no deeper. The contract needs 8 levels (a
# framework's items → indicators → contents → standards), MkDocs front matter a few;
# 50 is far above both, and far below where a recursive walk of the tree (PyYAML's
# composer, libyaml's C composer, the schema) would exhaust its stack: a file of
# "[[[[…" thousands deep is reported at its line instead of crashing the build.
MAX_DEPTH = 50


class _TooDeep(yaml.YAMLError):
    """A collection nested deeper than ``MAX_DEPTH``, where it starts."""

    def __init__(self, mark):  # noqa: ANN001 - PyYAML's Mark
        super().__init__("too deep")
        self.mark = mark


class _StrictComposer(Composer):
    """A composer that records anchors and aliases as errors instead of sharing nodes,
    and refuses nesting deeper than ``MAX_DEPTH`` before it recurses that far."""

    def compose_node(self, parent, index):  # noqa: ANN001 - PyYAML's signature
        event = self.peek_event()
        if isinstance(event, AliasEvent):
            self.strict_problems.append((event.start_mark.line, msg("yaml_alias")))
            node = super().compose_node(parent, index)
            if isinstance(node, ScalarNode):
                return node
            # A shared collection would be read once per alias: aliases of aliases grow
            # the tree exponentially ("billion laughs"). The alias is an error anyway;
            # an empty collection of the same kind stands in for it.
            return type(node)(node.tag, [], event.start_mark, event.end_mark, flow_style=True)
        if getattr(event, "anchor", None):
            self.strict_problems.append((event.start_mark.line, msg("yaml_anchor")))
        if not isinstance(event, CollectionStartEvent):
            return super().compose_node(parent, index)
        if self.depth >= MAX_DEPTH:
            raise _TooDeep(event.start_mark)
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class _Loader(Reader, Scanner, Parser, _StrictComposer, SafeConstructor, Resolver):
    def __init__(self, stream: str):
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        _StrictComposer.__init__(self)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)
        self.strict_problems: list[tuple[int, str]] = []
        self.depth = 0


@dataclass
class Source:
    """Where a document's nodes came from: its display path and the line offset."""

    path: str
    line_offset: int
    report: Report
    base: Path | None = None  # the folder that relative file paths are resolved in

    def line(self, node: Node) -> int:
        return node.start_mark.line + 1 + self.line_offset

    def error(self, node: Node | None, field: str, message: str) -> None:
        # Field names and messages quote what the editor wrote: escape what would break
        # the one-line "path:line: field: message" (a newline) or the terminal.
        self.report.add(self.path, self.line(node) if node is not None else None, printable(field), printable(message))


# Characters shown escaped in error lines: controls (tab and newline too: an error is
# one line), line and paragraph separators, surrogates and the two non-characters.
def code_point(char: str) -> str:
    """A character as its Unicode code point, as editors' tools show it: U+200B."""
    return f"U+{ord(char):04X}"


_CHUNK = 1 << 16


def read_bytes(path: Path | str) -> bytes:
    """A file's bytes, with the system's calls alone: a check reads some 40,000 files,
    and a file object (``open``) costs half as much again as the reading itself."""
    fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    try:
        chunks = []
        while chunk := os.read(fd, _CHUNK):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_text(path: Path | str, display: str, report: Report) -> str | None:
    """Read a file as UTF-8; on failure report the line of the first bad byte."""
    data = read_bytes(path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        report.add(display, line, "文件编码", msg("not_utf8"))
        return None
    return text.removeprefix("\ufeff").replace("\r\n", "\n")


# PyYAML's commonest problems, in words an office clerk understands.
_PROBLEMS = [
    ("found character '\\t'", "不能用 Tab 键缩进，请改用空格"),
    ("mapping values are not allowed here", "这一行的冒号位置不对：值里含有「: 」时请给整个值加引号"),
    ("could not find expected ':'", "缺少英文冒号「:」（注意不要用中文冒号「：」）"),
    ("found unexpected end of stream", "引号没有闭合"),
    ("but found another document", "文件中间不能有单独一行 ---"),
    ("expected <block end>, but found", "缩进不一致：同一层的字段要对齐"),
    ("found undefined alias", "不支持 YAML 别名（*）"),
    ("second occurrence", "同一个锚点（&）出现了两次；不支持 YAML 锚点，请把内容直接写出来"),
]


def _explain(problem: str) -> str:
    for needle, words in _PROBLEMS:
        if needle in problem:
            return words
    return f"{problem}（常见原因：缩进不一致、冒号后缺空格、引号未闭合）"


# Anything that could start an anchor or alias (&name, *name) outside a comment; the
# fast path is taken only when there is none, so both paths accept the same files.
_MAYBE_ANCHOR = re.compile(r"(^|[\s\[{,:-])[&*][^\s]", re.M)

# The tag of a collection or of a quoted scalar (``_QuickResolve``).
_DEFAULT_TAGS = {
    ScalarNode: Resolver.DEFAULT_SCALAR_TAG,
    SequenceNode: Resolver.DEFAULT_SEQUENCE_TAG,
    MappingNode: Resolver.DEFAULT_MAPPING_TAG,
}
# Tags of plain scalars by their text, as PyYAML's resolver gave them.
_PLAIN_TAGS: dict[str, str] = {}
# Emptied when it holds this many: keys and common values are back in it at once, and
# not every text a long-running preview ever read stays in it.
_PLAIN_TAGS_KEPT = 1 << 16


class _QuickResolve:
    """PyYAML's resolver as libyaml's composer calls it, for every node (a third of
    its time), quicker and with the same tags. SafeLoader has no path resolvers
    (``add_path_resolver``; tests/test_yamlsrc.py checks): a node's tag does not depend
    on where it is, so there is no path to follow; a collection or a quoted scalar
    gets the default tag of its kind, and a plain scalar's tag depends on its text
    alone (the first implicit resolver whose pattern it matches, else str), so it is
    kept: keys and values repeat in every file."""

    def descend_resolver(self, current_node, current_index):  # noqa: ANN001 - PyYAML's signature
        pass

    def ascend_resolver(self):
        pass

    def resolve(self, kind, value, implicit):  # noqa: ANN001 - PyYAML's signature
        if kind is not ScalarNode or not implicit[0]:
            return _DEFAULT_TAGS[kind]
        tag = _PLAIN_TAGS.get(value)
        if tag is None:
            if len(_PLAIN_TAGS) >= _PLAIN_TAGS_KEPT:
                _PLAIN_TAGS.clear()
            tag = _PLAIN_TAGS[value] = super().resolve(kind, value, implicit)
        return tag


# libyaml's loader, with the quicker resolver.
_FAST = type("_CLoader", (_QuickResolve, yaml.CSafeLoader), {}) if yaml.__with_libyaml__ else None

# libyaml's C composer recurses once per level with no limit of its own: about 100 000
# levels overflow an 8 MiB stack (a segfault, not an exception), 500 a 128 KiB thread
# stack. It is given only documents proven no deeper than this.
_C_SAFE_DEPTH = 200
# Line breaks to YAML besides "\n" (read_text has turned "\r\n" into "\n").
_OTHER_BREAKS = re.compile("\r|\x85|\u2028|\u2029")


@functools.cache
def _wide_line_start(columns: int) -> re.Pattern:
    """A line that starts with more than ``columns`` columns of indentation and compact
    block indicators ("- - ", "? ", ": ")."""
    return re.compile(rf"^(?:[ \t]|[-?:](?=[ \t]|$)){{{columns + 1}}}", re.M)


@functools.cache
def _maybe_wide_line_start(columns: int) -> re.Pattern:
    """What every match of ``_wide_line_start(columns)`` is part of, in a text with a
    "\n" put before it: a line break and more than ``columns`` of those characters.
    Starting with a fixed character, it is searched for several times quicker."""
    return re.compile(rf"\n[ \t?:-]{{{columns + 1}}}")


def _shallower_than(text: str, limit: int) -> bool:
    """Whether ``text`` provably nests no deeper than ``limit``, without parsing it.

    Flow collections nest at most once per "[" or "{". A block collection starts at
    the first column of a line or just after a compact indicator at its start, and
    each column holds at most two nested block collections (a mapping and the list
    that is a key's value, "key:\\n- item"); flow collections cannot hold block ones.
    So the depth is at most flow + 2 × (widest line start + 1). False means "maybe
    deeper", never "deeper".
    """
    flow = text.count("[") + text.count("{")
    columns = (limit - flow) // 2 - 1
    if columns < 0:
        return False
    # Four searches for one character each are quicker than one for any of them.
    if "\r" in text or "\x85" in text or "\u2028" in text or "\u2029" in text:
        text = _OTHER_BREAKS.sub("\n", text)
    if not _maybe_wide_line_start(columns).search("\n" + text):
        return True
    return not _wide_line_start(columns).search(text)


def _deeper_than(text: str, limit: int) -> bool:
    """Whether ``text`` nests deeper than ``limit``, from libyaml's events (its parser
    keeps explicit stacks: no recursion), stopping at the first level too deep."""
    loader = _FAST(text)
    depth = 0
    try:
        while (event := loader.get_event()) is not None:
            if isinstance(event, CollectionStartEvent):
                depth += 1
                if depth > limit:
                    return True
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
    finally:
        loader.dispose()
    return False


def _too_deep(root: Node) -> bool:
    """Whether a composed tree nests deeper than ``MAX_DEPTH`` (level by level: no
    recursion, and only collections are visited)."""
    level = [] if isinstance(root, ScalarNode) else [root]
    depth = 0
    while level:
        depth += 1
        if depth > MAX_DEPTH:
            return True
        below = []
        for node in level:
            children = node.value if isinstance(node, SequenceNode) else [n for pair in node.value for n in pair]
            below.extend(child for child in children if not isinstance(child, ScalarNode))
        level = below
    return False


def _compose_fast(text: str) -> Node | None:
    """libyaml's composer (C, ~10× faster) for files without anchors or aliases.

    Its plain scalars have style "" where PyYAML's have None; the schema treats both
    as plain.

    Raises on any problem; the caller then composes again in Python, whose errors are
    the ones editors see, so messages do not depend on which parser ran.
    """
    loader = _FAST(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def _try_fast(text: str) -> tuple[bool, Node | None]:
    """(True, node) when libyaml composed ``text`` and it nests no deeper than
    ``MAX_DEPTH``; (False, None) when the Python composer must run instead (a problem
    to report, or nesting too deep)."""
    # The usual case, proven at once: no deeper than MAX_DEPTH, so no deeper than
    # _C_SAFE_DEPTH either (the bound only grows with the limit).
    shallow = _shallower_than(text, MAX_DEPTH)
    try:
        if not shallow and not _shallower_than(text, _C_SAFE_DEPTH) and _deeper_than(text, MAX_DEPTH):
            return False, None
        node = _compose_fast(text)
    except (yaml.YAMLError, UnicodeEncodeError):
        # UnicodeEncodeError: a lone surrogate in the text, which libyaml cannot take
        # as UTF-8; the Python reader reports it.
        return False, None
    if node is not None and not shallow and _too_deep(node):
        return False, None
    return True, node


def compose(text: str, source: Source) -> Node | None:
    """Compose one YAML document into nodes, reporting syntax, anchors, tags, nesting
    and characters no value may hold. None when the document cannot be used."""
    # The regular expression only where an anchor or alias could be: on every text it
    # took a sixth of the time composing them does.
    if _FAST is not None and not (("&" in text or "*" in text) and _MAYBE_ANCHOR.search(text)):
        done, node = _try_fast(text)
        if done:
            if node is None:
                return None
            # A tag needs a "!"; a character _inspect refuses, a "\" escape (the
            # reader refuses them written as they are): without either, nothing to find.
            return _report(node, _inspect(node) if "!" in text or "\\" in text else [], source)
    loader = None
    try:
        loader = _Loader(text)
        node = loader.get_single_node()
    except ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1 + source.line_offset
        char = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
        source.report.add(source.path, line, "YAML", _char_message(chr(char), escaped=False))
        return None
    except _TooDeep as exc:
        line = exc.mark.line + 1 + source.line_offset
        source.report.add(source.path, line, "YAML", msg("yaml_too_deep", limit=MAX_DEPTH))
        return None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        started = exc.context_mark
        if started is not None and "simple key" in (exc.context or ""):
            # A key without its colon: PyYAML notices on a later line; the key's own
            # line is where the editor must look.
            mark, started = started, None
        line = mark.line + 1 + source.line_offset if mark else None
        problem = _explain(exc.problem or exc.context or "无法解析")
        if started is not None and mark is not None and started.line != mark.line:
            problem += f"（从第 {started.line + 1 + source.line_offset} 行开始）"
        source.report.add(source.path, line, "YAML", printable(msg("yaml_syntax", problem=problem)))
        return None
    except (ValueError, OverflowError):
        # PyYAML decodes "\U00110000" or "\UFFFFFFFF" with chr(), which raises: an
        # escape beyond Unicode. The reader stands just after it.
        line = loader.line + 1 + source.line_offset if loader is not None else None
        source.report.add(source.path, line, "YAML", msg("yaml_syntax", problem=_BAD_ESCAPE))
        return None
    finally:
        if loader is not None:
            loader.dispose()
    for line, message in loader.strict_problems:
        source.report.add(source.path, line + 1 + source.line_offset, "YAML", message)
    if node is None:
        return None
    return _report(node, _inspect(node), source)


_BAD_ESCAPE = "双引号中的 \\x、\\u 或 \\U 转义不是有效的 Unicode 字符（要写反斜杠本身，请写成 \\\\ 或改用单引号）"

# What no decoded scalar, key or value, may hold: control characters but tab and
# newline (which a text may hold; the schema refuses them in keys and ids), surrogates
# (which no UTF-8 file, feed or CSV can carry) and the non-characters U+FFFE and U+FFFF
# (which XML refuses). The reader refuses them written as they are; these come from
# escapes in double quotes ("\0", "\ud800").
_BAD_CHAR = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def _char_message(char: str, escaped: bool) -> str:
    if unicodedata.category(char) == "Cs":
        return msg("surrogate_char", code=code_point(char))
    return msg("escaped_control_char" if escaped else "control_char", code=code_point(char))


def _inspect(root: Node) -> list[tuple[Node, str, str, bool]]:
    """Every problem of a composed tree as (node, field, message, fatal): a character
    no scalar may hold (fatal), an unknown tag.

    Iterative, so a deep tree cannot exhaust the stack; field names are built only for
    the nodes that have a problem (each entry links to its parent's).
    """
    problems: list[tuple[Node, str, str, bool]] = []
    # (node, parent entry, name part)
    stack: list[tuple] = [(root, None, "")]
    while stack:
        entry = stack.pop()
        node = entry[0]
        tag = node.tag
        if tag not in STANDARD_TAGS and tag != "tag:yaml.org,2002:merge":
            problems.append((node, "YAML", msg("yaml_tag", tag=tag), False))
        if isinstance(node, ScalarNode):
            found = _BAD_CHAR.search(node.value)
            if found:
                message = _char_message(found.group(), escaped=node.style == '"')
                problems.append((node, _field(entry), message, True))
        elif isinstance(node, SequenceNode):
            for index, child in enumerate(node.value):
                stack.append((child, entry, index))
        elif isinstance(node, MappingNode):
            for key, value in node.value:
                name = key.value if isinstance(key, ScalarNode) else "?"
                stack.append((key, entry, name))
                stack.append((value, entry, name))
    return problems


def _field(entry: tuple) -> str:
    """The dotted field name of a node (as the schema names it: ``a.b[0].c``)."""
    parts = []
    while entry[1] is not None:
        parts.append(entry[2])
        entry = entry[1]
    name = ""
    for part in reversed(parts):
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name


def _report(node: Node, problems: list[tuple[Node, str, str, bool]], source: Source) -> Node | None:
    """Report the problems of a composed tree; the tree, unless a scalar holds a
    character that must not reach a page (later checks would quote it, too)."""
    for at, field, message, _ in problems:
        source.error(at, field, message)
    return None if any(fatal for *_, fatal in problems) else node


# A line that ends the front matter, found in the whole text (the rest of a page is
# not cut into lines).
_FENCE = re.compile(r"^(---|\.\.\.)[ \t]*$", re.M)


@dataclass
class Document:
    """A Markdown file split into its front matter node and its body."""

    meta: Node | None
    body: str
    body_line: int
    has_front_matter: bool


def split_front_matter(text: str, source_path: str, report: Report) -> Document | None:
    """Split ``---`` front matter from the Markdown body and compose it.

    The front matter's YAML lines are numbered as lines of the whole file.
    """
    first, newline, _ = text.partition("\n")
    if first.rstrip() != "---":
        return Document(None, text, 1, False)
    start = len(first) + 1  # of the second line
    fence = _FENCE.search(text, start) if newline else None
    if fence is None:
        report.add(source_path, 1, "front matter", msg("front_matter_unclosed"))
        return None
    # The lines between, without the line break that ends the last of them.
    yaml_text = text[start : fence.start() - 1] if fence.start() > start else ""
    body = text[fence.end() + 1 :]  # after the fence's line break, if any
    source = Source(source_path, 1, report)
    before = len(report.errors)
    node = compose(yaml_text, source)
    if node is None and len(report.errors) > before:
        return None  # a syntax error, already reported
    return Document(node, body, text.count("\n", 0, fence.start()) + 2, True)


def is_null(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.tag == "tag:yaml.org,2002:null"
