"""One table of notice cases, run against the Python rules (tests/test_notices.py) and
the reader's browser (tests/test_browser_notices.py): both must give the same status,
label and order."""

from __future__ import annotations

# (start, end, has result, today) → (state, days left, label)
STATUS_CASES = [
    (("2026-11-17", "2026-11-23", False, "2026-11-16"), ("upcoming", None, "即将公示")),  # the day before start
    (("2026-11-17", "2026-11-23", False, "2026-11-17"), ("open", 7, "公示中 · 剩 7 天")),  # start: 23 − 17 + 1
    (("2026-11-17", "2026-11-23", False, "2026-11-20"), ("open", 4, "公示中 · 剩 4 天")),
    (("2026-11-17", "2026-11-23", False, "2026-11-23"), ("open", 1, "公示中 · 剩 1 天")),  # the last day counts
    (("2026-11-17", "2026-11-23", False, "2026-11-24"), ("closed", None, "公示结束 · 结果待公布")),
    (("2026-11-17", "2026-11-23", True, "2026-11-24"), ("closed", None, "公示结束")),
    (("2026-11-23", "2026-11-23", False, "2026-11-23"), ("open", 1, "公示中 · 剩 1 天")),  # one day long
    (("2026-12-30", "2027-01-05", False, "2026-12-31"), ("open", 6, "公示中 · 剩 6 天")),  # across a year
    (("2028-02-27", "2028-03-01", False, "2028-02-29"), ("open", 2, "公示中 · 剩 2 天")),  # a leap day
]

# Notices as (slug, start, end); for each status, the order its list shows them in.
# Ties on every date are broken by the slug, the same way in both.
ORDER_NOTICES = [
    ("b", "2026-11-19", "2026-11-27"),
    ("a", "2026-11-17", "2026-11-23"),
    ("a2", "2026-11-17", "2026-11-23"),  # the same dates as "a"
    ("e", "2026-11-20", "2026-11-23"),  # ends with "a", starts later
    ("d", "2026-12-01", "2026-12-07"),
    ("c", "2026-11-25", "2026-11-30"),
    ("c2", "2026-11-25", "2026-11-28"),  # starts with "c", ends sooner
    ("old", "2026-11-01", "2026-11-05"),
    ("old2", "2026-11-01", "2026-11-05"),
    ("older", "2026-10-01", "2026-10-05"),
]
ORDER_TODAY = "2026-11-23"
ORDER_EXPECTED = {
    "open": ["a", "a2", "e", "b"],
    "upcoming": ["c2", "c", "d"],
    "closed": ["old2", "old", "older"],
}
