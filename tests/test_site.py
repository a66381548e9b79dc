"""The demo site as built: scores, badges, rankings, notices, policies and the feed,
checked against values worked out by hand from the demo content."""

from __future__ import annotations

import json

import feedparser
import pytest
from conftest import ROOT, run_build
from htmlcheck import parse_file

# Worked out by hand from content/communities/*/evaluations/*.yml (exact decimals).
LATEST = {
    "liuyin-xiyuan": ("94.7 优秀", "2e7d32"),  # 84.71 + special 11.5 capped at 10
    "wangjiang-yuan": ("90.0 优秀", "2e7d32"),  # exactly 90.00; float gives 89.99999999999999
    "huaishu-xiang": ("84.9 良好", "1565c0"),  # 84.85 half-up
    "yugang-xincun": ("80.0 合格", None),  # 79.95 shows 80.0 but stays 合格
    "gulou-nanli": ("一票否决", "c62828"),
    "chayuan": ("未测评", "9e9e9e"),
    "xikou": ("87.5 先进", None),  # the town framework
    "qiaotou": ("82.1 约谈整改", None),
}


@pytest.mark.parametrize("slug", sorted(LATEST))
def test_badge_json_matches_hand_worked_results(demo_site, slug):
    message, color = LATEST[slug]
    data = json.loads((demo_site.site / f"badges/{slug}.json").read_text(encoding="utf-8"))
    assert data["schemaVersion"] == 1 and data["label"] == "文明测评"
    assert data["message"] == message
    if color:
        assert data["color"] == color
    svg = (demo_site.site / f"badges/{slug}.svg").read_text(encoding="utf-8")
    assert message in svg
    assert (demo_site.site / f"badges/{slug}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_every_community_has_badges(demo_site):
    slugs = [p.name for p in (ROOT / "content/communities").iterdir() if p.is_dir()]
    for slug in slugs:
        for ext in ("svg", "json", "png"):
            assert (demo_site.site / f"badges/{slug}.{ext}").exists()
    assert (demo_site.site / "badges/liuyin-xiyuan-2025.svg").exists()


def test_ranking_shares_ranks_for_exact_ties_and_lists_vetoed_and_unevaluated(demo_site):
    page = parse_file(demo_site.site / "rankings/2026-qingzhou-2025/index.html")
    table = [e for e in page.elements if e.tag == "td"]
    cells = [c.text.strip() for c in table]
    rows = [cells[i : i + 6] for i in range(0, len(cells), 6)]
    ranks = {r[1]: r[0] for r in rows}
    assert ranks["柳荫西苑社区"] == "1" and ranks["望江苑社区"] == "2"
    assert ranks["滨江花园社区"] == ranks["柳荫东里社区"] == "4"  # 86.62 each
    assert rows[4][0] == "4" and rows[5][0] == "6"  # 1, 2, 3, 4, 4, 6
    vetoed = [r for r in rows if r[5].startswith("一票否决")]
    assert [r[1] for r in vetoed] == ["鼓楼南里社区"]
    assert [r[1] for r in rows if r[5] == "未测评"] == ["茶园社区"]


def test_community_page_score_panel(demo_site):
    page = parse_file(demo_site.site / "communities/liuyin-xiyuan/index.html")
    assert page.with_class("sc-total__num")[0].text == "94.7"
    assert page.with_class("sc-total__band")[0].text == "优秀"
    assert "按上限计 10 分" in page.text
    assert page.find_all("svg", role="img"), "trend chart"
    vetoed = parse_file(demo_site.site / "communities/gulou-nanli/index.html")
    assert "一票否决" in vetoed.with_class("sc-total__band")[0].text
    none = parse_file(demo_site.site / "communities/chayuan/index.html")
    assert "未测评" in none.with_class("sc-score")[0].text


# Notices on 2026-11-23, from content/notices/*.md.
NOTICES = {
    "2026-qu-wenming-shequ-mingming": ("upcoming", None, "即将公示"),
    "2026-gulou-nanli-zhenggai": ("open", "1", "公示中 · 剩 1 天"),
    "2026-shi-wenming-shequ-tuijian": ("open", "5", "公示中 · 剩 5 天"),
    "2026-xikou-wuhao-jiating-chuping": ("closed", None, "公示结束 · 结果待公布"),
    "2025-cepingjieguo": ("closed", None, "公示结束"),
}


@pytest.mark.parametrize("slug", sorted(NOTICES))
def test_notice_page_status(demo_site, slug):
    state, days, label = NOTICES[slug]
    page = parse_file(demo_site.site / f"notices/{slug}/index.html")
    status = page.with_class("sc-nstatus")[0]
    assert status.attrs["data-state"] == state
    assert status.attrs.get("data-days-left") == days
    assert page.with_class("sc-nstatus__label")[0].text == label
    assert "截至 2026-11-23" in status.text
    if state == "closed" and "待公布" in label:
        assert page.with_class("sc-result--pending")[0].text == "结果待公布"


def test_home_banner_lists_open_notices_most_urgent_first(demo_site):
    page = parse_file(demo_site.site / "index.html")
    banner_items = [e.attrs["data-notice"] for e in page.with_class("sc-notice-item")]
    assert banner_items[:2] == ["2026-gulou-nanli-zhenggai", "2026-shi-wenming-shequ-tuijian"]
    assert "2026-xikou-wuhao-jiating-chuping" not in banner_items


def test_subject_community_shows_its_notices(demo_site):
    page = parse_file(demo_site.site / "communities/gulou-nanli/index.html")
    assert "2026-gulou-nanli-zhenggai" in [e.attrs["data-notice"] for e in page.with_class("sc-notice-item")]


def test_notice_index_keeps_closed_notices_in_the_archive(demo_site):
    page = parse_file(demo_site.site / "notices/index.html")
    listed = {e.attrs["data-notice"] for e in page.with_class("sc-notice-item")}
    expected = {p.stem for p in (ROOT / "content/notices").glob("*.md")}
    assert listed == expected
    assert [e.attrs["data-year"] for e in page.find_all("h3") if "data-year" in e.attrs] == ["2026", "2025"]


def test_notice_page_has_channels_as_links(demo_site):
    assert 'href="tel:060068201158"' in demo_site.html("notices/2026-gulou-nanli-zhenggai/index.html")
    assert 'href="mailto:' in demo_site.html("notices/2026-shi-wenming-shequ-tuijian/index.html")


def test_feed_is_valid_atom_with_stable_ids(demo_site, tmp_path):
    feed_path = demo_site.site / "notices/feed.xml"
    feed = feedparser.parse(feed_path.read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert len(feed.entries) == len(list((ROOT / "content/notices").glob("*.md")))
    home = parse_file(demo_site.site / "index.html")
    links = [e for e in home.elements if e.tag == "link" and "alternate" in e.attrs.get("rel", "").split()]
    assert [e.attrs["href"] for e in links if e.attrs.get("type") == "application/atom+xml"] == ["notices/feed.xml"]
    # Material's script fetches a sitemap.xml beside every link whose rel is exactly
    # "alternate" (notices/sitemap.xml: a 404 on every page); feed readers match the token.
    assert not home.find_all("link", rel="alternate")
    # Ids stay the same in another build on another day.
    again = run_build(demo_site.site.parent / "content", tmp_path, date="2026-12-31")
    assert again.returncode == 0, again.output
    ids_again = [e.id for e in feedparser.parse((again.site / "notices/feed.xml").read_bytes()).entries]
    assert ids_again == [e.id for e in feed.entries]


def test_policies_index_marks_repealed_and_superseded(demo_site):
    page = parse_file(demo_site.site / "policies/index.html")
    rows = page.with_class("sc-policy--repealed")
    assert len(rows) == 1 and "已被《" in rows[0].text and "替代" in rows[0].text
    old = parse_file(demo_site.site / "policies/wenming-shequ-banfa-2019/index.html")
    assert "已废止" in old.text and "替代" in old.text
    assert "测评体系" in page.text and page.find_all("a", href="frameworks/qingzhou-2025/")


def test_framework_page_shows_every_content(demo_site):
    page = parse_file(demo_site.site / "policies/frameworks/qingzhou-2025/index.html")
    cards = page.with_class("sc-content-card")
    assert len(cards) == 42
    assert page.find_all("h2", id="sc-method")


def test_same_commit_same_date_same_bytes(demo_site, tmp_path):
    """The contract: same T and SOURCE_DATE_EPOCH, same bytes (the sitemap's gzip header
    carries the build time, hence the epoch)."""
    env = {"SOURCE_DATE_EPOCH": "1795363200"}
    first = run_build(demo_site.site.parent / "content", tmp_path / "a", env=env)
    again = run_build(demo_site.site.parent / "content", tmp_path / "b", env=env)
    assert first.returncode == 0 and again.returncode == 0, first.output + again.output
    ours = sorted(str(p.relative_to(first.site)) for p in first.site.rglob("*") if p.is_file())
    theirs = sorted(str(p.relative_to(again.site)) for p in again.site.rglob("*") if p.is_file())
    assert ours == theirs
    assert any(rel.startswith("pagefind/") for rel in ours)
    differing = [rel for rel in ours if (first.site / rel).read_bytes() != (again.site / rel).read_bytes()]
    assert differing == []


def test_evaluations_csv_export(demo_site):
    import csv
    import io

    data = (demo_site.site / "data/evaluations.csv").read_bytes()
    assert data.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    wangjiang = [r for r in rows if r["id"] == "wangjiang-yuan-2026"][0]
    # exactly 90.00 (float arithmetic gives 89.99999999999999)
    assert (wangjiang["total"], wangjiang["total_display"], wangjiang["band"], wangjiang["rank"]) == ("90", "90.0", "优秀", "2")
    vetoed = [r for r in rows if r["id"] == "gulou-nanli-2026"][0]
    assert vetoed["vetoed"] == "true" and json.loads(vetoed["vetoes"]) and vetoed["rank"] == "" and vetoed["band"] == ""
    evaluations = sum(1 for _ in (ROOT / "content/communities").glob("*/evaluations/*.yml"))
    assert len(rows) == evaluations


def test_community_page_lists_every_notice_with_status_and_result(demo_site):
    page = parse_file(demo_site.site / "communities/gulou-nanli/index.html")
    items = page.with_class("sc-notice-item")
    order = [e.attrs["data-notice"] for e in items]
    # Open first, then closed ones newest first; nothing is dropped once closed.
    assert order.index("2026-gulou-nanli-zhenggai") < order.index("2026-gulou-nanli-chexiao")
    revocation = items[order.index("2026-gulou-nanli-chexiao")]
    assert "公示结束" in revocation.text and "结果：" in revocation.text
    xikou = parse_file(demo_site.site / "communities/xikou/index.html")
    pending = [e for e in xikou.with_class("sc-notice-item") if e.attrs["data-notice"] == "2026-xikou-wuhao-jiating-chuping"]
    assert pending and "结果待公布" in pending[0].text


def test_each_community_has_a_feed_of_its_notices_evaluations_and_activities(demo_site, tmp_path):
    """A resident follows one community: its Atom feed, linked from its page and <head>."""
    from urllib.parse import urljoin

    slug = "gulou-nanli"
    feed_path = demo_site.site / f"communities/{slug}/feed.xml"
    feed = feedparser.parse(feed_path.read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10" and feed.feed.title == "鼓楼南里社区动态"
    from showcase.loader import load_site

    site = load_site(ROOT / "content")
    notices_about_it = sorted(n.slug for n in site.notices.values() if slug in n.subjects)
    assert len(notices_about_it) >= 2
    links = [e.link for e in feed.entries]
    assert sorted(link.split("/")[-2] for link in links if "/notices/" in link) == notices_about_it
    titles = [e.title for e in feed.entries]
    assert "2026年度文明测评：一票否决" in titles  # vetoed in 2026 (the demo's ranking test)
    assert "背街小巷集中清理" in titles  # one of its activities
    # Newest first; every link leads to a page of the site.
    dates = [e.updated for e in feed.entries]
    assert dates == sorted(dates, reverse=True)
    for link in links:
        # Absolute with the demo's site_url (mkdocs.yml); relative without one.
        address = urljoin(f"https://wenming.linchuan.example.org/communities/{slug}/feed.xml", link)
        assert address.startswith("https://wenming.linchuan.example.org/"), link
        target = demo_site.site / address.removeprefix("https://wenming.linchuan.example.org/")
        assert (target / "index.html").is_file(), link
    # Its page points to it, in <head> for feed readers and in the page for people.
    page = parse_file(demo_site.site / f"communities/{slug}/index.html")
    heads = [e for e in page.elements if e.tag == "link" and "alternate" in e.attrs.get("rel", "").split()]
    assert "feed.xml" in [e.attrs["href"] for e in heads if e.attrs.get("title") == "鼓楼南里社区动态"]
    assert [e for e in page.find_all("a", href="feed.xml") if "订阅本社区动态" in e.text]
    # Ids stay the same in another build on another day.
    again = run_build(demo_site.site.parent / "content", tmp_path, date="2026-12-31")
    assert again.returncode == 0, again.output
    ids_again = [e.id for e in feedparser.parse((again.site / f"communities/{slug}/feed.xml").read_bytes()).entries]
    assert ids_again == [e.id for e in feed.entries]
