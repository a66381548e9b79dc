"""Reading source files: encodings, BOM and CRLF, front matter and its line numbers,
and the YAML features that are refused (aliases, anchors, merge keys, tags)."""

from __future__ import annotations

from pathlib import Path

import pytest

from showcase.errors import Report
from showcase.messages import msg
from showcase.schema import mapping_pairs
from showcase.yamlsrc import MAX_DEPTH, Source, compose, is_null, read_text, split_front_matter

PAGE = "---\ntitle: 标题\nitems:\n  - 甲\n  - 乙\n---\n\n# 正文\n"


def errors_of(report: Report) -> list[str]:
    return [str(e) for e in report.errors]


def compose_errors(text: str, offset: int = 0) -> tuple[object, list[str]]:
    report = Report()
    node = compose(text, Source("t.yml", offset, report))
    return node, errors_of(report)


# -- read_text -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        "名称: 甲\n".encode(),
        b"\xef\xbb\xbf" + "名称: 甲\n".encode(),
        "名称: 甲\r\n".encode(),
        b"\xef\xbb\xbf" + "名称: 甲\r\n".encode(),
    ],
    ids=["plain", "bom", "crlf", "bom-crlf"],
)
def test_read_text_normalises_bom_and_crlf(tmp_path, data):
    path = tmp_path / "a.yml"
    path.write_bytes(data)
    report = Report()
    assert read_text(path, "a.yml", report) == "名称: 甲\n"
    assert not report


def test_read_text_keeps_a_bom_in_the_middle(tmp_path):
    path = tmp_path / "a.md"
    path.write_bytes("甲\ufeff乙\n".encode())
    assert read_text(path, "a.md", Report()) == "甲\ufeff乙\n"


@pytest.mark.parametrize("size", [0, 1, (1 << 16) - 1, 1 << 16, (1 << 16) + 1, 3 * (1 << 16) + 7])
def test_read_text_reads_every_byte(tmp_path, size):
    """Files of any size, around the size read at a time too (a 60 KB work summary is
    not cut off), with a character split between two reads."""
    text = ("社" * size)[: size // 3] + "a" * (size % 3)
    path = tmp_path / "a.md"
    path.write_bytes(text.encode())
    assert len(text.encode()) == size
    assert read_text(path, "a.md", Report()) == text


@pytest.mark.parametrize(("line", "encoding"), [(1, "gbk"), (3, "gbk"), (2, "utf-16")])
def test_read_text_not_utf8_names_the_line(tmp_path, line, encoding):
    lines = ["title: a", "issuer: b", "summary: c"]
    head = "\n".join(lines[: line - 1]) + ("\n" if line > 1 else "")
    data = head.encode() + "\n".join(["名称: 板厂南里", "x: y"]).encode(encoding)
    path = tmp_path / "a.yml"
    path.write_bytes(data)
    report = Report()
    assert read_text(path, "content/a.yml", report) is None
    assert errors_of(report) == [f"content/a.yml:{line}: 文件编码: {msg('not_utf8')}"]


# -- compose ---------------------------------------------------------------------------


def test_compose_keeps_values_unconverted():
    node, errors = compose_errors("a: no\nb: 2024-10-15\nc: 01062345678\nd: 0.1\n")
    assert errors == []
    assert [(v.value, v.tag.rsplit(":", 1)[1]) for _, v in node.value] == [
        ("no", "bool"),
        ("2024-10-15", "timestamp"),
        ("01062345678", "str"),
        ("0.1", "float"),
    ]


def test_compose_empty_document():
    assert compose_errors("") == (None, [])
    assert compose_errors("# 只有注释\n") == (None, [])


@pytest.mark.parametrize("offset", [0, 1, 10])
def test_syntax_error_line_includes_the_offset(offset):
    node, errors = compose_errors("name: a\ndistrict: b\n street: c\n", offset)
    assert node is None
    assert errors == [f"t.yml:{3 + offset}: YAML: " + msg("yaml_syntax", problem="这一行的冒号位置不对：值里含有「: 」时请给整个值加引号")]


def test_two_documents_are_a_syntax_error():
    node, errors = compose_errors("a: 1\n---\nb: 2\n")
    assert node is None
    assert errors == ["t.yml:2: YAML: " + msg("yaml_syntax", problem="文件中间不能有单独一行 ---（从第 1 行开始）")]


def test_anchor_and_alias_are_reported_where_written():
    node, errors = compose_errors("a: &x 甲\nb: 乙\nc: *x\n")
    assert node is not None
    assert errors == ["t.yml:1: YAML: " + msg("yaml_anchor"), "t.yml:3: YAML: " + msg("yaml_alias")]


def test_undefined_alias_is_a_syntax_error():
    # The syntax error ends composing; the alias problem recorded before it is not shown.
    node, errors = compose_errors("a: 1\nb: *nowhere\n")
    assert node is None
    assert errors == ["t.yml:2: YAML: " + msg("yaml_syntax", problem="不支持 YAML 别名（*）")]


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        ("a: !!python/object:os.system ls\n", "tag:yaml.org,2002:python/object:os.system"),
        ("a: !!binary aGVsbG8=\n", "tag:yaml.org,2002:binary"),
        ("a: !note 甲\n", "!note"),
        ("a: !!set {x, y}\n", "tag:yaml.org,2002:set"),
    ],
)
def test_unknown_tags_are_reported_never_constructed(text, tag):
    node, errors = compose_errors(text)
    assert node is not None
    assert errors == ["t.yml:1: YAML: " + msg("yaml_tag", tag=tag)]


