"""EDITING.md documents every message the validator can print (showcase.messages)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from showcase.messages import MESSAGES

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "EDITING.md"
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def guide() -> str:
    return GUIDE.read_text(encoding="utf-8")


def longest_fragment(template: str) -> str:
    """The longest literal piece of a template once its {placeholders} are removed."""
    return max((part.strip() for part in PLACEHOLDER.split(template)), key=len)


def sections() -> dict[str, str]:
    """Catalogue subsections: message key → the text under its heading (headings inside
    code blocks, such as a Markdown example, do not count)."""
    text = guide()
    lines = text[text.index("## 错误信息一览") :].split("\n")
    found: dict[str, list[str]] = {}
    current: list[str] | None = None
    in_fence = False
    for line in lines:
        if line.lstrip().startswith("```"):
            in_fence = not in_fence
        elif not in_fence and line.startswith("#"):
            match = re.match(r"^#{3,4} `([a-z0-9_]+)`\s*$", line)
            current = found.setdefault(match.group(1), []) if match else None
            continue
        if current is not None:
            current.append(line)
    return {key: "\n".join(body) for key, body in found.items()}


def test_fragments_are_meaningful():
    assert (
        longest_fragment('应为文本：「{value}」不加引号会被 YAML 读成{actual}，请写成 "{value}"')
        == "」不加引号会被 YAML 读成"
    )
    for key, template in MESSAGES.items():
        assert len(longest_fragment(template)) >= 4, key


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_key_is_documented(key):
    assert f"`{key}`" in guide(), f"EDITING.md lacks a subsection for `{key}`"


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_template_is_quoted(key):
    template = MESSAGES[key]
    fragment = longest_fragment(template)
    assert fragment in guide(), f"EDITING.md does not quote the message {key}: {fragment!r}"


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_each_message_has_its_own_subsection_with_template_example_and_fix(key):
    body = sections().get(key)
    assert body is not None, f"EDITING.md: no '#### `{key}`' heading under 错误信息一览"
    assert longest_fragment(MESSAGES[key]) in body, f"{key}: the template is not in its own subsection"
    assert "错误" in body and "改正" in body, f"{key}: needs a wrong example (错误) and its fix (改正)"


def test_no_subsection_for_a_message_that_does_not_exist():
    stale = sorted(set(sections()) - set(MESSAGES))
    assert not stale, f"EDITING.md documents messages that no longer exist: {stale}"


def test_guide_covers_the_editors_tasks():
    text = guide()
    for needle in (
        "scripts/serve",
        "scripts/new_community.py",
        "scripts/check_content.py",
        "pre-commit install",
        "EXIF",
        "repealed",
        "supersedes",
        "result",
        "INFO",
        "vetoes",
        "special",
        "schemas/",
        "不会被 YAML 扩展检查",
    ):
        assert needle in text, needle


def test_guide_is_safe_to_publish_as_a_page():
    """The build publishes EDITING.md as a page: no relative links to files the site
    lacks, and no {…} outside code (attr_list would eat it) or bare <…> tags."""
    text = guide()
    without_fences = re.sub(r"^[ \t]*```.*?^[ \t]*```", "", text, flags=re.MULTILINE | re.DOTALL)
    prose = re.sub(r"`[^`\n]*`", "", without_fences)
    assert not re.findall(r"\]\((?!https?://|#)[^)]*\)", prose), "relative links break in the built site"
    assert not re.findall(r"\{[^}\n]*\}", prose)
    assert not re.findall(r"<(?!https?://)[^>\n]*>", prose)
