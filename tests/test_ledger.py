"""Rectification statuses on the build date and the two rates."""

from __future__ import annotations

import datetime as dt

import pytest

from showcase.ledger import CLOSED_LATE, CLOSED_ON_TIME, OPEN, OVERDUE, Rate, rectification_status, summarize
from showcase.model import Rectification

D = dt.date.fromisoformat


def entry(deadline="2026-11-23", closed=None, found="2026-11-01", id_="1") -> Rectification:
    return Rectification(id=id_, found=D(found), source="自查", location="l", issue="i", deadline=D(deadline), closed=D(closed) if closed else None)


@pytest.mark.parametrize(
    ("deadline", "closed", "today", "status"),
    [
        ("2026-11-23", None, "2026-11-23", OPEN),  # the deadline day itself is not overdue
        ("2026-11-23", None, "2026-11-24", OVERDUE),
        ("2026-11-23", "2026-11-23", "2026-12-31", CLOSED_ON_TIME),  # closed on the deadline
        ("2026-11-23", "2026-11-24", "2026-12-31", CLOSED_LATE),
        ("2026-11-23", "2026-11-02", "2026-11-03", CLOSED_ON_TIME),
    ],
)
def test_status(deadline, closed, today, status):
    assert rectification_status(entry(deadline, closed), D(today)) == status


def test_rates_hand_worked():
    # 4 entries: 2 closed (1 on time, 1 late), 1 open, 1 overdue on 2026-11-23.
    entries = [
        entry("2026-11-10", "2026-11-09", id_="a"),
        entry("2026-11-10", "2026-11-12", id_="b"),
        entry("2026-11-30", id_="c"),
        entry("2026-11-20", id_="d"),
    ]
    s = summarize(entries, D("2026-11-23"))
    assert (s.total, s.closed, s.closed_on_time, s.open, s.overdue) == (4, 2, 1, 1, 1)
    assert s.rectification_rate.percent == "50.0%"  # 2 ÷ 4
    assert s.on_time_rate.percent == "50.0%"  # 1 ÷ 2


def test_zero_of_zero_is_a_dash_never_a_number():
    s = summarize([], D("2026-11-23"))
    assert s.rectification_rate.percent == "—" and s.on_time_rate.percent == "—"
    open_only = summarize([entry("2026-12-01")], D("2026-11-23"))
    assert open_only.rectification_rate.percent == "0.0%"
    assert open_only.on_time_rate.percent == "—"  # nothing closed yet


@pytest.mark.parametrize(("part", "whole", "text"), [(2, 3, "66.7%"), (1, 8, "12.5%"), (1, 16, "6.3%"), (7, 7, "100.0%"), (1, 3, "33.3%")])
def test_rate_rounds_half_up_exactly(part, whole, text):
    assert Rate(part, whole).percent == text
