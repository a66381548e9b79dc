"""The noticeboard sheet (公示栏): the QR code made at build time (showcase/sheet.py) and
the print view of community and notice pages (templates showcase/sheet.html,
showcase/notice-sheet.html; assets/print.css).

Unit tests read the QR symbols back with a decoder (zxing-cpp) and check what
showcase.sheet derives from segno against segno itself. Browser tests print every demo
community and notice page in Chromium: one A4 page, nothing of the sheet outside the
printable area, and the printed QR code decodes to the page's address.
"""

# ruff: noqa: F811  (fixtures are imported, then requested by name as arguments)
from __future__ import annotations

import datetime as dt
import io
import re

import pytest
import segno
import yaml
import zxingcpp
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from PIL import Image
from segno import encoder

from showcase import sheet
from tests.browser import DEMO_DATE, assert_local_only, browser, context, page, served_demo  # noqa: F401

SITE_URL = yaml.unsafe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]
COMMUNITY_PAGES = sorted(
    f"communities/{p.name}/" for p in (ROOT / "content" / "communities").iterdir() if (p / "index.md").is_file()
)
NOTICE_PAGES = sorted(f"notices/{p.stem}/" for p in (ROOT / "content" / "notices").glob("*.md"))

URLS = [
    SITE_URL + "communities/liuyin-xiyuan/",
    SITE_URL + "notices/2026-qu-wenming-shequ-mingming/",
    "https://a.example/",  # version 2
    "https://wenming.linchuan.example.org/communities/%E4%B8%AD%E6%96%87/?a=1&b=<2>",  # escaped in the label
    SITE_URL + "communities/" + "x" * 120 + "/",  # version 7: version information
    SITE_URL + "communities/" + "long-name-" * 40 + "/",  # version 14
]

# A4 at 96 px/in, less the sheet's page margins (15 mm, assets/print.css).
MM = 96 / 25.4
PRINTABLE = (180 * MM, 267 * MM)


def bit_rows(matrix) -> list[int]:
    return [int("".join("1" if m else "0" for m in row), 2) for row in matrix]


def decode(image: Image.Image) -> list[str]:
    return [code.text for code in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]


def raster(rows: list[str], scale: int = 6) -> Image.Image:
    """The symbol as a black-on-white image, with its quiet zone."""
    side = len(rows) + 2 * sheet.QR_BORDER
    image = Image.new("L", (side, side), 255)
    for y, line in enumerate(rows):
        for x, module in enumerate(line):
            if module == "1":
                image.putpixel((x + sheet.QR_BORDER, y + sheet.QR_BORDER), 0)
    return image.resize((side * scale, side * scale), Image.NEAREST)


def drawn_modules(svg: str) -> list[str]:
    """The dark modules the SVG's path draws, as rows of 0 and 1, quiet zone removed."""
    root = etree.fromstring(svg.encode("utf-8"))
    side = int(root.get("viewBox").split()[2])
    grid = [["0"] * side for _ in range(side)]
    (path,) = [p for p in root if p.get("stroke") == "#000"]
    x = y = 0.0
    for command, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?", path.get("d")):
        if command == "M":
            x, y = float(a), float(b)
        elif command == "m":
            x, y = x + float(a), y + float(b)
        else:
            for column in range(int(x), int(x) + int(a)):
                grid[int(y)][column] = "1"
            x += int(a)
    border = sheet.QR_BORDER
    assert all(set(row) == {"0"} for row in grid[:border] + grid[side - border :]), "dark module in the quiet zone"
    return ["".join(row[border : side - border]) for row in grid[border : side - border]]


# -- the QR code ----------------------------------------------------------------------


@pytest.mark.parametrize("url", URLS)
def test_the_qr_code_decodes_to_the_url(url):
    svg = sheet.qr_svg(url)
    rows = drawn_modules(svg)
    assert rows == sheet.qr_rows(url)
    assert decode(raster(rows)) == [url]


@pytest.mark.parametrize("url", URLS)
def test_the_svg_is_inline_labelled_and_carries_no_ids(url):
    svg = sheet.qr_svg(url)
    assert svg.startswith("<svg ") and "<?xml" not in svg and "\n" not in svg
    root = etree.fromstring(svg.encode("utf-8"))
    assert root.get("role") == "img"
    assert root.get("aria-label") == f"本页二维码：{url}"
    # Printed at least 3 cm wide, the quiet zone included in the drawing.
    assert root.get("width") == root.get("height") == f"{sheet.QR_SIZE_MM}mm" and sheet.QR_SIZE_MM >= 30
    for element in root.iter():
        assert "id" not in element.attrib and "class" not in element.attrib, etree.tostring(element)[:80]
    assert sheet.qr_svg(url) == svg  # deterministic


