"""The sanitizer on its own: reserved ids, same-site images, nothing that loads from
another host, no script URLs. Outputs are parsed (tests/htmlcheck.py), not searched."""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import material
import pytest
import yaml
from conftest import ROOT
from htmlcheck import ParsedPage, parse

from showcase.sanitize import ATTRIBUTES, GENERIC_ATTRIBUTES, is_reserved_id, is_same_site_url, sanitize_html

MATERIAL = Path(material.__file__).resolve().parent / "templates"
OVERRIDES = ROOT / "theme_overrides"


def render(text: str) -> str:
    """Markdown → HTML with the extensions and options of mkdocs.yml (what MkDocs runs
    before the on_page_content hook sanitizes)."""
    # mkdocs.yml is ours and builds the toc slugify with !!python/object/apply.
    config = yaml.unsafe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    names, options = [], {}
    for entry in config["markdown_extensions"]:
        if isinstance(entry, dict):
            ((name, value),) = entry.items()
            names.append(name)
            options[name] = value or {}
        else:
            names.append(entry)
    return markdown.markdown(text, extensions=names, extension_configs=options)


def clean(html: str) -> ParsedPage:
    return parse(sanitize_html(html))


def ids(page: ParsedPage) -> list[str]:
    return [e.attrs["id"] for e in page.elements if "id" in e.attrs]


# -- 1. ids that collide with the theme's ---------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "__config",  # Material's configuration JSON: base URL, search worker…
        "__drawer",
        "__search",
        "__toc",
        "__settings",
        "__consent",
        "__analytics",
        "__palette_0",
        "__nav_1",
        "__nav_1_2_label",
        "__code_0",
        "__codelineno-0-1",
        "__tooltip2_0",
        "__mermaid_0",
        "__announce",
        "__scSearch",  # window.__scSearch in theme_overrides/assets/search.js
        "__showcaseInit",  # window.__showcaseInit in theme_overrides/assets/showcase.js
        "__anything",
        "__Config",
        " __config",
        "__config ",
        "mermaid",  # typeof mermaid in Material's bundle
        "sc-q",
        "sc-results",
        "sc-hsearch-q",
        "sc-score",
        "sc-new-thing",
        "d-1",
        "d-1-2",
        "item-1",
        "ind-1.1",
        "content-3",
        "archive-2026",
        "",
    ],
)
def test_reserved_id_is_dropped(value):
    page = clean(f'<p id="{value}">段落</p><span id="{value}">x</span><a name="{value}" href="#a">a</a>')
    assert ids(page) == []
    assert [e.attrs for e in page.find_all("a")] == [{"href": "#a", "rel": "noopener noreferrer"}]
    assert page.text == "段落xa"  # the element and its text stay; only the id goes
    assert is_reserved_id(value)


@pytest.mark.parametrize(
    "value",
    [
        "社区概况",
        "社区概况_1",
        "社区概况_2",
        "fn:1",
        "fnref:1",
        "fnref2:1",
        "fn:__config",
        "top",
        "a__b",
        "_x",
        "section-1",
    ],
)
def test_content_id_is_kept(value):
    page = clean(f'<h2 id="{value}">标题</h2><a name="{value}">a</a>')
    assert ids(page) == [value]
    assert page.find_all("a")[0].attrs.get("name") == value
    assert not is_reserved_id(value)


@pytest.mark.parametrize(
    ("text", "dropped"),
    [
        pytest.param("## 标题 {#__config}\n", "__config", id="attr_list-heading"),
        pytest.param("段落\n{#__config}\n", "__config", id="attr_list-paragraph"),
        pytest.param("## __config\n", "__config", id="heading-slug"),
        pytest.param("## 链接 {#sc-results}\n", "sc-results", id="attr_list-ours"),
        pytest.param('<span id="__config">{"base": "https://evil.example"}</span>\n', "__config", id="raw-html"),
    ],
)
def test_markdown_cannot_reach_theme_ids(text, dropped):
    html = render(text)
    assert dropped in ids(parse(html))  # Python-Markdown does produce it…
    assert dropped not in ids(clean(html))  # …and the sanitizer drops it