def test_standard_tags_are_allowed():
    assert compose_errors('a: !!str 2024\nb: !!int "5"\n<<: {c: 1}\n')[1] == []


def test_is_null():
    node, _ = compose_errors("a: ~\nb:\nc: null\nd: '~'\ne: 0\n")
    assert [is_null(v) for _, v in node.value] == [True, True, True, False, False]


@pytest.mark.parametrize("char", ["\x0b", "\x0c", "\x00", "\x1b", "\x7f"], ids=["vt", "ff", "nul", "esc", "del"])
def test_control_character_is_reported(char):
    node, errors = compose_errors(f"name: 板厂南里社区\nstreet: 交道口{char}街道\n")
    assert len(errors) == 1 and errors[0].startswith("t.yml:2: ")


def test_unclosed_quote_points_at_the_opening_line():
    node, errors = compose_errors('name: 甲\nsummary: "胡同社区\ndistrict: 东城区\nstreet: 交道口\n')
    assert node is None and len(errors) == 1
    assert errors[0].startswith("t.yml:2: ") or "第 2 行" in errors[0]


@pytest.mark.parametrize("line", ["district：东城区", "district:东城区"], ids=["fullwidth-colon", "no-space"])
def test_key_without_colon_points_at_its_own_line(line):
    node, errors = compose_errors(f"name: 板厂南里社区\n{line}\nstreet: 交道口街道\n")
    assert node is None and len(errors) == 1
    assert errors[0].startswith("t.yml:2: ")


# -- front matter --------------------------------------------------------------------------


def test_no_front_matter():
    report = Report()
    doc = split_front_matter("# 标题\n\n正文\n", "a.md", report)
    assert (doc.meta, doc.body, doc.body_line, doc.has_front_matter) == (None, "# 标题\n\n正文\n", 1, False)
    assert not report


def test_front_matter_and_body():
    report = Report()
    doc = split_front_matter(PAGE, "a.md", report)
    assert not report and doc.has_front_matter
    assert doc.body == "\n# 正文\n"
    assert doc.body_line == 7
    keys = [k.value for k, _ in doc.meta.value]
    assert keys == ["title", "items"]


