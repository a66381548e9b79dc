"""Badges: message and colour from a score, shields endpoint JSON, SVG geometry and
contrast, PNG pixels drawn from the bundled CJK font, and the render cache."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import struct
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageFont, features

from showcase import badges
from showcase.badges import (
    FONT_PATH,
    LABEL,
    LABEL_COLOR,
    Badge,
    BadgeCache,
    badge_for,
    badge_json,
    contrast_ratio,
    layout,
    render_png,
    render_svg,
    text_color,
)
from showcase.model import Band, Evaluation, Framework, FrameworkContent, Indicator, Item, Special, Veto
from showcase.scoring import VETO_COLOR, compute_score

D = Decimal
SVG = "{http://www.w3.org/2000/svg}"

BADGES = [
    Badge(LABEL, "87.5 良好", "1565c0"),
    Badge(LABEL, "100.0 优秀", "2e7d32"),
    Badge(LABEL, "一票否决", VETO_COLOR),
    Badge(LABEL, "未测评", "9e9e9e"),
    Badge(LABEL, "83.0 约谈整改", "b71c1c"),
    # A light band colour an editor might pick: the text must turn dark.
    Badge(LABEL, "60.0 合格", "ffeb3b"),
    # Text that needs escaping survives the XML.
    Badge("a<b", "x & \"y\" 'z'", "6d4c41"),
]


# -- badge_for ----------------------------------------------------------------------------


def small_framework() -> Framework:
    # One item, one indicator, two contents: 80 + 10 = 90 basic points.
    return Framework(
        id="mini",
        title="迷你体系",
        issuer="测试",
        effective=dt.date(2025, 1, 1),
        states={"a": D("1.0"), "b": D("0.7"), "c": D("0.5"), "d": D("0.3")},
        basic_total=D(90),
        special_max=D(10),
        bands=[
            Band(min=D(90), label="优秀", color="#2E7D32"),
            Band(min=D(80), label="良好", color="#1565c0"),
            Band(min=D(0), label="不合格", color="#c62828"),
        ],
        vetoes=[Veto(id="satisfaction", label="群众满意度低于60%")],
        items=[
            Item(
                id="1",
                title="项目1",
                indicators=[
                    Indicator(
                        id="1.1",
                        title="指标1.1",
                        contents=[FrameworkContent(id="1", title="内容1", points=D(80)), FrameworkContent(id="2", title="内容2", points=D(10))],
                    )
                ],
            )
        ],
    )


def evaluation_of(**fields) -> Evaluation:
    return Evaluation(framework="mini", date=dt.date(2025, 10, 15), evaluator="测评组", year=2025, **fields)


def test_badge_for_score():
    framework = small_framework()
    # 80 × 1.0 + 10 × 0.5 = 85; + special 2.45 = 87.45 → "87.5" 良好
    evaluation = evaluation_of(states={"1": "a", "2": "c"}, special=[Special(title="特色", points=D("2.45"))])
    assert badge_for(compute_score(framework, evaluation)) == Badge("文明测评", "87.5 良好", "1565c0")
    # All a and the full 10 specials: 100 → 优秀, colour lower-cased, '#' dropped.
    evaluation = evaluation_of(states={"1": "a", "2": "a"}, special=[Special(title="特色", points=D(10))])
    assert badge_for(compute_score(framework, evaluation)) == Badge("文明测评", "100.0 优秀", "2e7d32")


def test_badge_for_vetoed_and_unevaluated():
    framework = small_framework()
    evaluation = evaluation_of(states={"1": "a", "2": "a"}, vetoes=["satisfaction"])
    assert badge_for(compute_score(framework, evaluation)) == Badge("文明测评", "一票否决", VETO_COLOR)
    unevaluated = badge_for(None)
    assert (unevaluated.label, unevaluated.message) == ("文明测评", "未测评")
    assert re.fullmatch(r"[0-9a-f]{6}", unevaluated.color)


def test_badge_colour_is_checked():
    assert Badge(LABEL, "x", "ABCDEF").color == "abcdef"
    for bad in ("#123456", "12345", "zzzzzz", "1234567"):
        with pytest.raises(ValueError):
            Badge(LABEL, "x", bad)


# -- JSON ------------------------------------------------------------------------------------


@pytest.mark.parametrize("badge", BADGES[:5], ids=lambda b: b.message)
def test_badge_json_is_a_shields_endpoint(badge):
    text = badge_json(badge)
    document = json.loads(text)
    assert list(document) == ["schemaVersion", "label", "message", "color"]
    assert document["schemaVersion"] == 1 and type(document["schemaVersion"]) is int
    assert isinstance(document["label"], str) and document["label"] == "文明测评"
    assert isinstance(document["message"], str) and document["message"] == badge.message
    assert re.fullmatch(r"[0-9a-f]{6}", document["color"])
    # Chinese as UTF-8, not \u escapes; one trailing newline; the same text every time.
    assert badge.message in text and "\\u" not in text
    assert text.endswith("}\n")
    assert badge_json(badge) == text


def test_badge_json_exact_text():
    assert badge_json(Badge(LABEL, "87.5 良好", "1565c0")) == (
        '{"schemaVersion": 1, "label": "文明测评", "message": "87.5 良好", "color": "1565c0"}\n'
    )


# -- contrast --------------------------------------------------------------------------------


def test_contrast_ratio_known_values():
    assert contrast_ratio("ffffff", "000000") == pytest.approx(21.0)
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("1565c0", "1565c0") == pytest.approx(1.0)
    # #555 on white is 7.46:1 (WebAIM's checker gives the same).
    assert contrast_ratio("555555", "ffffff") == pytest.approx(7.46, abs=0.01)
    assert contrast_ratio("777777", "ffffff") == pytest.approx(4.48, abs=0.01)


def test_text_colour_passes_for_every_background():
    # A grid over the colour cube, including the mid-greys where neither white nor
    # near-black is comfortable.
    steps = range(0, 256, 15)
    for r in steps:
        for g in steps:
            for b in steps:
                background = f"{r:02x}{g:02x}{b:02x}"
                assert contrast_ratio(text_color(background), background) >= 4.5, background
    assert text_color("1565c0") == "ffffff"
    assert text_color("ffeb3b") != "ffffff"


# -- SVG ---------------------------------------------------------------------------------------


def measured(text: str, size: int) -> float:
    """The advance of ``text`` in the bundled font at ``size`` px, measured independently:
    the widest of Pillow's layout engines (raqm kerns and keeps fractions, basic rounds)."""
    engines = [ImageFont.Layout.BASIC] + ([ImageFont.Layout.RAQM] if features.check("raqm") else [])
    return max(ImageFont.truetype(str(FONT_PATH), size, layout_engine=e).getlength(text) for e in engines)


