"""The "纠错 / 反映问题" link, configured once in mkdocs.yml (showcase.report)."""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from htmlcheck import parse_file

from showcase.report import report_href, report_problem


def test_an_email_address_gives_a_mailto_with_the_page():
    href = report_href("jiandu@example.org", "茶园社区", "https://wm.example.org/communities/chayuan/")
    parts = urlsplit(href)
    assert (parts.scheme, parts.path) == ("mailto", "jiandu@example.org")
    query = parse_qs(parts.query)
    assert query["subject"] == ["纠错：茶园社区"]
    assert "地址：https://wm.example.org/communities/chayuan/" in query["body"][0]


def test_a_url_template_gets_title_and_address_encoded():
    href = report_href("https://12345.example.org/new?about={title}&page={url}", "A&B 社区#1", "/communities/a-b/")
    query = parse_qs(urlsplit(href).query)
    assert query == {"about": ["A&B 社区#1"], "page": ["/communities/a-b/"]}
    assert "#" not in href and unquote(href).endswith("page=/communities/a-b/")


@pytest.mark.parametrize(
    ("setting", "problem"),
    [
        ("jiandu@example.org", None),
        ("https://x.example.org/f?t={title}", None),
        ("javascript:alert(1)", "应为电子邮箱地址"),
        ("ftp://x.example.org/", "应为电子邮箱地址"),
        ("https://x.example.org/f?t={name}", "不能用 {name}"),
    ],
)
def test_settings_are_checked(setting, problem):
    found = report_problem(setting)
    assert (found is None) if problem is None else (problem in found)


def test_community_and_notice_pages_link_to_it(demo_site):
    for page, title in [("communities/chayuan/index.html", "茶园社区"), ("notices/2026-gulou-nanli-zhenggai/index.html", None)]:
        parsed = parse_file(demo_site.site / page)
        links = [e for e in parsed.find_all("a") if e.text.strip() == "纠错 / 反映问题"]
        assert len(links) == 1, page
        query = parse_qs(urlsplit(links[0].attrs["href"]).query)
        if title:
            assert query["subject"] == [f"纠错：{title}"]
    # Not on other pages.
    assert not [e for e in parse_file(demo_site.site / "index.html").find_all("a") if "纠错" in e.text]