def test_front_matter_lines_are_file_lines():
    """Errors in front matter name the line of the whole file, not of the YAML block."""
    report = Report()
    text = "---\ntitle: 标题\nissuer: 甲\n\ntitle: 又一个标题\n---\n正文\n"
    doc = split_front_matter(text, "a.md", report)
    mapping_pairs(doc.meta, Source("a.md", 1, report), "")
    assert errors_of(report) == ["a.md:5: title: " + msg("duplicate_key", first=2)]
    source = Source("a.md", 1, Report())
    assert [source.line(k) for k, _ in doc.meta.value] == [2, 3, 5]


def test_front_matter_syntax_error_line():
    report = Report()
    assert split_front_matter("---\ntitle: 甲\nissuer: 乙\n  x: y\n---\n", "a.md", report) is None
    assert errors_of(report) == ["a.md:4: YAML: " + msg("yaml_syntax", problem="这一行的冒号位置不对：值里含有「: 」时请给整个值加引号")]


def test_front_matter_alias_line():
    report = Report()
    split_front_matter("---\na: &x 甲\nb: *x\n---\n", "a.md", report)
    assert errors_of(report) == ["a.md:2: YAML: " + msg("yaml_anchor"), "a.md:3: YAML: " + msg("yaml_alias")]


@pytest.mark.parametrize(
    "text",
    ["---\ntitle: 甲\n...\n正文\n", "--- \ntitle: 甲\n---\t\n正文\n", "---\ntitle: 甲\n---\n正文\n"],
    ids=["dots", "trailing-space", "plain"],
)
def test_front_matter_fences(text):
    report = Report()
    doc = split_front_matter(text, "a.md", report)
    assert not report and doc.has_front_matter
    assert doc.body == "正文\n" and doc.body_line == 4


def test_front_matter_unclosed():
    report = Report()
    assert split_front_matter("---\ntitle: 甲\n\n正文\n", "a.md", report) is None
    assert errors_of(report) == ["a.md:1: front matter: " + msg("front_matter_unclosed")]


def test_front_matter_empty():
    report = Report()
    doc = split_front_matter("---\n---\n正文\n", "a.md", report)
    assert not report and doc.has_front_matter and doc.meta is None and doc.body == "正文\n"


def test_a_longer_rule_is_not_front_matter():
    doc = split_front_matter("----\ntitle: 甲\n---\n", "a.md", Report())
    assert not doc.has_front_matter


def test_a_rule_later_in_the_body_is_body():
    doc = split_front_matter("---\ntitle: 甲\n---\n正文\n\n---\n\n更多\n", "a.md", Report())
    assert doc.body == "正文\n\n---\n\n更多\n"


def _front_matter_by_lines(text: str) -> tuple[str, str, int] | str | None:
    """The front matter's text, the body and its first line, the page cut into lines
    (as ``split_front_matter`` once did); "unclosed"; None without front matter."""
    import re

    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return None
    for index in range(1, len(lines)):
        if re.fullmatch(r"(---|\.\.\.)[ \t]*", lines[index]):
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2
    return "unclosed"


