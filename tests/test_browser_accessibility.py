"""Accessibility of the built demo, checked with axe-core in Chromium (WCAG 2 A/AA)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser import axe_violations, browser, context, page, served_demo  # noqa: F401

pytestmark = pytest.mark.browser

PAGES = [
    "",
    "communities/",
    "communities/liuyin-xiyuan/",
    "communities/gulou-nanli/",
    "communities/chayuan/",
    "notices/",
    "notices/2026-gulou-nanli-zhenggai/",
    "policies/",
    "policies/wenming-shequ-banfa-2019/",
    "policies/frameworks/qingzhou-2025/",
    "rankings/",
    "rankings/2026-qingzhou-2025/",
    "rankings/districts/",
    "rankings/compare/?c=liuyin-xiyuan,xikou,chayuan",
    "data/",
    "search/?q=垃圾分类",
    "search/?q=社区",  # more than 20 results: the "显示更多结果" button
    "about/editing/",
]


@pytest.mark.parametrize("path", PAGES)
def test_no_wcag_violations(page, served_demo, path):
    page.goto(served_demo + path)
    page.wait_for_load_state("networkidle")
    if path.startswith("search/"):
        page.locator("ol.sc-results > li").first.wait_for()
    violations = axe_violations(page)
    assert violations == []
