"""Content errors, reported as ``path:line: field: message``."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")
_ESCAPES = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def printable(text: str) -> str:
    """``text`` with every unprintable character written as an escape (``\\n``,
    ``\\u200b``): an error stays on one line, whatever value it quotes."""
    if not _UNPRINTABLE.search(text):
        return text
    return _UNPRINTABLE.sub(lambda m: _ESCAPES.get(m.group(), f"\\u{ord(m.group()):04x}"), text)


@dataclass(frozen=True, order=True)
class ContentError:
    """One violation of the content contract, located as precisely as it can be."""

    path: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.field}: {self.message}"


@dataclass
class Report:
    """Collects every error of a load so that all are reported at once."""

    errors: list[ContentError] = field(default_factory=list)
    # Files that fields name (``cover``, ``photos``), whether or not they passed: a
    # problem with one is reported at the field, not a second time at the file.
    named_files: set = field(default_factory=set)

    def add(self, path: str, line: int | None, field_name: str, message: str) -> None:
        # An error about a whole document (e.g. a list expected at the top) has no field.
        self.errors.append(ContentError(printable(path), line, printable(field_name or "（整个文件）"), printable(message)))

    def __bool__(self) -> bool:
        return bool(self.errors)

    def sorted(self) -> list[ContentError]:
        """Errors in a stable order: by file, then line."""
        return sorted(set(self.errors), key=lambda e: (e.path, e.line or 0, e.field, e.message))


class ContentInvalid(Exception):
    """Raised with every error of a load once loading is complete."""

    def __init__(self, errors: list[ContentError]):
        self.errors = errors
        super().__init__(format_errors(errors))


def format_errors(errors: list[ContentError]) -> str:
    lines = [str(e) for e in errors]
    return f"内容有 {len(errors)} 处错误：\n" + "\n".join(lines)
