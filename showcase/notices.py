"""Publicity notices (公示): status on a date, ordering, and the Atom feed.

The same rules run in the reader's browser (``theme_overrides/assets/showcase.js``) so a
page read days after the build still shows the right status. The labels and the order
of each list are one table here (``browser_rules``), written into that script by the
build; one table of cases (``tests/notice_cases.py``) runs against both.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .browser import with_rules
from .model import Notice

UPCOMING = "upcoming"
OPEN = "open"
CLOSED = "closed"

STATE_LABELS = {UPCOMING: "即将公示", OPEN: "公示中", CLOSED: "公示结束"}
RESULT_PENDING = "结果待公布"
OPEN_LABEL = "公示中 · 剩 {days} 天"
PENDING_LABEL = f"公示结束 · {RESULT_PENDING}"
# How the notices of each status are listed: keys of a notice, "-" for descending.
# Open ones, fewest days left first; upcoming ones, soonest first; closed ones, the
# most recently ended first. The slug breaks every tie, so the order is total.
ORDER = {
    OPEN: ("end", "start", "slug"),
    UPCOMING: ("start", "end", "slug"),
    CLOSED: ("-end", "-slug"),
}


@dataclass(frozen=True)
class NoticeStatus:
    state: str
    days_left: int | None  # while open: end − T + 1, counting T and the end day
    result_pending: bool  # closed without a result

    @property
    def label(self) -> str:
        if self.state == OPEN:
            return OPEN_LABEL.format(days=self.days_left)
        if self.state == CLOSED and self.result_pending:
            return PENDING_LABEL
        return STATE_LABELS[self.state]


def notice_status(notice: Notice, today: dt.date) -> NoticeStatus:
    """upcoming if T < start; open if start ≤ T ≤ end; closed if T > end."""
    if today < notice.start:
        return NoticeStatus(UPCOMING, None, False)
    if today <= notice.end:
        return NoticeStatus(OPEN, (notice.end - today).days + 1, False)
    return NoticeStatus(CLOSED, None, notice.result is None)


@dataclass(frozen=True)
class NoticeEntry:
    notice: Notice
    status: NoticeStatus


def entries(notices: list[Notice], today: dt.date) -> list[NoticeEntry]:
    return [NoticeEntry(n, notice_status(n, today)) for n in notices]


def in_order(items: list[NoticeEntry], state: str) -> list[NoticeEntry]:
    """The entries of ``state``, in that list's ``ORDER``."""
    chosen = [e for e in items if e.status.state == state]
    # Stable sorts from the last key to the first, each ascending or descending.
    for key in reversed(ORDER[state]):
        name = key.lstrip("-")
        chosen.sort(key=lambda e, name=name: getattr(e.notice, name), reverse=key.startswith("-"))
    return chosen


def urgent_first(items: list[NoticeEntry]) -> list[NoticeEntry]:
    """Open notices, fewest days left first; then upcoming ones, soonest first."""
    return in_order(items, OPEN) + in_order(items, UPCOMING)


def browser_rules() -> dict:
    """The rules the reader's browser applies, from the same table as these."""
    return {
        "labels": STATE_LABELS,
        "open": OPEN_LABEL,
        "pending": PENDING_LABEL,
        "order": {state: list(keys) for state, keys in ORDER.items()},
    }


RULES_PLACEHOLDER = "/*NOTICE_RULES*/null"


def with_browser_rules(script: str) -> str:
    """``script`` (assets/showcase.js) with the rules written in for its placeholder."""
    return with_rules(script, RULES_PLACEHOLDER, browser_rules(), "assets/showcase.js")


@dataclass
class ArchiveYear:
    year: int
    entries: list[NoticeEntry]


@dataclass
class NoticeIndex:
    open: list[NoticeEntry]
    upcoming: list[NoticeEntry]
    archive: list[ArchiveYear]  # closed notices by the year their period ended, newest first
    pending_results: list[NoticeEntry]
    today: str = ""  # the date the statuses are as of, ISO


def notice_index(notices: list[Notice], today: dt.date) -> NoticeIndex:
    items = entries(notices, today)
    live = urgent_first(items)
    closed = in_order(items, CLOSED)
    years: dict[int, list[NoticeEntry]] = {}
    for entry in closed:
        years.setdefault(entry.notice.end.year, []).append(entry)
    return NoticeIndex(
        open=[e for e in live if e.status.state == OPEN],
        upcoming=[e for e in live if e.status.state == UPCOMING],
        archive=[ArchiveYear(year, years[year]) for year in sorted(years, reverse=True)],
        pending_results=[e for e in closed if e.status.result_pending],
        today=today.isoformat(),
    )


def pending_result_warning(index: NoticeIndex) -> str | None:
    """The editors' reminder for closed notices that still have no result."""
    if not index.pending_results:
        return None
    lines = [f"  - {e.notice.path}: {e.notice.title}（{e.notice.end.isoformat()} 公示结束）" for e in index.pending_results]
    return f"{len(lines)} 条公示已结束但尚未填写 result（页面显示「{RESULT_PENDING}」）：\n" + "\n".join(lines)