def test_markdown_ids_for_content_are_kept():
    text = "## 社区概况\n\n正文[^1]，再引[^1]。\n\n## 社区概况\n\n### 志愿服务 {#zhiyuan}\n\n[^1]: 注释。\n"
    html = render(text)
    expected = ["社区概况", "fnref:1", "fnref2:1", "社区概况_1", "zhiyuan", "fn:1"]
    assert ids(parse(html)) == expected
    page = clean(html)
    assert ids(page) == expected
    assert [e.attrs["href"] for e in page.with_class("headerlink")] == ["#社区概况", "#社区概况_1", "#zhiyuan"]
    assert [e.attrs["href"] for e in page.with_class("footnote-backref")] == ["#fnref:1", "#fnref2:1"]


# Scanning the theme: every id it writes or looks up must be refused. A Jinja expression
# inside an id is replaced by a sample value; an id that *starts* with one is known here
# only when we know what it yields (Material's nav.html: {% set path = "__nav_" ~ … %}).
LEADING_EXPRESSIONS = {
    "path": "__nav_1",
    # showcase.views.anchor_id("d", district[, street]): the directory's headings
    "d.anchor": "d-临川区",
    "s.anchor": "d-临川区-鼓楼街道",
}
_JINJA = re.compile(r"\{\{\s*(.*?)\s*\}\}")
_ID_ATTRIBUTE = re.compile(r'(?<![\w-])(?:id|for|aria-labelledby|aria-controls|aria-describedby)="([^"]+)"')
_JS_SELECTOR = re.compile(r"[\"'`]#([A-Za-z_][\w:.-]*)")  # querySelector("#sc-q"), j("#__config")
_JS_TEMPLATE_ID = re.compile(r"`(__[\w-]*)\$\{")  # `__tooltip_${n}`, a.id=`__code_${p}`
_JS_ASSIGNED_ID = re.compile(r"""\.id\s*=\s*["']([^"']+)["']""")  # h.id = "archive-" + year
# A global tested for existence is clobbered by an element with that id: if (window.__scSearch)
_JS_GLOBAL_TEST = re.compile(r"if\s*\(\s*!?\s*window\.([A-Za-z_$][\w$]*)")


def _instantiate(value: str, where: Path) -> str:
    leading = re.match(r"\{\{\s*([\w.]+)\s*\}\}", value)
    if leading:
        name = leading.group(1)
        assert name in LEADING_EXPRESSIONS, f"{where}: id {value!r}: what does {name} yield? Add it here."
        value = LEADING_EXPRESSIONS[name] + value[leading.end() :]
    return _JINJA.sub("1", value)


def theme_ids() -> list[tuple[str, str]]:
    """(id, where) for every id found in Material's and our templates and scripts."""
    found: dict[str, str] = {}
    for root in (MATERIAL, OVERRIDES):
        for path in sorted(root.rglob("*.html")):
            for raw in _ID_ATTRIBUTE.findall(path.read_text(encoding="utf-8")):
                for value in _instantiate(raw, path).split():  # aria-labelledby may list several
                    found.setdefault(value, str(path.relative_to(root.parent)))
        scripts = sorted(root.rglob("*.js"))
        for path in scripts:
            if "lunr" in path.parts or "workers" in path.parts:
                continue  # the search index and its worker never look at the page's ids
            text = path.read_text(encoding="utf-8")
            for pattern in (_JS_SELECTOR, _JS_TEMPLATE_ID, _JS_ASSIGNED_ID, _JS_GLOBAL_TEST):
                for value in pattern.findall(text):
                    if pattern is _JS_SELECTOR and re.fullmatch(r"[0-9a-fA-F]{3,8}", value):
                        continue  # a colour ("#fff"), not an id
                    # A prefix the script completes ("archive-" + year): complete it.
                    value += "1" if value.endswith(("-", "_")) else ""
                    found.setdefault(value, str(path.relative_to(root.parent)))
    return sorted(found.items())


THEME_IDS = theme_ids()