@pytest.mark.parametrize("badge", BADGES, ids=lambda b: b.message)
def test_svg_structure_widths_and_contrast(badge):
    svg = render_svg(badge)
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-label") == f"{badge.label}: {badge.message}"
    assert root.find(f"{SVG}title").text == f"{badge.label}: {badge.message}"
    assert root.get("height") == "20"
    width = int(root.get("width"))

    rects = root.findall(f"{SVG}g/{SVG}rect")
    label_rect, message_rect = rects
    assert label_rect.get("fill") == f"#{LABEL_COLOR}"
    assert message_rect.get("fill") == f"#{badge.color}"
    label_width, message_width = int(label_rect.get("width")), int(message_rect.get("width"))
    assert int(message_rect.get("x")) == label_width
    assert label_width + message_width == width

    group = root.findall(f"{SVG}g")[1]
    assert "WenQuanYi Micro Hei" in group.get("font-family") and "Microsoft YaHei" in group.get("font-family")
    label_text, message_text = group.findall(f"{SVG}text")
    assert label_text.text == badge.label
    assert message_text.text == badge.message

    for text, rect_width, background in (
        (label_text, label_width, LABEL_COLOR),
        (message_text, message_width, badge.color),
    ):
        # Font size 110 scaled by .1 = 11 px; textLength is in the same tenths.
        assert group.get("font-size") == "110" and text.get("transform") == "scale(.1)"
        length = int(text.get("textLength")) / 10
        content = text.text
        # The box holds the measured text at 11 px and at the unhinted 110/10, plus padding.
        assert length >= measured(content, 110) / 10
        assert rect_width >= length + 2 * badges.PADDING
        assert rect_width >= measured(content, 11) + 2 * badges.PADDING
        # Text colour reaches WCAG AA against its own part.
        fill = text.get("fill")
        assert contrast_ratio(fill, background) >= 4.5, (fill, background)
    # Each text is centred in its part.
    assert int(label_text.get("x")) == label_width * 5
    assert int(message_text.get("x")) == label_width * 10 + message_width * 5