@pytest.mark.parametrize(
    "text",
    [
        "---\na: 1\n---\n正文\n",
        "---\na: 1\n---",
        "---\na: 1\n---\n",
        "---\n---\n",
        "---\n---",
        "---",
        "---\n",
        "--- \t\na: 1\nb: 2\n... \n\n正文\n---\n",
        "---\r\na: 1\n---\n",
        "---\na: 1\n---\r\nb: 2\n---\n",
        "---\na: 1\n--- x\n----\n ---\n...\t\t\n正文",
        "---\n\n\na: 1\n\n---\n\n",
        "\n---\na: 1\n---\n",
        "---\na: 1\n\x0c---\n",
        "---\na: 1\u2028---\n---\n",
    ],
)
def test_front_matter_is_found_as_line_by_line(text, monkeypatch):
    """``split_front_matter`` searches the whole text for the closing fence: the same
    front matter, body and body line as looking at one line after another."""
    from showcase import yamlsrc

    given = []
    monkeypatch.setattr(yamlsrc, "compose", lambda yaml_text, source: given.append(yaml_text))
    report = Report()
    doc = split_front_matter(text, "a.md", report)
    expected = _front_matter_by_lines(text)
    if expected is None:
        assert not doc.has_front_matter and doc.body == text and not given
    elif expected == "unclosed":
        assert doc is None and errors_of(report) == ["a.md:1: front matter: " + msg("front_matter_unclosed")]
    else:
        assert (given, doc.body, doc.body_line) == ([expected[0]], expected[1], expected[2])


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"], ids=["no-bom", "bom"])
@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_windows_files_keep_their_line_numbers(tmp_path: Path, bom, newline):
    """A BOM or CRLF line ends change no line number of the front matter."""
    text = "---\ntitle: 标题\nissuer: 甲\ntitle: 又一个\n---\n正文\n"
    path = tmp_path / "a.md"
    path.write_bytes(bom + text.replace("\n", newline).encode())
    report = Report()
    doc = split_front_matter(read_text(path, "a.md", report), "a.md", report)
    assert doc.has_front_matter and doc.body == "正文\n"
    mapping_pairs(doc.meta, Source("a.md", 1, report), "")
    assert errors_of(report) == ["a.md:4: title: " + msg("duplicate_key", first=2)]


def _shape(node):
    from yaml.nodes import MappingNode, SequenceNode

    if isinstance(node, MappingNode):
        return ("map", node.start_mark.line, [(_shape(k), _shape(v)) for k, v in node.value])
    if isinstance(node, SequenceNode):
        return ("seq", node.start_mark.line, [_shape(v) for v in node.value])
    return (node.tag, node.value, node.style or None, node.start_mark.line)  # plain: None or ""


def test_fast_and_python_composers_agree_on_every_demo_file():
    """libyaml is used for speed only: the node trees must be the same as PyYAML's."""
    from pathlib import Path

    from showcase.yamlsrc import _FAST, _compose_fast, _Loader

    if _FAST is None:
        pytest.skip("PyYAML built without libyaml: only the Python composer runs")
    root = Path(__file__).resolve().parent.parent / "content"
    files = sorted(root.rglob("*.yml"))
    assert len(files) > 20
    for path in files:
        text = path.read_text(encoding="utf-8")
        loader = _Loader(text)
        try:
            slow = loader.get_single_node()
        finally:
            loader.dispose()
        assert _shape(_compose_fast(text)) == _shape(slow), path


# Plain scalars of every kind PyYAML's resolvers tell apart, and near misses.
SCALARS = [
    "yes", "No", "on", "OFF", "y", "~", "null", "Null", "", "1", "01", "-1", "+1", "1_000", "1,000", "0x1F",
    "0o17", "0b11", "1e3", "1.5", ".5", "-.inf", ".NaN", "1:30", "2024-01-04", "2024-1-4",
    "2024-01-04 10:00:00", "2024-01-04T10:00:00Z", "<<", "=", "甲", "a b", "true false",
]  # fmt: skip


