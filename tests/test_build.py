"""End-to-end builds of small fixture sites with the real ``mkdocs build --strict``."""

from __future__ import annotations

import re
import shutil
from urllib.parse import urljoin

import pytest
from conftest import FIXTURES, ROOT, copy_fixture, no_leftovers, run_build
from htmlcheck import foreign_requests, parse_file, unsafe_markup
from linkcheck import broken_links


@pytest.fixture(scope="module")
def xss_site(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("xss")
    content = copy_fixture("xss-site", workdir)
    result = run_build(content, workdir)
    assert result.returncode == 0, result.output
    return result


def all_pages(site):
    return sorted(site.rglob("*.html"))


def test_no_script_handler_or_script_url_from_content_reaches_any_page(xss_site):
    pages = all_pages(xss_site.site)
    assert len(pages) >= 6
    for page in pages:
        assert unsafe_markup(parse_file(page)) == [], page


def test_front_matter_values_render_as_text(xss_site):
    page = parse_file(xss_site.site / "communities/evil-one/index.html")
    h1 = page.find_all("h1")
    assert [e.text.strip() for e in h1] == ["<img src=x onerror=alert('name')>社区"]
    title = page.find_all("title")[0].text
    assert title.startswith("<img src=x onerror=alert('name')>社区")
    assert "<script>alert('honor')</script>" in page.text
    assert "<script>alert('issue')</script>" in page.text
    about = parse_file(xss_site.site / "about/index.html")
    assert about.find_all("title")[0].text.startswith("关于<img src=x onerror=alert('about')>")
    description = about.find_all("meta", name="description")[0].attrs["content"]
    assert description == "\"><script>alert('desc')</script>"


def test_markdown_body_is_sanitized_but_keeps_structure(xss_site):
    page = parse_file(xss_site.site / "communities/evil-one/index.html")
    headings = [e for e in page.find_all("h2") if "社区概况" in e.text]
    assert headings and headings[0].attrs["id"], "Chinese heading keeps a readable id"
    assert not page.find_all("iframe") and not page.find_all("style")
    links = {e.text: e.attrs.get("href") for e in page.find_all("a")}
    assert links.get("链接") is None and links.get("数据链接") is None


def test_no_page_requests_another_host(xss_site):
    for page in all_pages(xss_site.site):
        assert foreign_requests(parse_file(page)) == [], page
    for css in (xss_site.site / "assets").rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        assert not re.search(r"url\((['\"]?)https?://", text), css
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text


def test_demo_builds_strict_without_warnings(demo_site):
    assert (demo_site.site / "index.html").exists()
    assert (demo_site.site / "pagefind" / "pagefind.js").exists()


def test_directory_groups_by_district_and_street_with_counts(demo_site):
    page = parse_file(demo_site.site / "communities/index.html")
    communities = sorted(p.name for p in (ROOT / "content/communities").iterdir() if p.is_dir())
    hrefs = [e.attrs["href"] for e in page.with_class("sc-card__link")]
    assert sorted(h.removeprefix("../").strip("/") for h in hrefs) == communities
    lead = page.with_class("sc-lead")[0].text
    assert f"{len(communities)} 个社区" in lead


def test_nav_does_not_grow_with_communities(demo_site):
    """Material renders the nav into every page: it must not list communities."""
    for page in ("index.html", "communities/chayuan/index.html"):
        parsed = parse_file(demo_site.site / page)
        nav_links = [e.attrs["href"] for e in parsed.elements if e.tag == "a" and "md-nav__link" in e.attrs.get("class", "")]
        assert len(nav_links) >= 6, page  # the check sees the nav
        # Each link resolved against the page's own address, as the browser does.
        targets = [urljoin(f"/{page}", href).split("#")[0] for href in nav_links]
        assert "/communities/" in targets
        # Links to other communities (a page may link to itself: Material's own entry).
        others = [t for t in targets if re.fullmatch(r"/communities/[^/]+/(index\.html)?", t) and not f"/{page}".startswith(t)]
        assert not others, page


def test_community_page_shows_profile_and_ledger(demo_site):
    html = demo_site.html("communities/gulou-nanli/index.html")
    page = parse_file(demo_site.site / "communities/gulou-nanli/index.html")
    assert page.find_all("h1")[0].text.strip() == "鼓楼南里社区"
    # A revoked honour stays, marked with its date.
    revoked = page.with_class("sc-revoked")
    assert revoked and "已撤销" in revoked[0].text and "2026-11-12" in revoked[0].text
    assert 'href="tel:' in html
    # Only the search area of each page is indexed.
    assert page.find_all("div", **{"data-pagefind-body": ""})


def test_invalid_content_fails_without_traceback(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "xss-site", content)
    index = content / "communities/evil-one/index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("households: 10", "households: 1,086"), encoding="utf-8")
    (content / "notices/evil-notice.md").write_text(
        (content / "notices/evil-notice.md").read_text(encoding="utf-8").replace("end: 2026-11-30", "end: 2026-11-01"),
        encoding="utf-8",
    )
    for strict in (True, False):
        result = run_build(content, tmp_path, strict=strict)
        assert result.returncode != 0
        assert "Traceback" not in result.output
        assert "content/communities/evil-one/index.md:6: households: " in result.output
        assert "content/notices/evil-notice.md:6: end: " in result.output


def test_another_citys_content_builds_unchanged(tmp_path):
    """The demo's communities, policies and notices replaced by another contract-valid set."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    for folder in ("communities", "policies", "notices"):
        shutil.rmtree(content / folder)
        if (FIXTURES / "valid-minimal" / folder).exists():
            shutil.copytree(FIXTURES / "valid-minimal" / folder, content / folder)
    result = run_build(content, tmp_path)
    assert result.returncode == 0, result.output
    assert "WARNING" not in result.output
    directory = parse_file(result.site / "communities/index.html")
    assert sorted(e.attrs["href"] for e in directory.with_class("sc-card__link")) == ["banchang-nanli/", "chayuan/"]
    assert broken_links(result.site) == {}
    # No evaluations in this set: every badge says 未测评, and the rankings page says so.
    assert "未测评" in (result.site / "badges/chayuan.svg").read_text(encoding="utf-8")
    assert "暂无测评结果" in parse_file(result.site / "rankings/index.html").text


def test_empty_content_folders_build(tmp_path):
    """A city that has just started: no communities, policies or notices yet."""
    content = tmp_path / "content"
    content.mkdir()
    (content / "index.md").write_text("# 首页\n", encoding="utf-8")
    (content / "about.md").write_text("# 关于\n", encoding="utf-8")
    result = run_build(content, tmp_path)
    assert result.returncode == 0, result.output
    assert (result.site / "communities/index.html").exists()


def test_search_failure_fails_the_build_without_traceback(tmp_path):
    """A Pagefind that cannot start is a clear build error, not a traceback."""
    content = copy_fixture("valid-minimal", tmp_path)
    result = run_build(content, tmp_path, env={"PAGEFIND_BINARY_PATH": str(tmp_path / "no-such-pagefind")})
    assert result.returncode != 0
    assert "Traceback" not in result.output
    assert "Pagefind" in result.output


def _snapshot(site):
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("workers", ["0", "1"])
def test_a_failed_build_leaves_the_previous_site_as_it_was(tmp_path, workers):
    content = copy_fixture("valid-minimal", tmp_path)
    env = {"SHOWCASE_WORKERS": workers}
    first = run_build(content, tmp_path, env=env)
    assert first.returncode == 0, first.output
    before = _snapshot(first.site)
    assert "index.html" in before
    about = content / "about.md"
    text = about.read_text(encoding="utf-8")
    # A content error (found before anything is written) and a strict-mode warning
    # (found after every page is written): neither touches the published site.
    about.write_text(text + "\n[旧页面](no-such-page.md)\n", encoding="utf-8")
    (content / "communities/chayuan/logo.svg").write_text("<svg><script>alert(1)</script></svg>", encoding="utf-8")
    failed = run_build(content, tmp_path, env=env)
    assert failed.returncode != 0 and "Traceback" not in failed.output
    assert "content/communities/chayuan/logo.svg: 文件: " in failed.output
    assert _snapshot(first.site) == before
    (content / "communities/chayuan/logo.svg").unlink()
    failed = run_build(content, tmp_path, env=env)
    assert failed.returncode != 0 and "strict mode" in failed.output
    assert _snapshot(first.site) == before
    assert no_leftovers(tmp_path)


def test_content_folders_publish_only_what_the_contract_names(tmp_path):
    from PIL import Image

    content = copy_fixture("valid-minimal", tmp_path)
    folder = content / "communities/chayuan"
    (folder / "photos").mkdir()
    # A phone photo saved as .jfif, with a GPS position in its EXIF, shown from the body.
    exif = Image.Exif()
    exif.get_ifd(0x8825)[2] = (39.0, 54.0, 27.0)  # GPSLatitude
    Image.new("RGB", (2400, 1600), "#3a7").save(folder / "photos/yard #1.jfif", "JPEG", exif=exif)
    index = folder / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\n![院子](photos/yard%20%231.jfif)\n", encoding="utf-8")
    for name in (".DS_Store", "Thumbs.db", "._yard.png"):
        (folder / "photos" / name).write_bytes(b"\x00\x05\x16\x07junk")
    (content / "policies/attachments").mkdir()
    (content / "policies/attachments/banfa-2024.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    result = run_build(content, tmp_path)
    assert result.returncode == 0, result.output
    assert "跳过 3 个编辑器临时文件或隐藏文件" in result.output
    published = {p.relative_to(result.site).as_posix() for p in result.site.rglob("*") if p.is_file()}
    assert not [p for p in published if p.endswith((".yml", ".yaml", ".DS_Store", "Thumbs.db", "._yard.png"))]
    assert "policies/attachments/banfa-2024.pdf" in published
    with Image.open(result.site / "communities/chayuan/photos/yard #1.jfif") as photo:
        assert photo.format == "JPEG" and max(photo.size) == 1200
        assert not photo.getexif() and 0x8825 not in photo.getexif()
    assert broken_links(result.site) == {}