def test_theme_scan_finds_the_known_ids():
    """Guards the scan itself: if a path or pattern breaks, the test below would pass on nothing."""
    found = {value for value, _ in THEME_IDS}
    assert {
        "__config",
        "__drawer",
        "__search",
        "__toc",
        "__palette_1",
        "__nav_1",
        "__nav_1_label",
        "__consent",
    } <= found
    assert {"__code_1", "__tooltip_1", "__codelineno-1"} <= found
    assert {"sc-q", "sc-results", "sc-hsearch-q", "d-临川区", "d-临川区-鼓楼街道", "item-1", "archive-1"} <= found
    assert {"__scSearch", "__showcaseInit"} <= found


@pytest.mark.parametrize(("value", "where"), THEME_IDS, ids=[value for value, _ in THEME_IDS])
def test_every_theme_id_is_refused(value, where):
    page = clean(f'<h2 id="{value}">标题</h2><a name="{value}">a</a>')
    assert ids(page) == [], where
    assert "name" not in page.find_all("a")[0].attrs, where


# -- DOM clobbering through name ------------------------------------------------------
# Named access (document.forms, document.x, window.x) covers form, img, iframe, embed and
# object by name, and every element by id. Only <a> keeps a name, and <a> is not named.


@pytest.mark.parametrize(
    "html",
    [
        '<form name="search"><input name="query"></form>',
        '<img src="a.png" name="forms">',
        '<iframe name="__config"></iframe>',
        '<embed name="forms">',
        '<object name="forms"></object>',
        '<input name="cookie">',
        '<button name="forms">b</button>',
        '<select name="x"><option>1</option></select>',
        '<textarea name="x">t</textarea>',
    ],
)
def test_nothing_carries_a_clobbering_name(html):
    page = clean(html)
    assert not [e for e in page.elements if "name" in e.attrs]
    assert not [e for e in page.elements if e.tag in {"form", "iframe", "embed", "object", "input", "button", "select"}]


# -- 2. images only from this site ----------------------------------------------------


@pytest.mark.parametrize(
    ("html", "text"),
    [
        pytest.param('<img src="https://evil.example/p.gif" alt="外景">', "外景", id="https"),
        pytest.param('<img src="http://evil.example/p.gif" alt="外景">', "外景", id="http"),
        pytest.param('<img src="HTTP://EVIL.EXAMPLE/p.gif" alt="大写">', "大写", id="upper-case"),
        pytest.param('<img src="//cdn.example/x.png" alt="协议相对">', "协议相对", id="scheme-relative"),
        pytest.param('<img src="\\\\cdn.example/x.png" alt="反斜杠">', "反斜杠", id="backslashes"),
        pytest.param('<img src="\\/\\/cdn.example/x.png" alt="混合">', "混合", id="backslash-slash"),
        pytest.param('<img src="/\\cdn.example/x.png" alt="混合2">', "混合2", id="slash-backslash"),
        pytest.param('<img src=" https://evil.example/p.gif" alt="空格">', "空格", id="leading-space"),
        pytest.param('<img src="&#10;https://evil.example/p.gif" alt="换行">', "换行", id="leading-newline"),
        pytest.param('<img src="https:\t//evil.example/p.gif" alt="制表">', "制表", id="tab-inside"),
        pytest.param('<img src="https:&#9;//evil.example/p.gif" alt="制表2">', "制表2", id="tab-reference"),
        pytest.param('<img src="/&#9;/evil.example/p.gif" alt="制表3">', "制表3", id="tab-between-slashes"),
        pytest.param('<img src="&#1;//evil.example/p.gif" alt="控制">', "控制", id="control-char"),
        pytest.param('<img src="ftp://evil.example/p.gif" alt="ftp">', "ftp", id="ftp"),
        pytest.param('<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="数据">', "数据", id="data"),
        pytest.param('<img src="javascript:alert(1)" alt="脚本">', "脚本", id="javascript"),
        pytest.param('<img src="" alt="空">', "空", id="empty"),
        pytest.param('<img src="https://evil.example/p.gif">', "", id="no-alt"),
        pytest.param(
            '<img src="https://evil.example/p.gif" alt="a &lt;b&gt; &amp; &quot;c&quot;">',
            'a <b> & "c"',
            id="alt-is-text",
        ),
        pytest.param(
            '<img src="https://evil.example/p.gif" alt="<script>alert(1)</script>">',
            "<script>alert(1)</script>",
            id="alt-markup",
        ),
    ],
)
def test_image_from_elsewhere_becomes_its_alt_text(html, text):
    page = clean(f"<p>前{html}后</p>")
    assert page.find_all("img") == []
    assert [e.tag for e in page.elements] == ["p"]
    assert page.text == f"前{text}后"


