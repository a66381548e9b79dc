"""Share images: what a chat app or a social site shows when a link is shared (``og:image``).

One PNG per community (name, street and district, the latest total and band in the
band's colour, the year), per notice (title, period, status on the build date) and one
for the site. Drawn with the bundled font (``badges.FONT_PATH``), so Chinese text is
never empty boxes, and cached under a hash of everything that shapes the image, like
the PNG badges. Text is never cut: a line too long for the card is set smaller, then
wrapped; what still does not fit is left out whole (e.g. a summary), never truncated.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import os
from dataclasses import dataclass
from pathlib import Path

import PIL
from PIL import Image, ImageDraw

from .badges import _font as _load_font
from .badges import font_sha256, text_color
from .dates import format_date
from .model import Community, Notice
from .notices import NoticeStatus
from .scoring import VETO_COLOR, Score

RENDERER_VERSION = "share-1"
WIDTH, HEIGHT = 1200, 630  # the size Open Graph readers ask for (1.91 : 1)
MARGIN = 64
TEXT = "1f1f1f"
MUTED = "4a4a4a"  # 8.9:1 on white
PRIMARY = "a31515"  # the site's header colour (showcase.css --md-primary-fg-color)
UNEVALUATED_COLOR = "616161"
FOLDER = "badges/share"


def community_image_path(slug: str) -> str:
    return f"{FOLDER}/communities/{slug}.png"


def notice_image_path(slug: str) -> str:
    return f"{FOLDER}/notices/{slug}.png"


SITE_IMAGE_PATH = f"{FOLDER}/site.png"


@dataclass(frozen=True)
class Chip:
    text: str
    color: str  # six hex digits: the chip's fill


@dataclass(frozen=True)
class Card:
    """Everything one image shows, top to bottom."""

    site: str  # the site's name, in the header strip
    title: str
    lines: tuple[str, ...]  # smaller lines under the title
    chip: Chip | None = None  # the score and band, or a notice's status
    note: str | None = None  # under the chip (e.g. 2026年度测评)

    @property
    def alt(self) -> str:
        """The image's text, for its alt attribute."""
        parts = [self.title, *self.lines, self.chip.text if self.chip else "", self.note or ""]
        return "，".join(p for p in parts if p)

    def inputs(self) -> list:
        return [self.site, self.title, list(self.lines), [self.chip.text, self.chip.color] if self.chip else None, self.note]


def community_card(site_name: str, community: Community, latest: Score | None) -> Card:
    where = f"{community.district} · {community.street}"
    if latest is None:
        return Card(site_name, community.name, (where,), Chip("尚未测评", UNEVALUATED_COLOR))
    note = f"{latest.evaluation.year}年度测评 · {latest.framework.title}"
    if latest.vetoed:
        return Card(site_name, community.name, (where,), Chip("一票否决", VETO_COLOR), note)
    text = f"{latest.display} 分 · {latest.band.label}" if latest.band is not None else f"{latest.display} 分"
    return Card(site_name, community.name, (where,), Chip(text, latest.color), note)


def notice_card(site_name: str, notice: Notice, status: NoticeStatus, today_text: str) -> Card:
    period = f"公示期：{format_date(notice.start)}至{format_date(notice.end)}"
    colors = {"open": "1b5e20", "upcoming": "0d47a1", "closed": "424242"}
    return Card(site_name, notice.title, (f"{notice.kind} · {notice.issuer}", period), Chip(status.label, colors[status.state]), f"状态截至{today_text}")


def site_card(site_name: str, description: str) -> Card:
    return Card(site_name, site_name, (description,) if description else ())


@functools.lru_cache(maxsize=32)
def _font(size: int):
    return _load_font(size)


def _rgb(color: str) -> tuple[int, int, int]:
    color = color.lstrip("#")
    return int(color[0:2], 16), int(color[2:4], 16), int(color[4:6], 16)


