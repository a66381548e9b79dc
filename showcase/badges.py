"""Badges: a community's latest score as shields-like SVG, shields endpoint JSON and PNG.

Widths come from the glyph advances of the bundled CJK font (``fonts/``), so Chinese
text is never clipped and never drawn as empty boxes; nothing is downloaded at build
time. Text colours are chosen per part for WCAG contrast of at least 4.5:1.
"""

from __future__ import annotations

import functools
import hashlib
import html
import io
import json
import math
import os
import re
from dataclasses import dataclass
from pathlib import Path

import PIL
from PIL import Image, ImageDraw, ImageFont

from .scoring import VETO_COLOR, VETO_LABEL, Score

FONT_PATH = Path(__file__).parent / "fonts" / "wqy-microhei.ttc"
# Face 0 of the collection is the proportional "WenQuanYi Micro Hei" (1 is the Mono one).
FONT_INDEX = 0
FONT_SIZE = 11
HEIGHT = 20
# Horizontal padding on each side of a part's text, in px.
PADDING = 6
# Text baseline, in px from the top (as on shields' flat badges).
BASELINE = 14
RADIUS = 3

LABEL = "文明测评"
LABEL_COLOR = "555555"
UNEVALUATED_LABEL = "未测评"
UNEVALUATED_COLOR = "9e9e9e"
LIGHT_TEXT = "ffffff"
DARK_TEXT = "111111"
MIN_CONTRAST = 4.5
# Bump when the drawing changes, so cached PNGs of the old look are not reused.
RENDERER_VERSION = "1"

# The bundled font first (readers who installed it see exactly what was measured), then
# the usual Chinese system fonts; textLength keeps any substitute within the measured box.
FONT_FAMILY = (
    "'WenQuanYi Micro Hei','PingFang SC','Hiragino Sans GB','Microsoft YaHei',"
    "'Noto Sans CJK SC','Source Han Sans SC','Noto Sans SC',Verdana,'DejaVu Sans',sans-serif"
)

_HEX = re.compile(r"^[0-9a-fA-F]{6}$")


@dataclass(frozen=True)
class Badge:
    """What a badge says: label, message, and background colour of the message (hex, no '#')."""

    label: str
    message: str
    color: str

    def __post_init__(self) -> None:
        if not _HEX.match(self.color):
            raise ValueError(f"badge colour must be six hex digits without '#', got {self.color!r}")
        object.__setattr__(self, "color", self.color.lower())


def badge_for(score: Score | None) -> Badge:
    """The badge of a community's latest score: "87.5 良好", "一票否决" or "未测评"."""
    if score is None:
        return Badge(LABEL, UNEVALUATED_LABEL, UNEVALUATED_COLOR)
    if score.vetoed:
        return Badge(LABEL, VETO_LABEL, VETO_COLOR)
    return Badge(LABEL, score.message, score.color)


def badge_json(badge: Badge) -> str:
    """The shields.io endpoint document of ``badge`` (https://shields.io/badges/endpoint-badge)."""
    document = {"schemaVersion": 1, "label": badge.label, "message": badge.message, "color": badge.color}
    return json.dumps(document, ensure_ascii=False) + "\n"


# -- colour -------------------------------------------------------------------