def test_markdown_image_from_elsewhere_becomes_its_alt_text():
    page = clean(
        render(
            '![外景照片](https://evil.example/p.gif "标题") 和 [![图标](//cdn.example/i.png)](https://other.example/)\n'
        )
    )
    assert page.find_all("img") == []
    assert page.text.strip() == "外景照片 和 图标"
    assert [e.attrs["href"] for e in page.find_all("a")] == ["https://other.example/"]


@pytest.mark.parametrize(
    "src",
    [
        "photos/a.jpg",
        "./photos/a.jpg",
        "../photos/a.jpg",
        "/assets/a.png",
        "图片/外景.jpg",
        "a.png?v=2",
        "a.png#x",
        "a/b:c.png",
    ],
)
def test_image_from_this_site_is_kept(src):
    page = clean(f'<img src="{src}" alt="外景" width="10" height="20">')
    (img,) = page.find_all("img")
    assert img.attrs == {
        "loading": "lazy",
        "decoding": "async",
        "src": src,
        "alt": "外景",
        "width": "10",
        "height": "20",
    }
    assert is_same_site_url(src)


def test_links_to_other_hosts_stay():
    page = clean(
        '<a href="https://other.example/page">外链</a> <a href="http://other.example/">外链2</a> <a href="mailto:a@b.cn">信</a>'
    )
    assert [e.attrs["href"] for e in page.find_all("a")] == [
        "https://other.example/page",
        "http://other.example/",
        "mailto:a@b.cn",
    ]
    assert all(e.attrs["rel"] == "noopener noreferrer" for e in page.find_all("a"))


ALLOWED = (
    {name for names in ATTRIBUTES.values() for name in names} | GENERIC_ATTRIBUTES | {"rel", "loading", "decoding", "tabindex"}
)


def remote_loads(page: ParsedPage) -> list[str]:
    """Whatever in a sanitized fragment could make the browser ask another host."""
    found = []
    for e in page.elements:
        if e.tag in {
            "link",
            "meta",
            "base",
            "script",
            "style",
            "iframe",
            "object",
            "embed",
            "video",
            "audio",
            "source",
            "picture",
            "svg",
            "image",
            "input",
            "body",
            "frame",
            "frameset",
        }:
            found.append(f"<{e.tag}>")
        for name, value in e.attrs.items():
            if name not in ALLOWED:
                found.append(f"<{e.tag} {name}>")
            if name == "src" and not is_same_site_url(value):
                found.append(f"<{e.tag} src={value}>")
            if name == "title" and "<" in value:
                found.append(f"<{e.tag} title={value}> (Material's tooltips show titles as HTML)")
            if name == "class" and "mermaid" in value.split():
                found.append(f"<{e.tag} class=mermaid> (Material loads mermaid.js from unpkg.com)")
            if "url(" in value.replace(" ", "").lower():
                found.append(f"<{e.tag} {name}={value}>")
    return found