def _wrap(text: str, size: int, width: int) -> list[str]:
    """``text`` in lines no wider than ``width`` at ``size`` px, broken between characters
    (Chinese has no spaces); a Latin word is kept whole where it fits."""
    font = _font(size)
    lines: list[str] = []
    line = ""
    for char in text:
        if font.getlength(line + char) <= width:
            line += char
            continue
        if line:
            lines.append(line)
        line = char
    if line:
        lines.append(line)
    return lines


def _fit(text: str, sizes: tuple[int, ...], width: int, most_lines: int) -> tuple[int, list[str]] | None:
    """The largest size at which ``text`` fits in ``most_lines`` lines."""
    for size in sizes:
        lines = _wrap(text, size, width)
        if len(lines) <= most_lines:
            return size, lines
    return None


def render(card: Card) -> bytes:
    """The card as a PNG. The bytes depend only on the card, the font and Pillow."""
    image = Image.new("RGB", (WIDTH, HEIGHT), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    inner = WIDTH - 2 * MARGIN
    # Header strip with the site's name.
    draw.rectangle((0, 0, WIDTH, 96), fill=_rgb(PRIMARY))
    site = _fit(card.site, (36, 30, 26, 22), inner, 1)
    if site:
        draw.text((MARGIN, 48), site[1][0], font=_font(site[0]), fill=(255, 255, 255), anchor="lm")
    chip_h, note_h = 84, 56
    bottom = HEIGHT - MARGIN - (chip_h + 16 if card.chip else 0) - (note_h if card.note else 0)
    below = [f for f in (_fit(text, (34, 30, 26), inner, 2) for text in card.lines) if f is not None]  # a line that cannot fit is left out whole
    below_h = sum(len(parts) * int(size * 1.35) for size, parts in below)
    # The largest title that leaves room for the lines below it.
    title = None
    for size in (72, 64, 56, 48, 42, 36):
        lines = _wrap(card.title, size, inner)
        if 124 + len(lines) * int(size * 1.25) + 12 + below_h <= bottom or size == 36:
            title = (size, lines)
            break
    y = 124
    size, lines = title
    for line in lines:
        draw.text((MARGIN, y), line, font=_font(size), fill=_rgb(TEXT), anchor="lt")
        y += int(size * 1.25)
    y += 12
    for size, parts in below:
        if y + len(parts) * int(size * 1.35) > bottom:
            break
        for part in parts:
            draw.text((MARGIN, y), part, font=_font(size), fill=_rgb(MUTED), anchor="lt")
            y += int(size * 1.35)
    if card.chip:
        font = _font(48)
        width = int(font.getlength(card.chip.text)) + 56
        top = HEIGHT - MARGIN - chip_h - (note_h if card.note else 0)
        draw.rounded_rectangle((MARGIN, top, MARGIN + width, top + chip_h), radius=14, fill=_rgb(card.chip.color))
        draw.text((MARGIN + 28, top + chip_h // 2), card.chip.text, font=font, fill=_rgb(text_color(card.chip.color)), anchor="lm")
    if card.note:
        fitted = _fit(card.note, (28, 24, 20), inner, 1)
        if fitted:
            draw.text((MARGIN, HEIGHT - MARGIN - 8), fitted[1][0], font=_font(fitted[0]), fill=_rgb(MUTED), anchor="ls")
    # A palette of the few colours drawn (antialiased edges included) keeps the file small.
    small = image.quantize(colors=64, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    buffer = io.BytesIO()
    small.save(buffer, format="PNG", optimize=False, compress_level=6)
    return buffer.getvalue()


class ShareCache:
    """Share images kept in ``cache_dir`` under the SHA-256 of what shapes them."""

    def __init__(self, cache_dir: Path) -> None:
        self.cache_dir = Path(cache_dir)

    def key(self, card: Card) -> str:
        inputs = [RENDERER_VERSION, PIL.__version__, font_sha256(), card.inputs()]
        return hashlib.sha256(json.dumps(inputs, ensure_ascii=False).encode("utf-8")).hexdigest()

    def png(self, card: Card) -> bytes:
        path = self.cache_dir / f"{self.key(card)}.png"
        if path.is_file():
            return path.read_bytes()
        data = render(card)
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        temporary.write_bytes(data)
        os.replace(temporary, path)
        return data
