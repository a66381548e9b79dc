"""Downloadable data for journalists: every evaluation as CSV, from the same scores
the pages and badges show."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from .scoreviews import RankingView

COLUMNS = ["年度", "测评体系", "社区", "标识", "街道", "区县", "基本指标", "特色指标", "总分（精确）", "总分（显示）", "等次", "名次", "一票否决"]

# First characters that make a spreadsheet read a cell as a formula (OWASP), and the
# full-width forms Excel converts to them in Chinese locales.
FORMULA_TRIGGERS = frozenset("=+-@\t\r" + "\uff1d\uff0b\uff0d\uff20")


def safe_cell(value: str | int | Decimal | None) -> str:
    """A CSV cell that a spreadsheet shows as written and never runs as a formula.

    CSV Injection (OWASP, https://owasp.org/www-community/attacks/CSV_Injection): Excel
    and other spreadsheets evaluate a cell whose first character is ``=``, ``+``, ``-``,
    ``@``, tab (0x09) or carriage return (0x0D), e.g. ``=HYPERLINK(…)`` or a DDE call.
    As OWASP recommends, such a text cell is prefixed with a single quote ``'``, which
    Excel reads as "this is text". The full-width ``＝ ＋ － ＠`` are treated the same,
    because Excel in Chinese locales converts them to their ASCII forms. Separators and
    quotes inside a cell are left to the ``csv`` module, which quotes the cell.

    Numbers the build computes (``int``, ``Decimal``: years, scores, ranks) are written
    as plain numbers, never prefixed, so ``-2.5`` stays a number. Every text value that
    comes from content must go through this function, whatever it looks like. ``None``
    is an empty cell.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        raise TypeError("safe_cell: a bool is not a cell value")
    if isinstance(value, int | Decimal):
        return str(value)
    if not isinstance(value, str):
        raise TypeError(f"safe_cell: expected str, int or Decimal, got {type(value).__name__}")
    if value[:1] in FORMULA_TRIGGERS:
        return "'" + value
    return value


def evaluations_csv(rankings: list[RankingView]) -> bytes:
    """One row per evaluation, newest year first, in ranking order. UTF-8 with a BOM so
    that Excel opens the Chinese text correctly. Text from content goes through
    :func:`safe_cell`; numbers are written as they were computed."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for view in rankings:
        r = view.ranking
        for row in r.ranked + r.vetoed:
            s, c = row.score, row.community
            writer.writerow(
                [
                    safe_cell(r.year),
                    safe_cell(r.framework.id),
                    safe_cell(c.name),
                    safe_cell(c.slug),
                    safe_cell(c.street),
                    safe_cell(c.district),
                    safe_cell(s.basic),
                    safe_cell(s.special),
                    safe_cell(s.total),
                    s.display,  # format_score(s.total): a computed number, as text
                    "" if s.vetoed else safe_cell(s.band.label),
                    safe_cell(row.rank),
                    safe_cell("；".join(s.veto_labels)) if s.vetoed else "",
                ]
            )
    return ("\ufeff" + out.getvalue()).encode("utf-8")