@pytest.mark.parametrize(
    "html",
    [
        '<img src="a.png" srcset="https://evil.example/x.png 2x">',
        '<picture><source srcset="https://evil.example/x.webp"><img src="a.png"></picture>',
        '<img src="a.png" lowsrc="https://evil.example/x.png" dynsrc="https://evil.example/x.avi" longdesc="https://evil.example/d">',
        '<video poster="https://evil.example/p.png" src="https://evil.example/v.mp4"></video>',
        '<audio src="https://evil.example/a.mp3" autoplay></audio>',
        '<table background="https://evil.example/b.png"><tr><td background="https://evil.example/c.png">x</td></tr></table>',
        '<div style="background:url(https://evil.example/b.png)">x</div>',
        '<p style="background-image: url(//evil.example/b.png)">x</p>',
        "<style>@import url(https://evil.example/s.css);</style>",
        '<link rel="stylesheet" href="https://evil.example/s.css">',
        '<link rel="preconnect" href="https://evil.example">',
        '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
        '<base href="https://evil.example/">',
        '<script src="https://evil.example/x.js"></script>',
        '<svg><image href="https://evil.example/x.png"/></svg>',
        '<svg><use xlink:href="https://evil.example/s.svg#a"/></svg>',
        '<object data="https://evil.example/x.swf"></object>',
        '<embed src="https://evil.example/x.swf">',
        '<iframe src="https://evil.example/"></iframe>',
        '<input type="image" src="https://evil.example/x.png">',
        '<a href="https://other.example/" ping="https://evil.example/track">x</a>',
        '<blockquote cite="https://evil.example/q">q</blockquote>',
        '<body background="https://evil.example/b.png">x</body>',
        '<abbr title="<img src=https://evil.example/t.gif>">缩写</abbr>',
        '<a href="#" title="<img src=x onerror=alert(1)>">提示</a>',
        '<pre class="mermaid">graph TD; A-->B</pre>',
        '<pre class="highlight MERMAID mermaid"><code>x</code></pre>',
    ],
)
def test_nothing_in_the_allowlist_loads_from_elsewhere(html):
    assert remote_loads(clean(html)) == []


@pytest.mark.parametrize(
    ("html", "title"),
    [
        ('<abbr title="<img src=https://evil.example/t.gif>">A</abbr>', "＜img src=https://evil.example/t.gif>"),
        ('<abbr title="分数<60">A</abbr>', "分数＜60"),
        ('<abbr title="&lt;b&gt;粗&lt;/b&gt;">A</abbr>', "＜b>粗＜/b>"),
        ('<abbr title="文明 &amp; 和谐">A</abbr>', "文明 & 和谐"),
    ],
)
def test_title_keeps_its_text_without_markup(html, title):
    (abbr,) = clean(html).find_all("abbr")
    assert abbr.attrs["title"] == title


def test_other_classes_stay():
    (pre,) = clean('<pre class="highlight mermaid annotate"><code>x</code></pre>').find_all("pre")
    assert pre.attrs["class"] == "highlight annotate"


SCRIPT_URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "\tjavascript:alert(1)",
    "java\tscript:alert(1)",
    "java&#9;script:alert(1)",
    "java&#10;script:alert(1)",
    "&#106;avascript:alert(1)",
    "&#x6A;avascript:alert(1)",
    "javascript&colon;alert(1)",
    "&#1;javascript:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html,<script>alert(1)</script>",
    "DATA:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    " data:image/svg+xml,<svg onload=alert(1)>",
    "da&#9;ta:text/html,x",
]


def _normalized(url: str) -> str:
    return re.sub(r"[\t\n\r]", "", url.strip("".join(chr(c) for c in range(0x21)))).lower()


def script_urls(page: ParsedPage) -> list[str]:
    return [
        f"<{e.tag} {name}={e.attrs[name]}>"
        for e in page.elements
        for name in ("href", "src")
        if name in e.attrs and _normalized(e.attrs[name]).startswith(("javascript:", "vbscript:", "data:"))
    ]


@pytest.mark.parametrize("url", SCRIPT_URLS)
@pytest.mark.parametrize(
    "template", ['<a href="{}">链接</a>', '<img src="{}" alt="图">', '<a href="x"><img src="{}" alt="图"></a>']
)
def test_script_and_data_urls_never_survive(url, template):
    page = clean(template.format(url))
    assert script_urls(page) == []
    assert page.find_all("img") == []
    assert "图" in page.text or "链接" in page.text  # the words stay


@pytest.mark.parametrize("url", SCRIPT_URLS)
def test_markdown_script_and_data_urls_never_survive(url):
    page = clean(render(f"[链接]({url}) ![图]({url})\n"))
    assert script_urls(page) == []
    assert page.find_all("img") == []


def test_tables_and_code_blocks_can_be_reached_by_keyboard():
    """They scroll sideways on a phone: a keyboard user must be able to focus them."""
    page = clean('<table><tr><td>a</td></tr></table><pre><code class="language-yaml">k: v</code></pre><p><code>inline</code></p>')
    assert [(e.tag, e.attrs.get("tabindex")) for e in page.elements if e.tag in ("table", "code")] == [
        ("table", "0"),
        ("code", "0"),
        ("code", None),
    ]
