"""CSV cells that never run as formulas: every CSV of the open data (``opendata.py``)
writes its cells through ``safe_cell``."""

from __future__ import annotations

from decimal import Decimal

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
