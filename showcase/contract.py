"""The content contract as schema specs: one Record per file kind, built from the
model's declarations (``model.py``: each field declared once, with its spec).

The loader validates with these, and ``scripts/export_schemas.py`` turns them into the
JSON Schemas editors' tools use.
"""

from __future__ import annotations

from . import model as m
from .schema import ListOf, record_of

PATH = m.IMAGE
TEAM = record_of(m.Team)
CONTACT = record_of(m.Contact)

COMMUNITY = record_of(m.Community, title="社区简介（communities/<slug>/index.md 的 front matter）")
ACHIEVEMENTS = ListOf(record_of(m.Achievement))
RECTIFICATIONS = ListOf(record_of(m.Rectification))
FRAMEWORK = record_of(m.Framework, title="测评体系（policies/frameworks/<id>.yml）")
EVALUATION = record_of(m.Evaluation, title="年度测评（communities/<slug>/evaluations/<year>.yml）")
POLICY = record_of(m.Policy, title="政策文件（policies/<slug>.md 的 front matter）")
NOTICE = record_of(m.Notice, title="公示（notices/<slug>.md 的 front matter）")

# file kind → its spec
FILE_KINDS = {
    "community": COMMUNITY,
    "achievements": ACHIEVEMENTS,
    "rectifications": RECTIFICATIONS,
    "framework": FRAMEWORK,
    "evaluation": EVALUATION,
    "policy": POLICY,
    "notice": NOTICE,
}
