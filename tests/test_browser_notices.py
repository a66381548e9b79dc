"""Notice status recomputed in the reader's browser, with a fixed clock (Playwright).

The demo is built on 2026-11-23; readers open it on other days. The notice
2026-gulou-nanli-zhenggai runs 2026-11-17 … 2026-11-23 and has no result.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.browser import assert_local_only, browser, context, page, served_demo  # noqa: F401
from tests.notice_cases import ORDER_EXPECTED, ORDER_NOTICES, ORDER_TODAY, STATUS_CASES

pytestmark = pytest.mark.browser

SLUG = "2026-gulou-nanli-zhenggai"
SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def at(day: str, hour: int = 12) -> dt.datetime:
    return dt.datetime.fromisoformat(day).replace(hour=hour, tzinfo=SHANGHAI)


def status_of(page, selector: str) -> tuple[str, str | None, str]:
    el = page.locator(selector).first
    return el.get_attribute("data-state"), el.get_attribute("data-days-left"), el.locator(".sc-nstatus__label").inner_text()


@pytest.mark.parametrize(
    ("moment", "state", "days", "label"),
    [
        (at("2026-11-16"), "upcoming", None, "即将公示"),  # the day before start
        (at("2026-11-17"), "open", "7", "公示中 · 剩 7 天"),  # the start day
        (at("2026-11-23"), "open", "1", "公示中 · 剩 1 天"),  # the last day
        (at("2026-11-24"), "closed", None, "公示结束 · 结果待公布"),  # the day after the end
        # 00:30 in Shanghai is still the previous day in UTC: the Shanghai date counts.
        (at("2026-11-24", hour=0).replace(minute=30), "closed", None, "公示结束 · 结果待公布"),
        (at("2026-11-17", hour=0).replace(minute=30), "open", "7", "公示中 · 剩 7 天"),
    ],
)
def test_notice_page_status_follows_the_readers_clock(page, served_demo, moment, state, days, label):
    page.clock.set_fixed_time(moment)
    page.goto(f"{served_demo}notices/{SLUG}/")
    assert status_of(page, ".sc-notice__status .sc-nstatus") == (state, days, label)
    # The build-date stamp is for readers without JavaScript.
    assert page.locator(".sc-notice__status .sc-asof").inner_text() == ""
    assert_local_only(page.sc_requests)


def test_without_javascript_the_build_status_shows_with_its_date(browser, served_demo):  # noqa: F811
    ctx = browser.new_context(java_script_enabled=False)
    try:
        pg = ctx.new_page()
        pg.goto(f"{served_demo}notices/{SLUG}/")
        text = pg.locator(".sc-notice__status").inner_text()
        assert "公示中 · 剩 1 天" in text and "截至 2026-11-23" in text
    finally:
        ctx.close()


def test_home_banner_and_community_page_two_days_later(page, served_demo):
    page.clock.set_fixed_time(at("2026-11-25"))
    page.goto(served_demo)
    item = page.locator(f'.sc-banner [data-notice="{SLUG}"]')
    assert item.is_hidden()  # closed notices leave the banner
    state, days, _ = status_of(page, '.sc-banner [data-notice="2026-shi-wenming-shequ-tuijian"] .sc-nstatus')
    assert (state, days) == ("open", "3")  # 27 − 25 + 1
    page.goto(f"{served_demo}communities/gulou-nanli/")
    assert status_of(page, f'[data-notice="{SLUG}"] .sc-nstatus')[0] == "closed"


def test_index_moves_notices_between_sections(page, served_demo):
    page.clock.set_fixed_time(at("2026-12-02"))
    page.goto(f"{served_demo}notices/")
    # Upcoming at build time, open on 12-02 (12-01 … 12-07: 6 days left).
    upcoming_then = page.locator('[data-sc-list="open"] [data-notice="2026-qu-wenming-shequ-mingming"] .sc-nstatus')
    assert upcoming_then.get_attribute("data-days-left") == "6"
    # Open at build time, archived under 2026 now; nothing is dropped.
    assert page.locator(f'[data-sc-list="closed-2026"] [data-notice="{SLUG}"]').count() == 1
    assert page.locator(".sc-notice-item").count() == 8


def test_notice_prints_on_a4_without_navigation(page, served_demo, tmp_path):
    page.clock.set_fixed_time(at("2026-11-23"))
    page.goto(f"{served_demo}notices/{SLUG}/")
    page.emulate_media(media="print")
    assert page.locator(".md-header").is_hidden() and page.locator(".md-tabs").is_hidden()
    assert page.locator(".md-sidebar--primary").is_hidden()
    footer = page.locator(".sc-print-only")
    assert footer.is_visible()
    text = footer.inner_text()
    assert f"notices/{SLUG}/" in text and "生成日期：2026-11-23" in text
    body = page.locator(".sc-page").inner_text()
    for needed in ("2026-11-17 至 2026-11-23", "鼓楼南里社区", "0600-6820 1158", "意见反映渠道"):
        assert needed in body
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")


def test_shared_cases_in_the_browser(page, served_demo):
    """The table the Python rules pass (tests/notice_cases.py), in the page's script."""
    page.goto(served_demo + "notices/")
    for (start, end, has_result, today), (state, days, label) in STATUS_CASES:
        found = page.evaluate("([s, e, r, t]) => window.scNotices.status(s, e, r, t)", [start, end, has_result, today])
        assert (found["state"], found.get("daysLeft"), found["label"]) == (state, days, label), (start, end, today)
    for state, expected in ORDER_EXPECTED.items():
        slugs = page.evaluate(
            """([state, notices, today]) => notices
                 .filter(([slug, s, e]) => window.scNotices.status(s, e, false, today).state === state)
                 .map(([slug, start, end]) => ({slug, start, end}))
                 .sort((a, b) => window.scNotices.compare(state, a, b))
                 .map(n => n.slug)""",
            [state, ORDER_NOTICES, ORDER_TODAY],
        )
        assert slugs == expected, state