@pytest.mark.parametrize("url", URLS)
def test_error_correction_is_m_and_the_mask_has_the_lowest_penalty(url):
    code = segno.make(url, error="M", boost_error=False, micro=False, mask=0)
    size = len(code.matrix)
    rows = [int(line, 2) for line in sheet.qr_rows(url)]
    chosen = sheet.penalty(rows, sheet.transpose(rows, size), size)
    penalties = []
    for mask in range(8):
        candidate = bit_rows(segno.make(url, error="M", boost_error=False, micro=False, mask=mask).matrix)
        penalties.append(sheet.penalty(candidate, sheet.transpose(candidate, size), size))
    assert chosen == min(penalties)
    # The symbol chosen is one of segno's own, error level M.
    assert rows in [
        bit_rows(segno.make(url, error="M", boost_error=False, micro=False, mask=m).matrix) for m in range(8)
    ]


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize("mask", range(8))
def test_each_derived_symbol_is_the_one_segno_makes_with_that_mask(url, mask):
    base = segno.make(url, error=sheet.QR_ERROR, boost_error=False, micro=False, mask=sheet._BASE_MASK)
    size = len(base.matrix)
    rows = bit_rows(base.matrix)
    derived, columns = sheet.masked(rows, sheet.transpose(rows, size), size, base.error, mask)
    reference = segno.make(url, error=sheet.QR_ERROR, boost_error=False, micro=False, mask=mask)
    assert derived == bit_rows(reference.matrix)
    assert columns == sheet.transpose(derived, size)
    assert sheet.penalty(derived, columns, size) == sum(encoder.mask_scores(reference.matrix, size, size))


# Square matrices of random modules, as bit rows (every run tries the same ones).
MATRICES = st.integers(min_value=0, max_value=6).flatmap(
    lambda k: st.lists(st.integers(0, 2 ** (21 + 4 * k) - 1), min_size=21 + 4 * k, max_size=21 + 4 * k)
)


