"""Share images and Open Graph metadata: every page names its title, description,
address and an image; the image exists, is a 1200 × 630 PNG, and every character it
shows has a glyph in the bundled font (no empty boxes)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from urllib.parse import urlparse

import pytest
from conftest import FIXTURES, run_build
from lxml import html as lxml_html
from PIL import Image

from showcase import share
from showcase.build import Build

ROOT = Path(__file__).resolve().parent.parent
SITE_URL = "https://wenming.linchuan.example.org/"


def _notdef_mask(size: int) -> bytes:
    font = share._font(size)
    return bytes(font.getmask("\ue000"))


def assert_glyphs(text: str, size: int = 48) -> None:
    """Every character of ``text`` is drawn from a real glyph, not the missing-glyph box."""
    font = share._font(size)
    notdef = _notdef_mask(size)
    for char in text:
        if char.isspace():
            continue
        assert bytes(font.getmask(char)) != notdef, f"no glyph for {char!r} in {text!r}"


@pytest.fixture(scope="module")
def demo_build() -> Build:
    build = Build.load(ROOT / "content", dt.date(2026, 11, 23))
    build.site_name, build.site_description = "临川区文明创建风采展示", "各社区文明创建情况公开展示"
    return build


def test_every_card_of_the_demo_has_glyphs_for_all_its_text(demo_build):
    uris = [f"communities/{slug}/index.md" for slug in demo_build.site.communities]
    uris += [f"notices/{slug}.md" for slug in demo_build.site.notices] + ["index.md"]
    for uri in uris:
        _, card = demo_build.share_card(uri)
        assert_glyphs(card.alt)


def test_the_missing_glyph_check_can_fail():
    with pytest.raises(AssertionError):
        assert_glyphs("社区\U0001f9ff")  # an emoji the bundled font lacks


def test_render_is_deterministic_sized_and_cached(demo_build, tmp_path):
    _, card = demo_build.share_card("communities/liuyin-xiyuan/index.md")
    assert card.chip.text == "94.7 分 · 优秀" and card.chip.color == "2e7d32"  # the band's colour
    first, second = share.render(card), share.render(card)
    assert first == second
    image = Image.open(io.BytesIO(first))
    assert image.format == "PNG" and image.size == (1200, 630)
    cache = share.ShareCache(tmp_path)
    assert cache.png(card) == first and len(list(tmp_path.iterdir())) == 1
    other = share.Card(card.site, card.title, card.lines, share.Chip("94.8 分 · 优秀", "2e7d32"), card.note)
    assert cache.key(other) != cache.key(card)


def test_long_titles_wrap_inside_the_card():
    title = "青州市临川区" * 12
    for size in (72, 36):
        lines = share._wrap(title, size, share.WIDTH - 2 * share.MARGIN)
        assert "".join(lines) == title  # nothing dropped
        assert all(share._font(size).getlength(line) <= share.WIDTH - 2 * share.MARGIN for line in lines)
    data = share.render(share.Card("站点", title, ("很长的说明" * 30,), share.Chip("公示中 · 剩 3 天", "1b5e20"), "状态截至2026年11月23日"))
    assert Image.open(io.BytesIO(data)).size == (1200, 630)


def og(page) -> dict[str, str]:
    return {m.get("property"): m.get("content") for m in page.xpath("//meta[@property]")}


def test_every_page_has_open_graph_metadata_and_an_existing_image(demo_site):
    site = demo_site.site
    pages = sorted(site.rglob("index.html"))
    assert len(pages) > 30
    for path in pages:
        if "pagefind" in path.parts:
            continue
        meta = og(lxml_html.fromstring(path.read_bytes()))
        for key in ("og:title", "og:description", "og:url", "og:image", "og:image:alt"):
            assert meta.get(key), (path, key)
        rel = path.parent.relative_to(site).as_posix()
        assert meta["og:url"] == SITE_URL + ("" if rel == "." else rel + "/"), path
        assert meta["og:image"].startswith(SITE_URL)
        image = site / urlparse(meta["og:image"]).path.lstrip("/")
        assert Image.open(image).size == (1200, 630), path
    community = og(lxml_html.fromstring((site / "communities/xikou/index.html").read_bytes()))
    assert community["og:image"] == SITE_URL + "badges/share/communities/xikou.png"
    assert "87.5 分 · 先进" in community["og:image:alt"]


def test_without_site_url_addresses_are_relative_and_the_build_says_so(tmp_path):
    result = run_build(FIXTURES / "valid-minimal", tmp_path, edit_config=lambda t: t.replace("site_url: https://wenming.linchuan.example.org/\n", ""))
    assert result.returncode == 0, result.output
    assert "未设置 site_url" in result.output
    meta = og(lxml_html.fromstring((result.site / "index.html").read_bytes()))
    assert meta["og:image"].endswith("badges/share/site.png") and not meta["og:image"].startswith("http")
