"""Policies: status on a date and the supersedes relation, both ways."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .model import Policy

IN_FORCE = "in_force"
REPEALED = "repealed"
NOT_YET = "not_yet"
STATUS_LABELS = {IN_FORCE: "现行有效", REPEALED: "已废止", NOT_YET: "尚未施行"}


def policy_status(policy: Policy, today: dt.date) -> str:
    """已废止 from the repeal date on; 尚未施行 before the effective date; else 现行有效."""
    if policy.repealed is not None and policy.repealed <= today:
        return REPEALED
    if policy.effective is not None and policy.effective > today:
        return NOT_YET
    return IN_FORCE


def superseded_by(policies: dict[str, Policy]) -> dict[str, list[Policy]]:
    """slug → the policies that name it in ``supersedes``."""
    result: dict[str, list[Policy]] = {}
    for policy in sorted(policies.values(), key=lambda p: (p.issued, p.slug)):
        for old in policy.supersedes:
            result.setdefault(old, []).append(policy)
    return result


@dataclass
class PolicyView:
    policy: Policy
    status: str
    status_label: str
    supersedes: list[Policy]
    superseded_by: list[Policy]


def policy_views(policies: dict[str, Policy], today: dt.date) -> list[PolicyView]:
    """Every policy, newest first, with its status and both directions of supersedes."""
    by = superseded_by(policies)
    views = []
    for policy in sorted(policies.values(), key=lambda p: (p.issued, p.slug), reverse=True):
        status = policy_status(policy, today)
        views.append(
            PolicyView(
                policy=policy,
                status=status,
                status_label=STATUS_LABELS[status],
                supersedes=[policies[s] for s in policy.supersedes],
                superseded_by=by.get(policy.slug, []),
            )
        )
    return views
