"""Rules the reader's browser applies, written into the theme's scripts by the build.

A script holds a placeholder (``/*NAME*/null``) where the build writes a table of the
domain's rules as JSON, so the browser and the build read one table.
"""

from __future__ import annotations

import json


def with_rules(script: str, placeholder: str, rules: dict, name: str) -> str:
    """``script`` (named ``name`` in errors) with ``rules`` written in for ``placeholder``."""
    if script.count(placeholder) != 1:
        raise ValueError(f"{name}: expected {placeholder} once")
    return script.replace(placeholder, json.dumps(rules, ensure_ascii=False, sort_keys=True))
