"""Notice status on a date: every boundary, with T as an argument."""

from __future__ import annotations

import datetime as dt

import pytest
from notice_cases import ORDER_EXPECTED, ORDER_NOTICES, ORDER_TODAY, STATUS_CASES  # noqa: E402

from showcase.model import Contact, Notice
from showcase.notices import (
    CLOSED,
    OPEN,
    UPCOMING,
    entries,
    in_order,  # noqa: E402
    notice_index,
    notice_status,
    pending_result_warning,
    urgent_first,
)

D = dt.date.fromisoformat


def notice(start="2026-11-17", end="2026-11-23", result=None, slug="n") -> Notice:
    return Notice(
        title="t", kind="其他", issuer="i", start=D(start), end=D(end), channels=Contact(phone="010-1234"), result=result, slug=slug, path=f"content/notices/{slug}.md"
    )


@pytest.mark.parametrize(
    ("today", "state", "days_left", "label"),
    [
        ("2026-11-16", UPCOMING, None, "即将公示"),  # the day before start
        ("2026-11-17", OPEN, 7, "公示中 · 剩 7 天"),  # the start day: 23 − 17 + 1
        ("2026-11-20", OPEN, 4, "公示中 · 剩 4 天"),
        ("2026-11-23", OPEN, 1, "公示中 · 剩 1 天"),  # the last day counts
        ("2026-11-24", CLOSED, None, "公示结束 · 结果待公布"),  # the day after the end
        ("2027-01-01", CLOSED, None, "公示结束 · 结果待公布"),
    ],
)
def test_status_at_every_boundary(today, state, days_left, label):
    status = notice_status(notice(), D(today))
    assert (status.state, status.days_left, status.label) == (state, days_left, label)


def test_single_day_notice_is_open_for_one_day():
    n = notice(start="2026-11-23", end="2026-11-23")
    assert notice_status(n, D("2026-11-22")).state == UPCOMING
    assert notice_status(n, D("2026-11-23")).days_left == 1
    assert notice_status(n, D("2026-11-24")).state == CLOSED


def test_closed_with_result_is_not_pending():
    status = notice_status(notice(result="无异议，予以通过"), D("2026-12-01"))
    assert status.state == CLOSED and not status.result_pending and status.label == "公示结束"


def test_open_notices_most_urgent_first_then_upcoming():
    today = D("2026-11-23")
    items = entries(
        [
            notice("2026-11-19", "2026-11-27", slug="b"),
            notice("2026-11-17", "2026-11-23", slug="a"),
            notice("2026-12-01", "2026-12-07", slug="d"),
            notice("2026-11-25", "2026-11-30", slug="c"),
            notice("2026-11-01", "2026-11-05", slug="old"),
        ],
        today,
    )
    assert [e.notice.slug for e in urgent_first(items)] == ["a", "b", "c", "d"]


def test_index_archives_closed_notices_by_year_and_never_drops_them():
    today = D("2026-11-23")
    notices = [
        notice("2025-11-17", "2025-11-21", result="通过", slug="y2025"),
        notice("2026-10-26", "2026-10-30", result="通过", slug="oct"),
        notice("2026-11-09", "2026-11-13", slug="pending"),
        notice("2026-11-17", "2026-11-23", slug="open"),
    ]
    index = notice_index(notices, today)
    assert [e.notice.slug for e in index.open] == ["open"]
    assert [(y.year, [e.notice.slug for e in y.entries]) for y in index.archive] == [(2026, ["pending", "oct"]), (2025, ["y2025"])]
    shown = {e.notice.slug for e in index.open + index.upcoming} | {e.notice.slug for y in index.archive for e in y.entries}
    assert shown == {n.slug for n in notices}
    warning = pending_result_warning(index)
    assert warning is not None and "content/notices/pending.md" in warning and "oct" not in warning


@pytest.mark.parametrize(("case", "expected"), STATUS_CASES)
def test_shared_status_cases(case, expected):
    start, end, has_result, today = case
    status = notice_status(notice(start, end, result="通过" if has_result else None), D(today))
    assert (status.state, status.days_left, status.label) == expected


@pytest.mark.parametrize("state", sorted(ORDER_EXPECTED))
def test_shared_order_cases(state):
    items = entries([notice(start, end, slug=slug) for slug, start, end in ORDER_NOTICES], D(ORDER_TODAY))
    assert [e.notice.slug for e in in_order(items, state)] == ORDER_EXPECTED[state]
