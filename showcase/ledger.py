"""Rectification ledgers: each entry's status on the build date, and the rates."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from decimal import Decimal

from .model import Rectification

OPEN = "open"
OVERDUE = "overdue"
CLOSED_ON_TIME = "closed_on_time"
CLOSED_LATE = "closed_late"

STATUS_LABELS = {
    OPEN: "整改中",
    OVERDUE: "已逾期",
    CLOSED_ON_TIME: "按期销号",
    CLOSED_LATE: "逾期销号",
}


def rectification_status(entry: Rectification, today: dt.date) -> str:
    """closed (on time or late) if ``closed`` is given; overdue if the deadline has
    passed; open otherwise."""
    if entry.closed is not None:
        return CLOSED_ON_TIME if entry.closed <= entry.deadline else CLOSED_LATE
    if entry.deadline < today:
        return OVERDUE
    return OPEN


@functools.lru_cache(maxsize=65536)  # few distinct ratios; a large site asks for each many times
def _percent(part: int, whole: int) -> Decimal:
    """part ÷ whole in percent, to one decimal, half up: floor(1000·part/whole + 1/2)
    tenths, in integers (exact; ``whole`` > 0)."""
    return Decimal((2000 * part + whole) // (2 * whole)).scaleb(-1)


@dataclass(frozen=True)
class Rate:
    """A ratio that may have no denominator (0 of 0 is shown as "—", never a number)."""

    part: int
    whole: int

    @property
    def value(self) -> Decimal | None:
        """The rate in percent to one decimal, half up, from the integer ratio (exact
        before the one rounding); None when there is no denominator."""
        return None if self.whole == 0 else _percent(self.part, self.whole)

    @property
    def percent(self) -> str:
        value = self.value
        return "—" if value is None else f"{value}%"

    @property
    def fraction(self) -> float | None:
        return None if self.whole == 0 else self.part / self.whole


@dataclass(frozen=True)
class LedgerSummary:
    total: int
    open: int
    overdue: int
    closed: int
    closed_on_time: int
    rectification_rate: Rate  # closed ÷ all entries
    on_time_rate: Rate  # closed on time ÷ all closed


def summarize(entries: list[Rectification], today: dt.date) -> LedgerSummary:
    return summary_of([rectification_status(e, today) for e in entries])


def summary_of(statuses: list[str]) -> LedgerSummary:
    """The summary of entries with these statuses (``rectification_status``)."""
    closed = statuses.count(CLOSED_ON_TIME) + statuses.count(CLOSED_LATE)
    on_time = statuses.count(CLOSED_ON_TIME)
    return LedgerSummary(
        total=len(statuses),
        open=statuses.count(OPEN),
        overdue=statuses.count(OVERDUE),
        closed=closed,
        closed_on_time=on_time,
        rectification_rate=Rate(closed, len(statuses)),
        on_time_rate=Rate(on_time, closed),
    )