def test_the_quick_resolver_gives_pyyaml_s_tags():
    """libyaml's composer asks the resolver for the tag of every node: ours keeps a
    plain scalar's by its text and follows no path, which holds while SafeLoader has
    no path resolvers. Composed twice: the second time the tags come from what was kept."""
    import yaml

    from showcase.yamlsrc import _FAST, _compose_fast, _Loader

    if _FAST is None:
        pytest.skip("PyYAML built without libyaml: only the Python composer runs")
    assert not yaml.CSafeLoader.yaml_path_resolvers
    lines = []
    for i, value in enumerate(SCALARS):
        quoted = value.replace("'", "''")
        lines += [f"k{i}: {value}", f"q{i}: '{quoted}'", f"l{i}:", f"  - {value}", f"m{i}:", f"  {value or '~'}: x"]
    text = "\n".join(lines) + "\n"
    loader = _Loader(text)
    try:
        slow = _shape(loader.get_single_node())
    finally:
        loader.dispose()
    assert _shape(_compose_fast(text)) == slow
    assert _shape(_compose_fast(text)) == slow


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\n",
        "- - - - - - x\n",
        "- - - - - - - x\n",
        "          x\n",
        "a:\n" + " " * 40 + "b: 1\n",
        "\t\t\t\t\t\t\tx\n",
        "? - ? - ? - x\n",
        ": : : : : : : x\n",
        "-x\n-------- y\n",
        "- - -\n",
        "x\r" + " " * 20 + "y\n",
        "x\u2028- - - - - - - - - y\n",
        "x\x85" + " " * 20 + "y",
        "[[[{\n      - - x\n",
        " " * 30,
    ],
)
@pytest.mark.parametrize("limit", [1, 6, 13, 50, 200])
def test_the_quick_search_for_wide_line_starts_finds_what_the_pattern_does(text, limit):
    """``_shallower_than`` looks first for what any wide line start is part of."""
    from showcase.yamlsrc import _OTHER_BREAKS, _shallower_than, _wide_line_start

    columns = (limit - text.count("[") - text.count("{")) // 2 - 1
    expected = columns >= 0 and not _wide_line_start(columns).search(_OTHER_BREAKS.sub("\n", text))
    assert _shallower_than(text, limit) == expected


def test_search_gets_only_the_marked_element_and_the_language():
    from showcase.search import searchable_part

    page = (
        '<html lang="zh"><head><title>x</title><script>nav()</script></head><body><nav>导航</nav>'
        '<article class="md-content__inner"><div class="sc-page" data-pagefind-body><h1>柳荫西苑社区</h1>'
        "<p>正文</p></div></article><footer>页脚</footer></body></html>"
    )
    part = searchable_part(page)
    # Chinese as pairs of characters, under a language Pagefind does not cut.
    assert part.startswith('<!doctype html><html lang="zxx">')
    assert '<div class="sc-page" data-pagefind-body><h1> 柳荫 荫西 西苑 苑社 社区 </h1><p> 正文 </p></div>' in part
    assert "导航" not in part and "页脚" not in part and "nav()" not in part
    assert searchable_part("<html><body><p>no marker</p></body></html>") is None


def test_search_leaves_out_elements_pagefind_would_ignore_entirely():
    from showcase.search import searchable_part

    page = (
        '<html lang="zh"><body><article><div data-pagefind-body><h1>社区</h1>'
        '<section class="a" data-pagefind-ignore="all"><section><p>分项得分</p></section><p>徽章</p></section>'
        "<p>保留一</p>"
        '<nav data-pagefind-ignore="all">跳转</nav>'
        '<section data-pagefind-ignore><p>仍然发送</p></section>'
        '<p><code>&lt;div data-pagefind-ignore="all"&gt;</code> 说明文字</p>'
        "</div></article></body></html>"
    )
    part = searchable_part(page)
    assert "分项得分" not in part and "徽章" not in part and "跳转" not in part
    assert "<p> 保留 留一 </p>" in part
    assert "<section data-pagefind-ignore><p> 仍然 然发 发送 </p></section>" in part
    # Quoted in text, the mark is text: nothing around it is dropped.
    assert '<code>&lt;div data-pagefind-ignore="all"&gt;</code>  说明 明文 文字 ' in part
    assert part.count("<section") == 1


def test_chinese_is_indexed_as_pairs_of_characters_in_text_only():
    from showcase.search import pairs, searchable_part

    assert pairs("蓝靛扎染") == " 蓝靛 靛扎 扎染 "
    assert pairs("在") == " 在 "
    assert pairs("2026年度，Wi-Fi覆盖") == "2026 年度 ，Wi-Fi 覆盖 "
    assert pairs("𠀀𠀁") == " 𠀀𠀁 "  # beyond the BMP: one pair
    part = searchable_part('<html><body><article><div data-pagefind-body><p title="社区>居委" class="x">南门外</p></div></article></body></html>')
    # Attributes (a quoted ">" included) are left as they are; text is cut.
    assert '<p title="社区>居委" class="x"> 南门 门外 </p>' in part