@settings(
    max_examples=300, derandomize=True, database=None, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(MATRICES)
def test_penalty_counts_as_segno_on_any_matrix(rows):
    size = len(rows)
    matrix = tuple(bytearray(int(c) for c in format(row, f"0{size}b")) for row in rows)
    assert sheet.penalty(rows, sheet.transpose(rows, size), size) == sum(encoder.mask_scores(matrix, size, size))


@pytest.mark.parametrize(
    "line",
    [
        "1011101" + "0" * 14,  # light after
        "0" * 14 + "1011101",  # light before
        "0000" + "1011101011101" + "0000",  # two patterns 6 apart: segno counts the first it reads
        "0000" + "10111011101" + "000000",  # two patterns 4 apart
        "11011101" + "1" * 13,  # the quiet zone before; dark after
        "1" * 10 + "1011101" + "1111",  # dark on both sides: not counted
    ],
)
def test_finder_like_patterns_are_counted_as_segno_counts_them(line):
    # A square symbol: the line as its first row, light elsewhere.
    size = len(line)
    matrix = tuple(bytearray(int(c) for c in (line if i == 0 else "0" * size)) for i in range(size))
    rows = bit_rows(matrix)
    assert sheet.penalty(rows, sheet.transpose(rows, size), size) == sum(encoder.mask_scores(matrix, size, size))


# -- the demo's pages ------------------------------------------------------------------


def sheet_ids(html: str) -> list[str]:
    tree = etree.HTML(html)
    return [el.get("id") for s in tree.xpath('//*[contains(@class, "sc-sheet")]') for el in s.iter() if el.get("id")]


def test_demo_pages_carry_a_sheet_with_the_qr_code_of_their_address(demo_site):
    for rel in COMMUNITY_PAGES + NOTICE_PAGES:
        html = demo_site.html(rel + "index.html")
        tree = etree.HTML(html)
        (section,) = tree.xpath('//section[contains(concat(" ", @class, " "), " sc-sheet ")]')
        assert section.get("hidden") is not None and section.get("data-pagefind-ignore") == "all", rel
        (svg,) = section.xpath('.//*[local-name()="svg"]')
        assert svg.get("aria-label") == f"本页二维码：{SITE_URL}{rel}", rel
        assert not sheet_ids(html), rel
        assert SITE_URL + rel in "".join(section.itertext()), rel
        assert tree.xpath('//button[contains(@class, "sc-print__button")][@hidden]'), rel


def test_without_site_url_the_sheet_has_no_qr_code_and_prints_the_address_read(build):
    """No site_url, no address to encode: the sheet prints the address the page was read
    at (assets/showcase.js fills it in) and no QR code."""
    result = build(
        ROOT / "content",
        edit_config=lambda text: re.sub(r"(?m)^site_url: .*$", "", text),
        env={"SHOWCASE_SEARCH": "off"},
    )
    assert result.returncode == 0, result.output
    for rel in ("communities/liuyin-xiyuan/", "notices/2026-gulou-nanli-zhenggai/"):
        tree = etree.HTML(result.html(rel + "index.html"))
        (section,) = tree.xpath('//section[contains(concat(" ", @class, " "), " sc-sheet ")]')
        assert not section.xpath('.//*[local-name()="svg"]'), rel
        (address,) = section.xpath(".//*[@data-sc-url]")
        assert address.text == "/" + rel, rel


# -- in the browser: printed -------------------------------------------------------------


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", pdf))


def open_printed(browser, url: str, elder: bool = False):
    """A new page at ``url`` under print emulation, on the demo's build date: an A4-wide
    viewport (210 mm at 96 dpi), twice the pixels for the decoder. Close its context."""
    ctx = browser.new_context(locale="zh-CN", viewport={"width": 794, "height": 1123}, device_scale_factor=2)
    pg = ctx.new_page()
    pg.sc_errors = []
    pg.on("pageerror", lambda exc: pg.sc_errors.append(str(exc)))
    pg.clock.set_fixed_time(dt.datetime.fromisoformat(f"{DEMO_DATE}T12:00:00+08:00"))
    pg.goto(url + ("?elder=1" if elder else ""))
    if elder:
        assert pg.evaluate("document.documentElement.dataset.scElder") == "on"
    pg.emulate_media(media="print")
    return pg


def sheet_outliers(pg) -> list[str]:
    """Elements of the sheet outside its box, or whose content overflows a clipping box."""
    return pg.evaluate(
        """() => {
          const sheet = document.querySelector('.sc-sheet'), s = sheet.getBoundingClientRect(), bad = [];
          for (const el of sheet.querySelectorAll('*')) {
            const r = el.getBoundingClientRect();
            if (r.width === 0 && r.height === 0) continue;
            const outside = r.left < s.left - 0.5 || r.right > s.right + 0.5 || r.top < s.top - 0.5 || r.bottom > s.bottom + 0.5;
            const clipped = el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible';
            if (outside || clipped) bad.push(el.tagName + ' ' + (el.getAttribute('class') || ''));
          }
          return bad;
        }"""
    )


@pytest.mark.browser
@pytest.mark.parametrize("rel", COMMUNITY_PAGES + NOTICE_PAGES)
def test_the_page_prints_as_its_sheet_on_one_a4_page(browser, served_demo, rel):
    pg = open_printed(browser, served_demo + rel)
    try:
        assert pdf_pages(pg.pdf(format="A4")) == 1, rel
        # Only the sheet is printed, within the printable area, nothing of it cut off.
        assert pg.locator(".md-header").is_hidden() and pg.locator("h1").is_hidden(), rel
        box = pg.locator(".sc-sheet").bounding_box()
        assert box["width"] <= PRINTABLE[0] + 0.5 and box["height"] <= PRINTABLE[1], (rel, box)
        assert pg.evaluate("document.documentElement.scrollWidth") <= 794, rel
        assert sheet_outliers(pg) == [], rel
        # The QR code: at least 3 cm on paper, and it reads as the page's address.
        qr = pg.locator(".sc-sheet__qr svg")
        assert qr.bounding_box()["width"] >= 30 * MM, rel
        assert decode(Image.open(io.BytesIO(qr.screenshot()))) == [SITE_URL + rel], rel
        assert not pg.sc_errors, pg.sc_errors
    finally:
        pg.context.close()


@pytest.mark.browser
@pytest.mark.parametrize("rel", ["communities/liuyin-xiyuan/", "notices/2026-gulou-nanli-zhenggai/"])
def test_elder_mode_prints_the_same_sheet(browser, served_demo, rel):
    """长辈版 enlarges the screen's text; the paper stays as it is."""
    heights = []
    for elder in (False, True):
        pg = open_printed(browser, served_demo + rel, elder=elder)
        try:
            assert pdf_pages(pg.pdf(format="A4")) == 1, (rel, elder)
            assert sheet_outliers(pg) == [], (rel, elder)
            heights.append(pg.locator(".sc-sheet").bounding_box()["height"])
        finally:
            pg.context.close()
    assert abs(heights[0] - heights[1]) <= 4, heights


@pytest.mark.browser
@pytest.mark.parametrize("rel", ["communities/gulou-nanli/", "notices/2026-gulou-nanli-zhenggai/"])
def test_on_screen_the_sheet_is_hidden_and_the_print_button_shown(page, served_demo, rel):
    page.goto(served_demo + rel)
    assert page.locator(".sc-sheet").is_hidden()
    button = page.get_by_role("button", name="打印公示栏页")
    assert button.is_visible()
    assert page.locator(".sc-print__hint").is_hidden()
    page.evaluate("window.print = () => { window.scPrinted = true; }")
    button.click()
    assert page.evaluate("window.scPrinted") is True
    assert_local_only(page.sc_requests)


@pytest.mark.browser
def test_without_javascript_the_page_says_how_to_print(browser, served_demo):
    ctx = browser.new_context(locale="zh-CN", java_script_enabled=False)
    try:
        pg = ctx.new_page()
        pg.goto(served_demo + "communities/liuyin-xiyuan/")
        assert pg.locator(".sc-print__button").is_hidden()
        assert "用浏览器的打印功能即可打印本页的公示栏版" in pg.locator(".sc-print").inner_text()
        assert pg.locator(".sc-sheet").is_hidden()
    finally:
        ctx.close()


def test_the_demo_has_pages_to_print():
    assert len(COMMUNITY_PAGES) >= 10 and len(NOTICE_PAGES) >= 5