def _rgb(hex_color: str) -> tuple[int, int, int]:
    value = hex_color.removeprefix("#")
    if not _HEX.match(value):
        raise ValueError(f"not a #rrggbb colour: {hex_color!r}")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def relative_luminance(hex_color: str) -> float:
    """WCAG 2.x relative luminance of an sRGB colour ("#1565c0" or "1565c0")."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in _rgb(hex_color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(hex1: str, hex2: str) -> float:
    """WCAG contrast ratio of two colours, from 1.0 to 21.0."""
    a, b = sorted((relative_luminance(hex1), relative_luminance(hex2)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def text_color(background: str) -> str:
    """White text where it reaches 4.5:1 against ``background``, else near-black, else black.

    Against any colour, white or black reaches 4.58:1, so one always passes.
    """
    for candidate in (LIGHT_TEXT, DARK_TEXT, "000000"):
        if contrast_ratio(candidate, background) >= MIN_CONTRAST:
            return candidate
    return max((LIGHT_TEXT, "000000"), key=lambda c: contrast_ratio(c, background))


# -- measuring ----------------------------------------------------------------


@functools.lru_cache(maxsize=8)
def _font(size: int) -> ImageFont.FreeTypeFont:
    # The basic layout engine is always available; raqm is optional and would make the
    # advances depend on the machine.
    return ImageFont.truetype(str(FONT_PATH), size, index=FONT_INDEX, layout_engine=ImageFont.Layout.BASIC)


@functools.lru_cache(maxsize=4096)
def text_length(text: str) -> int:
    """Advance width of ``text`` at the badge font size, in tenths of a px, rounded up.

    The SVG sets text at ``font-size="110"`` scaled by 0.1. The basic layout does not
    kern and rounds each advance to whole pixels of the size asked: at 1100 px that is the
    glyphs' own advances to 1/100 px (what a browser lays out, before kerning narrows
    it), while 11 and 110 px are the hinted advances of the PNG at scale 1 and of
    renderers that hint. The widest of the three is never too narrow for any of them.
    """
    widths = (
        _font(FONT_SIZE * 100).getlength(text) / 10,
        _font(FONT_SIZE * 10).getlength(text),
        _font(FONT_SIZE).getlength(text) * 10,
    )
    return math.ceil(max(widths))


@dataclass(frozen=True)
class Layout:
    """Where the parts of a badge go, in px (text lengths in tenths of a px)."""

    label_width: int
    message_width: int
    label_length: int
    message_length: int

    @property
    def width(self) -> int:
        return self.label_width + self.message_width


def layout(badge: Badge) -> Layout:
    """The measured geometry of ``badge``."""
    label_length, message_length = text_length(badge.label), text_length(badge.message)
    return Layout(
        label_width=math.ceil(label_length / 10) + 2 * PADDING,
        message_width=math.ceil(message_length / 10) + 2 * PADDING,
        label_length=label_length,
        message_length=message_length,
    )


# -- rendering ----------------------------------------------------------------


def render_svg(badge: Badge) -> str:
    """A flat shields-like SVG badge: label on #555, message on the band colour."""
    box = layout(badge)
    width = box.width
    title = html.escape(f"{badge.label}: {badge.message}", quote=True)
    label_fill, message_fill = text_color(LABEL_COLOR), text_color(badge.color)
    # Text is set at 110 and scaled by 0.1 (as shields does) so positions keep one decimal.
    label_x = box.label_width * 5
    message_x = box.label_width * 10 + box.message_width * 5
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{HEIGHT}" role="img" aria-label="{title}">',
        f"<title>{title}</title>",
        f'<clipPath id="r"><rect width="{width}" height="{HEIGHT}" rx="{RADIUS}" fill="#fff"/></clipPath>',
        '<g clip-path="url(#r)">',
        f'<rect width="{box.label_width}" height="{HEIGHT}" fill="#{LABEL_COLOR}"/>',
        f'<rect x="{box.label_width}" width="{box.message_width}" height="{HEIGHT}" fill="#{badge.color}"/>',
        "</g>",
        f'<g text-anchor="middle" font-family="{FONT_FAMILY}" text-rendering="geometricPrecision" font-size="{FONT_SIZE * 10}">',
        _svg_text(badge.label, label_x, box.label_length, label_fill),
        _svg_text(badge.message, message_x, box.message_length, message_fill),
        "</g>",
        "</svg>",
    ]
    return "".join(parts) + "\n"


def _svg_text(text: str, x: int, length: int, fill: str) -> str:
    # textLength with spacingAndGlyphs squeezes a wider substitute font into the
    # measured box instead of letting it run over the edge.
    return (
        f'<text x="{x}" y="{BASELINE * 10}" transform="scale(.1)" fill="#{fill}" '
        f'textLength="{length}" lengthAdjust="spacingAndGlyphs">{html.escape(text, quote=False)}</text>'
    )


def render_png(badge: Badge, scale: int = 2) -> bytes:
    """The badge as a PNG, ``20 × scale`` px high, drawn with the bundled font.

    The bytes depend only on the badge, the scale, the font and Pillow: no metadata or
    timestamps are written.
    """
    if not isinstance(scale, int) or scale < 1:
        raise ValueError(f"scale must be a whole number ≥ 1, got {scale!r}")
    box = layout(badge)
    width, height = box.width * scale, HEIGHT * scale
    split = box.label_width * scale
    image = Image.new("RGB", (width, height), _rgb(badge.color))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, split - 1, height - 1), fill=_rgb(LABEL_COLOR))
    font = _font(FONT_SIZE * scale)
    for text, left, part_width, background in (
        (badge.label, 0, box.label_width, LABEL_COLOR),
        (badge.message, box.label_width, box.message_width, badge.color),
    ):
        centre = (left * 2 + part_width) * scale / 2
        draw.text((centre, BASELINE * scale), text, font=font, fill=_rgb(text_color(background)), anchor="ms")
    # Rounded corners: transparent outside the rounded rectangle.
    mask = Image.new("L", (width, height), 0)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, width - 1, height - 1), radius=RADIUS * scale, fill=255)
    image.putalpha(mask)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False, compress_level=9)
    return buffer.getvalue()


# -- caching ------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def font_sha256() -> str:
    """SHA-256 of the bundled font file, part of every cache key."""
    return hashlib.sha256(FONT_PATH.read_bytes()).hexdigest()


class BadgeCache:
    """PNG badges kept in ``cache_dir`` under the SHA-256 of everything that shapes them,
    so an unchanged badge costs one file read on the next build."""

    def __init__(self, cache_dir: Path) -> None:
        self.cache_dir = Path(cache_dir)

    def key(self, badge: Badge, scale: int = 2) -> str:
        inputs = [RENDERER_VERSION, PIL.__version__, font_sha256(), badge.label, badge.message, badge.color, scale]
        return hashlib.sha256(json.dumps(inputs, ensure_ascii=False).encode("utf-8")).hexdigest()

    def png(self, badge: Badge, scale: int = 2) -> bytes:
        """The PNG of ``badge``: from the cache, or rendered and stored."""
        path = self.cache_dir / f"{self.key(badge, scale)}.png"
        if path.is_file():
            return path.read_bytes()
        data = render_png(badge, scale)
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        # Write then rename, so an interrupted build never leaves half a PNG under a valid key.
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        temporary.write_bytes(data)
        os.replace(temporary, path)
        return data
