"""Policy status on a date and supersedes in both directions."""

from __future__ import annotations

import datetime as dt

import pytest

from showcase.model import Policy
from showcase.policies import IN_FORCE, NOT_YET, REPEALED, policy_status, policy_views

D = dt.date.fromisoformat


@pytest.mark.parametrize(
    ("effective", "repealed", "today", "status"),
    [
        (None, None, "2026-01-01", IN_FORCE),
        (None, "2026-01-01", "2025-12-31", IN_FORCE),
        (None, "2026-01-01", "2026-01-01", REPEALED),  # repealed on or before T
        ("2026-03-01", None, "2026-02-28", NOT_YET),
        ("2026-03-01", None, "2026-03-01", IN_FORCE),
    ],
)
def test_status(effective, repealed, today, status):
    policy = Policy(title="t", issuer="i", issued=D("2025-12-01"), effective=D(effective) if effective else None, repealed=D(repealed) if repealed else None)
    assert policy_status(policy, D(today)) == status


def test_supersedes_both_ways_and_newest_first():
    old = Policy(title="旧办法", issuer="i", issued=D("2019-03-12"), repealed=D("2025-01-01"), slug="old")
    new = Policy(title="新办法", issuer="i", issued=D("2024-11-20"), supersedes=["old"], slug="new")
    views = policy_views({"old": old, "new": new}, D("2026-11-23"))
    assert [v.policy.slug for v in views] == ["new", "old"]
    assert [p.slug for p in views[0].supersedes] == ["old"]
    assert [p.slug for p in views[1].superseded_by] == ["new"]
    assert views[1].status_label == "已废止"