# -- characters no value may hold, written as escapes -----------------------------------


@pytest.fixture(params=["fast", "python"])
def composer(request, monkeypatch):
    """Run a test with libyaml's composer (where it is built) and with PyYAML's alone:
    both must report the same problems the same way."""
    from showcase import yamlsrc

    if request.param == "python":
        monkeypatch.setattr(yamlsrc, "_FAST", None)
    elif yamlsrc._FAST is None:
        pytest.skip("PyYAML built without libyaml")
    return request.param


ESCAPED_CONTROLS = [
    ("\\0", "U+0000"),
    ("\\a", "U+0007"),
    ("\\x01", "U+0001"),
    ("\\e", "U+001B"),
    ("\\r", "U+000D"),
    ("\\x7f", "U+007F"),
    ("\\N", "U+0085"),
    ("\\x9f", "U+009F"),
    ("\\uFFFF", "U+FFFF"),
]


@pytest.mark.parametrize(("escape", "code"), ESCAPED_CONTROLS)
def test_escaped_control_character_in_a_value(composer, escape, code):
    node, errors = compose_errors(f'name: 板厂南里社区\nnotice:\n  title: "公示{escape}名单"\n')
    assert node is None
    assert errors == [f"t.yml:3: notice.title: {msg('escaped_control_char', code=code)}"]


@pytest.mark.parametrize("escape", ["\\ud800", "\\udfff", "\\ud83d\\ude00"])
def test_escaped_surrogate_in_a_value(composer, escape):
    node, errors = compose_errors(f'honors:\n  - title: 甲\n  - title: "{escape}"\n')
    assert node is None
    assert errors == [f"t.yml:3: honors[1].title: {msg('surrogate_char', code='U+' + escape[2:6].upper())}"]


@pytest.mark.parametrize("key", ['"na\\0me"', '"\\ud800"', '"\\x1b[31m"'])
def test_escaped_control_character_in_a_key(composer, key):
    node, errors = compose_errors(f"district: 东城区\n{key}: 甲\n")
    assert node is None and len(errors) == 1
    assert errors[0].startswith("t.yml:2: ") and "\x00" not in errors[0] and "\x1b" not in errors[0]


def test_escaped_control_character_in_a_nested_key_names_the_field(composer):
    _, errors = compose_errors('states:\n  "1": a\n  "2\\0": b\n')
    assert errors == [f"t.yml:3: states.2\\u0000: {msg('escaped_control_char', code='U+0000')}"]


def test_tab_and_newline_escapes_are_text(composer):
    node, errors = compose_errors('summary: "第一行\\n第二行\\t完"\nrule: |\n  a\n  b\n')
    assert errors == []
    assert [v.value for _, v in node.value] == ["第一行\n第二行\t完", "a\nb\n"]


def test_escaped_control_character_in_front_matter_names_the_file_line():
    report = Report()
    doc = split_front_matter('---\ntitle: 公示\nissuer: "\\0"\n---\n正文\n', "n.md", report)
    assert doc is None
    assert errors_of(report) == [f"n.md:3: issuer: {msg('escaped_control_char', code='U+0000')}"]


def test_a_lone_surrogate_given_as_text_is_reported(composer):
    """read_text never yields one (UTF-8 cannot hold it), but compose may be given one."""
    node, errors = compose_errors("name: 甲\ud800\n")
    assert node is None
    assert errors == [f"t.yml:1: YAML: {msg('surrogate_char', code='U+D800')}"]


@pytest.mark.parametrize("escape", ["\\U00110000", "\\UFFFFFFFF"])
def test_escape_beyond_unicode_is_a_syntax_error(composer, escape):
    node, errors = compose_errors(f'name: 甲\nsummary: "{escape}"\n')
    assert node is None and len(errors) == 1
    assert errors[0].startswith("t.yml:2: YAML: " + msg("yaml_syntax", problem=""))