def test_svg_is_deterministic_and_escaped():
    badge = Badge("a<b", "x & y", "6d4c41")
    svg = render_svg(badge)
    assert svg == render_svg(Badge("a<b", "x & y", "6d4c41"))
    assert "a&lt;b" in svg and "x &amp; y" in svg
    assert "a<b" not in svg and "x & y" not in svg


def test_svg_chinese_is_wider_than_latin():
    # CJK glyphs are a full em: four of them must not be squeezed into Latin widths.
    assert layout(Badge(LABEL, "约谈整改", "b71c1c")).message_length >= 4 * 110
    assert (
        layout(Badge(LABEL, "约谈整改", "b71c1c")).message_width > layout(Badge(LABEL, "abcd", "b71c1c")).message_width
    )


# -- PNG -----------------------------------------------------------------------------------------


def open_png(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG"
    return image.convert("RGBA")


def png_chunks(data: bytes) -> list[str]:
    chunks, offset = [], 8
    while offset < len(data):
        length, kind = struct.unpack(">I4s", data[offset : offset + 8])
        chunks.append(kind.decode("ascii"))
        offset += 12 + length
    return chunks


@pytest.mark.parametrize("scale", [1, 2, 3, 4])
@pytest.mark.parametrize("badge", BADGES, ids=lambda b: b.message)
def test_png_size_and_pixels(badge, scale):
    data = render_png(badge, scale)
    image = open_png(data)
    box = layout(badge)
    assert image.size == (box.width * scale, 20 * scale)
    # Anti-aliased text over two backgrounds: many distinct pixels, not a blank block.
    assert len(set(image.get_flattened_data())) > 20
    # Rounded corners are transparent; the edges show the two backgrounds.
    assert image.getpixel((0, 0))[3] == 0
    middle = 10 * scale
    assert image.getpixel((0, middle)) == (0x55, 0x55, 0x55, 255)
    r, g, b = (int(badge.color[i : i + 2], 16) for i in (0, 2, 4))
    assert image.getpixel((image.width - 1, middle)) == (r, g, b, 255)
    # The ink of each text stays inside its part with a margin: nothing is clipped.
    parts = ((0, box.label_width, (0x55, 0x55, 0x55)), (box.label_width, box.message_width, (r, g, b)))
    for left, width, background in parts:
        part = image.convert("RGB").crop((left * scale, 0, (left + width) * scale, 20 * scale))
        ink = ImageChops.difference(part, Image.new("RGB", part.size, background)).getbbox()
        assert ink is not None
        assert ink[0] >= 3 * scale and ink[2] <= part.width - 3 * scale, (ink, part.size)
        assert ink[1] >= 1 and ink[3] <= part.height - 1


def test_png_is_byte_identical_and_has_no_metadata():
    badge = Badge(LABEL, "87.5 良好", "1565c0")
    first = render_png(badge)
    badges._font.cache_clear()
    assert render_png(badge) == first
    assert png_chunks(first) == ["IHDR"] + ["IDAT"] * (len(png_chunks(first)) - 2) + ["IEND"]


def test_png_rejects_bad_scale():
    with pytest.raises(ValueError):
        render_png(Badge(LABEL, "x", "1565c0"), 0)


# -- the font really draws Chinese --------------------------------------------------------------


def ink(font: ImageFont.ImageFont, text: str) -> Image.Image:
    image = Image.new("L", (120, 40), 0)
    ImageDraw.Draw(image).text((4, 4), text, font=font, fill=255)
    return image


def no_cjk_font() -> ImageFont.ImageFont:
    dejavu = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    return ImageFont.truetype(str(dejavu), 22) if dejavu.is_file() else ImageFont.load_default(22)


def test_bundled_font_is_committed_and_licensed():
    assert FONT_PATH.is_file()
    assert FONT_PATH.stat().st_size < 6 * 1024 * 1024
    licence = (FONT_PATH.parent / "LICENSE-wqy-microhei.txt").read_text(encoding="utf-8")
    assert "Apache License" in licence and "WenQuanYi" in licence


def test_bundled_font_draws_chinese_not_boxes():
    bundled = ImageFont.truetype(str(FONT_PATH), 22)
    fallback = no_cjk_font()
    # A font without CJK glyphs draws 良 and 好 the same (a .notdef box or nothing):
    # this is what an empty-box rendering looks like to the comparison below.
    assert ink(fallback, "良").tobytes() == ink(fallback, "好").tobytes()
    # The bundled font draws them differently, and unlike its own .notdef (U+10FFFD is
    # a private-use code point no font maps).
    notdef = ink(bundled, "\U0010fffd").tobytes()
    liang, hao = ink(bundled, "良").tobytes(), ink(bundled, "好").tobytes()
    assert liang != hao
    assert notdef not in (liang, hao)
    # And the same text has different ink than with the font lacking CJK.
    assert ink(bundled, "良好").tobytes() != ink(fallback, "良好").tobytes()
    assert ink(bundled, "良好").getbbox() is not None
    # Digits and the point are real glyphs too (Droid Sans Fallback alone draws boxes).
    assert ink(bundled, "8").tobytes() != ink(bundled, "7").tobytes()


def test_png_draws_each_chinese_glyph():
    # Same characters swapped: the same widths, so only the glyph shapes can differ.
    a = open_png(render_png(Badge(LABEL, "90.0 良好", "1565c0")))
    b = open_png(render_png(Badge(LABEL, "90.0 好良", "1565c0")))
    assert a.size == b.size
    assert a.tobytes() != b.tobytes()
    label_part = (0, 0, layout(Badge(LABEL, "x", "1565c0")).label_width * 2, 40)
    assert a.crop(label_part).tobytes() == b.crop(label_part).tobytes()


# -- cache ------------------------------------------------------------------------------------------


def test_cache_renders_once(tmp_path, monkeypatch):
    calls = []
    real = badges.render_png

    def counting(badge, scale=2):
        calls.append((badge, scale))
        return real(badge, scale)

    monkeypatch.setattr(badges, "render_png", counting)
    badge = Badge(LABEL, "87.5 良好", "1565c0")
    cache = BadgeCache(tmp_path / "badges")

    first = cache.png(badge)
    assert len(calls) == 1
    assert first == real(badge, 2)
    stored = list((tmp_path / "badges").iterdir())
    assert [p.name for p in stored] == [f"{cache.key(badge)}.png"]
    assert re.fullmatch(r"[0-9a-f]{64}\.png", stored[0].name)

    # A hit, and a hit for the next build's fresh cache object.
    assert cache.png(badge) == first
    assert BadgeCache(tmp_path / "badges").png(Badge(LABEL, "87.5 良好", "1565c0")) == first
    assert len(calls) == 1

    # Any change of input is a miss.
    cache.png(Badge(LABEL, "87.6 良好", "1565c0"))
    cache.png(Badge(LABEL, "87.5 良好", "2e7d32"))
    cache.png(badge, scale=3)
    assert len(calls) == 4
    assert len(list((tmp_path / "badges").glob("*.png"))) == 4
    assert not list((tmp_path / "badges").glob("*.tmp"))


def test_cache_key_covers_font_and_renderer(tmp_path, monkeypatch):
    cache = BadgeCache(tmp_path)
    badge = Badge(LABEL, "87.5 良好", "1565c0")
    key = cache.key(badge)
    assert key == BadgeCache(tmp_path / "other").key(Badge(LABEL, "87.5 良好", "1565c0"))
    monkeypatch.setattr(badges, "RENDERER_VERSION", "test")
    assert cache.key(badge) != key
    monkeypatch.undo()
    monkeypatch.setattr(badges, "font_sha256", lambda: "0" * 64)
    assert cache.key(badge) != key
