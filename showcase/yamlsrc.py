"""Reading source files: UTF-8 text, front matter, and YAML composed to nodes.

YAML is composed, never constructed: the schema walks the node tree itself, so every
value keeps its line, nothing is converted behind the editor's back (``no`` stays a
plain scalar the schema can reject), and no tag can instantiate anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader, ReaderError
from yaml.resolver import Resolver
from yaml.scanner import Scanner

from .errors import Report
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


class _StrictComposer(Composer):
    """A composer that records anchors and aliases as errors instead of sharing nodes."""

    def compose_node(self, parent, index):  # noqa: ANN001 - PyYAML's signature
        if self.check_event(AliasEvent):
            event = self.peek_event()
            self.strict_problems.append((event.start_mark.line, msg("yaml_alias")))
        else:
            event = self.peek_event()
            if getattr(event, "anchor", None):
                self.strict_problems.append((event.start_mark.line, msg("yaml_anchor")))
        return super().compose_node(parent, index)


class _Loader(Reader, Scanner, Parser, _StrictComposer, SafeConstructor, Resolver):
    def __init__(self, stream: str):
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        _StrictComposer.__init__(self)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)
        self.strict_problems: list[tuple[int, str]] = []


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
        self.report.add(self.path, self.line(node) if node is not None else None, field, message)


def read_text(path: Path, display: str, report: Report) -> str | None:
    """Read a file as UTF-8; on failure report the line of the first bad byte."""
    data = path.read_bytes()
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
]


def _explain(problem: str) -> str:
    for needle, words in _PROBLEMS:
        if needle in problem:
            return words
    return f"{problem}（常见原因：缩进不一致、冒号后缺空格、引号未闭合）"


# Anything that could start an anchor or alias (&name, *name) outside a comment; the
# fast path is taken only when there is none, so both paths accept the same files.
_MAYBE_ANCHOR = re.compile(r"(^|[\s\[{,:-])[&*][^\s]", re.M)
_FAST = getattr(yaml, "CSafeLoader", None) if yaml.__with_libyaml__ else None


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


def compose(text: str, source: Source) -> Node | None:
    """Compose one YAML document into nodes, reporting syntax, anchors and tags."""
    if _FAST is not None and not _MAYBE_ANCHOR.search(text):
        try:
            node = _compose_fast(text)
        except yaml.YAMLError:
            pass  # report it through the Python composer below
        else:
            # An explicit tag needs a "!"; without one every tag is a standard one.
            if node is not None and "!" in text:
                _check_tags(node, source)
            return node
    loader = None
    try:
        loader = _Loader(text)
        node = loader.get_single_node()
    except ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1 + source.line_offset
        source.report.add(source.path, line, "YAML", msg("control_char", code=f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)))
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
        source.report.add(source.path, line, "YAML", msg("yaml_syntax", problem=problem))
        return None
    finally:
        if loader is not None:
            loader.dispose()
    for line, message in loader.strict_problems:
        source.report.add(source.path, line + 1 + source.line_offset, "YAML", message)
    if node is not None:
        _check_tags(node, source)
    return node


def _check_tags(node: Node, source: Source) -> None:
    stack = [node]
    while stack:
        current = stack.pop()
        if current.tag not in STANDARD_TAGS and current.tag != "tag:yaml.org,2002:merge":
            source.error(current, "YAML", msg("yaml_tag", tag=current.tag))
        if isinstance(current, SequenceNode):
            stack.extend(current.value)
        elif isinstance(current, MappingNode):
            for key, value in current.value:
                stack.extend((key, value))


_FENCE = re.compile(r"^(---|\.\.\.)[ \t]*$")


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
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return Document(None, text, 1, False)
    for index in range(1, len(lines)):
        if _FENCE.match(lines[index]):
            yaml_text = "\n".join(lines[1:index])
            body = "\n".join(lines[index + 1 :])
            source = Source(source_path, 1, report)
            before = len(report.errors)
            node = compose(yaml_text, source)
            if node is None and len(report.errors) > before:
                return None  # a syntax error, already reported
            return Document(node, body, index + 2, True)
    report.add(source_path, 1, "front matter", msg("front_matter_unclosed"))
    return None


def is_null(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.tag == "tag:yaml.org,2002:null"