def test_an_unprintable_tag_is_quoted_escaped(composer):
    node, errors = compose_errors("a: !<%0A%1B> b\n")
    assert errors == ["t.yml:1: YAML: " + msg("yaml_tag", tag="\\n\\u001b")]


# -- nesting ---------------------------------------------------------------------------


def nested(shape: str, depth: int) -> str:
    """A document nesting ``depth`` collections, the innermost at line ``depth`` for the
    block shapes and at line 1 for the flow ones."""
    if shape == "flow-list":
        return "[" * depth + "x" + "]" * depth + "\n"
    if shape == "flow-map":
        return "{a: " * depth + "x" + "}" * depth + "\n"
    if shape == "block-map":
        return "".join(" " * i + "a:\n" for i in range(depth)) + " " * depth + "x\n"
    if shape == "block-map-cr":
        return "".join(" " * i + "a:\r" for i in range(depth)) + " " * depth + "x\r"
    if shape == "block-list":
        return "- " * depth + "x\n"
    raise ValueError(shape)


SHAPES = ["flow-list", "flow-map", "block-map", "block-map-cr", "block-list"]


@pytest.mark.parametrize("shape", SHAPES)
def test_nesting_up_to_the_limit_is_read(composer, shape):
    node, errors = compose_errors(nested(shape, MAX_DEPTH))
    assert errors == [] and node is not None


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 1000])
@pytest.mark.parametrize("shape", SHAPES)
def test_nesting_too_deep_is_reported_at_its_line(composer, shape, depth):
    node, errors = compose_errors(nested(shape, depth))
    line = MAX_DEPTH + 1 if shape.startswith("block-map") else 1
    assert node is None
    assert errors == [f"t.yml:{line}: YAML: {msg('yaml_too_deep', limit=MAX_DEPTH)}"]


def test_nesting_too_deep_with_an_anchor_never_recurses_in_python():
    """An anchor sends the file to PyYAML's composer, which recursed once per level."""
    node, errors = compose_errors("a: &x " + "[" * 3000 + "]" * 3000 + "\n")
    assert node is None
    assert "t.yml:1: YAML: " + msg("yaml_too_deep", limit=MAX_DEPTH) in errors


def test_nesting_too_deep_in_front_matter():
    report = Report()
    text = "---\ntitle: 甲\nitems: " + "[" * 2000 + "]" * 2000 + "\n---\n正文\n"
    assert split_front_matter(text, "a.md", report) is None
    assert errors_of(report) == [f"a.md:3: YAML: {msg('yaml_too_deep', limit=MAX_DEPTH)}"]


def test_libyaml_is_never_given_a_document_deep_enough_to_crash_it():
    """libyaml's C composer recursed 100 000 levels deep and overflowed the stack: a
    segfault that killed the build. Run in a child so that a crash fails only this."""
    import subprocess
    import sys

    code = (
        "from showcase.errors import Report\n"
        "from showcase.yamlsrc import Source, compose\n"
        "r = Report()\n"
        "assert compose('[' * 200000 + ']' * 200000, Source('t.yml', 0, r)) is None\n"
        "print(r.errors[0])\n"
    )
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == f"t.yml:1: YAML: {msg('yaml_too_deep', limit=MAX_DEPTH)}"


def test_aliases_of_aliases_do_not_multiply_the_tree():
    """"Billion laughs": ten aliases of ten aliases … would make the schema read 10^12
    nodes. An alias of a collection is an error and stands for an empty one."""
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 12)]
    node, errors = compose_errors("\n".join(lines) + "\n")
    assert errors.count("t.yml:12: YAML: " + msg("yaml_alias")) == 10
    count, stack = 0, [node]
    while stack and count < 100_000:
        current = stack.pop()
        count += 1
        if isinstance(current.value, list):
            stack.extend(n for item in current.value for n in (item if isinstance(item, tuple) else (item,)))
    assert count < 200


def test_duplicate_anchor_is_explained():
    node, errors = compose_errors("a: &x 1\nb: &x 2\n")
    assert node is None and len(errors) == 1 and "second occurrence" not in errors[0]
