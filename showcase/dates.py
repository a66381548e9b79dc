"""The build date T: decided once per build, passed everywhere as an argument."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from zoneinfo import ZoneInfo

from .errors import ContentError, ContentInvalid
from .messages import msg
from .schema import INVALID, parse_date

SHANGHAI = ZoneInfo("Asia/Shanghai")


def build_date(environ: Mapping[str, str], now: dt.datetime | None = None) -> dt.date:
    """``SHOWCASE_DATE`` (YYYY-MM-DD) when set, else today in Asia/Shanghai."""
    value = environ.get("SHOWCASE_DATE", "").strip()
    if value:
        errors: list[ContentError] = []
        parsed = parse_date(value, lambda key, v: errors.append(ContentError("环境变量", None, "SHOWCASE_DATE", msg("build_date", value=v))))
        if parsed is INVALID:
            raise ContentInvalid(errors)
        return parsed
    moment = now or dt.datetime.now(dt.UTC)
    return moment.astimezone(SHANGHAI).date()


def format_date(value: dt.date) -> str:
    """A date as residents read it: 2026年11月23日."""
    return f"{value.year}年{value.month}月{value.day}日"
