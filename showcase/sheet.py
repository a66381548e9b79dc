"""The noticeboard sheet (公示栏): a printable A4 page per community and per notice, with
a QR code of the page's address made at build time.

The sheet is the page's own print view (templates ``showcase/sheet.html`` and
``showcase/notice-sheet.html``, styles ``assets/print.css``); this module makes its QR
code: :func:`qr_svg`, an inline SVG of the symbol segno encodes.

Why the mask is chosen here: segno picks the data mask (ISO/IEC 18004 7.8.3: the one of
lowest penalty) by applying and scoring all eight masks in pure Python, about 9 of the
10 ms a code costs it: 100 s of CPU in a build of 10,000 community pages. So segno
encodes the symbol once, with one mask (version, error correction, codewords and
placement: everything but the mask), the other seven symbols are derived from it by
exchanging the mask and the format information, rows and columns of modules as
integers, and each is scored by segno's penalty rules with bit operations. Like zxing's
and Nayuki's encoders, and unlike segno, the symbols are scored as printed (format
information included), so about one URL in twenty gets another mask than segno would
give it: as valid, and of lowest penalty. tests/test_sheet.py checks the derived symbols
against the ones segno makes with each mask, and the penalty against segno's own
``mask_scores``. About 3 ms a code in all.
"""

from __future__ import annotations

import functools
import re
from html import escape

import segno

# Templates whose pages print as a noticeboard sheet with a QR code.
SHEET_TEMPLATES = ("showcase/community.html", "showcase/notice.html")

# Error correction M (15 %): a URL of this site fits a version 4–6 symbol, whose modules
# stay large on paper; Q would need a version or two more.
QR_ERROR = "M"
# The quiet zone the standard asks for, in modules, on every side.
QR_BORDER = 4
# The printed size, quiet zone included: the symbol itself measures over 3 cm.
QR_SIZE_MM = 40

# Format information's error-level indicator (ISO/IEC 18004 Table 12).
_ERROR_BITS = {"L": 1, "M": 0, "Q": 3, "H": 2}
# The mask segno applies when it encodes (any would do; 2 is among the quickest for it).
_BASE_MASK = 2
_MASKS = (
    lambda i, j: (i + j) % 2 == 0,
    lambda i, j: i % 2 == 0,
    lambda i, j: j % 3 == 0,
    lambda i, j: (i + j) % 3 == 0,
    lambda i, j: (i // 2 + j // 3) % 2 == 0,
    lambda i, j: (i * j) % 2 + (i * j) % 3 == 0,
    lambda i, j: ((i * j) % 2 + (i * j) % 3) % 2 == 0,
    lambda i, j: ((i + j) % 2 + (i * j) % 3) % 2 == 0,
)
_DIGITS = bytes.maketrans(b"\0\1", b"01")
_FINDER_LIKE = "1011101"
_LIGHT4 = "0000"


def qr_svg(url: str) -> str:
    """An inline SVG QR code of ``url``: no XML declaration, no id or class; a white
    square (the quiet zone included, 4 cm on paper) and one path of the dark modules;
    labelled for screen readers. The same URL always gives the same characters."""
    rows = qr_rows(url)
    return svg_of(rows, url)


def qr_rows(url: str) -> list[str]:
    """The QR symbol of ``url`` (quiet zone excluded) as rows of ``0`` (light) and ``1``
    (dark), with the data mask of lowest penalty."""
    code = segno.make(url, error=QR_ERROR, boost_error=False, micro=False, mask=_BASE_MASK)
    size = len(code.matrix)
    rows = [int(bytes(row).translate(_DIGITS), 2) for row in code.matrix]
    columns = transpose(rows, size)
    # min() keeps the first of equal scores, as segno does.
    best = min(range(len(_MASKS)), key=lambda mask: penalty(*masked(rows, columns, size, code.error, mask), size))
    return [format(row, f"0{size}b") for row in masked(rows, columns, size, code.error, best)[0]]


def masked(rows: list[int], columns: list[int], size: int, error: str, mask: int) -> tuple[list[int], list[int]]:
    """The rows and columns of a symbol encoded with ``_BASE_MASK`` as they are with
    ``mask``: the data modules and the format information exchanged, the rest kept."""
    row_change, column_change = _changes(size, error, mask)
    new_rows = [a ^ b for a, b in zip(rows, row_change, strict=True)]
    return new_rows, [a ^ b for a, b in zip(columns, column_change, strict=True)]


def transpose(rows: list[int], size: int) -> list[int]:
    """Columns of bit rows, as bit rows (module j of a row is bit ``size - 1 - j``)."""
    lines = [format(row, f"0{size}b") for row in rows]
    return [int("".join(column), 2) for column in zip(*lines, strict=True)]


def penalty(rows: list[int], columns: list[int], size: int) -> int:
    """The symbol's penalty score (ISO/IEC 18004 7.8.3.1: N1 runs, N2 blocks, N3 finder-like
    patterns, N4 dark proportion), counted as segno's ``mask_scores`` counts it; the
    rows and columns of the symbol as bit rows. Bit operations do for each line of
    modules at once what a loop would do module by module."""
    pairs = (1 << (size - 1)) - 1
    score = 0
    for line in (*rows, *columns):
        # N1: a run of 5 + i modules of one colour costs 3 + i. Bit k of ``same`` is set
        # when modules k and k + 1 are of one colour, of ``five`` when k … k + 4 are: a
        # run of n ≥ 5 sets n − 4 bits of ``five``, and 2 more are added once a run.
        same = ~(line ^ (line >> 1)) & pairs
        five = same & (same >> 1) & (same >> 2) & (same >> 3)
        score += five.bit_count() + 2 * (five & ~(five << 1)).bit_count()
        # N3: 40 for each dark-light-dark-dark-dark-light-dark pattern with four light
        # modules on one side; the line is shifted to have the quiet zone's four light
        # modules below it (above it, every bit of an int is 0). Bit k of ``found`` is
        # set when the pattern starts at k, of ``clear`` when k … k + 3 are light.
        padded = line << 4
        light = ~padded
        found = padded & (light >> 1) & (padded >> 2) & (padded >> 3) & (padded >> 4) & (light >> 5) & (padded >> 6)
        if found & ((found >> 4) | (found >> 6)):
            # Patterns 4 or 6 modules apart share modules: segno counts the first of
            # them it reads, so count as it does.
            score += _finder_like(format(line, f"0{size}b"))
        elif found:
            clear = light & (light >> 1) & (light >> 2) & (light >> 3)
            score += 40 * (found & ((clear << 4) | (clear >> 7))).bit_count()
    # N2: each 2 × 2 block of one colour costs 3; bit k of ``block`` is set when
    # modules k and k + 1 of both rows are of one colour.
    for upper, lower in zip(rows, rows[1:], strict=False):
        vertical = ~(upper ^ lower)
        block = vertical & (vertical >> 1) & ~(upper ^ (upper >> 1)) & pairs
        score += 3 * block.bit_count()
    # N4: 10 for each 5 % the dark modules depart from half.
    dark = sum(row.bit_count() for row in rows)
    score += 10 * int(abs(float(dark) / (size * size) * 100 - 50) / 5)
    return score


def _finder_like(line: str) -> int:
    """N3 of one line: 40 for each 1:1:3:1:1 pattern with four light modules before or
    after it (the quiet zone is light), found left to right as segno finds them."""
    text = _LIGHT4 + line + _LIGHT4
    score = 0
    at = text.find(_FINDER_LIKE)
    while at != -1:
        if text[at - 4 : at] == _LIGHT4 or text[at + 7 : at + 11] == _LIGHT4:
            score += 40
            at = text.find(_FINDER_LIKE, at + 7)
        else:
            at = text.find(_FINDER_LIKE, at + 4)
    return score


def svg_of(rows: list[str], url: str) -> str:
    """The SVG of a symbol given as rows of ``0`` and ``1``: each run of dark modules a
    stroke of one module's width, positioned relative to the previous one."""
    side = len(rows) + 2 * QR_BORDER
    strokes = []
    x0 = y0 = 0
    for y, line in enumerate(rows, start=QR_BORDER):
        for run in re.finditer("1+", line):
            x, length = run.start() + QR_BORDER, run.end() - run.start()
            # A stroke runs along the middle of its row of modules.
            strokes.append(f"m{x - x0} {y - y0}h{length}" if strokes else f"M{x} {y}.5h{length}")
            x0, y0 = x + length, y
    label = escape(f"本页二维码：{url}")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {side} {side}" width="{QR_SIZE_MM}mm" '
        f'height="{QR_SIZE_MM}mm" role="img" aria-label="{label}" shape-rendering="crispEdges">'
        f'<path fill="#fff" d="M0 0h{side}v{side}h-{side}z"/>'
        f'<path stroke="#000" d="{"".join(strokes)}"/></svg>'
    )


@functools.lru_cache(maxsize=512)
def _changes(size: int, error: str, mask: int) -> tuple[list[int], list[int]]:
    """What turns a symbol of ``_BASE_MASK`` into one of ``mask``, as rows and as columns."""
    patterns = _mask_patterns(size)
    old, new = _format_rows(size, error, _BASE_MASK), _format_rows(size, error, mask)
    rows = [patterns[_BASE_MASK][i] ^ patterns[mask][i] ^ old[i] ^ new[i] for i in range(size)]
    return rows, transpose(rows, size)


@functools.lru_cache(maxsize=40)
def _mask_patterns(size: int) -> list[list[int]]:
    """Of a QR symbol ``size`` modules wide: each mask's pattern over the data modules,
    a bit row each (bit ``size - 1 - j`` is column j)."""
    version = (size - 17) // 4
    function = [[False] * size for _ in range(size)]

    def mark(top: int, left: int, height: int, width: int) -> None:
        for i in range(max(top, 0), min(top + height, size)):
            for j in range(max(left, 0), min(left + width, size)):
                function[i][j] = True

    # Finder patterns with their separators, and the format areas beside them (the
    # dark module included).
    mark(0, 0, 9, 9)
    mark(0, size - 8, 9, 8)
    mark(size - 8, 0, 8, 9)
    # Timing patterns.
    mark(6, 0, 1, size)
    mark(0, 6, size, 1)
    # Alignment patterns, centred on every pair of positions but the finders' corners.
    centres = _alignment_centres(version)
    corners = {(6, 6), (6, size - 7), (size - 7, 6)}
    for ci in centres:
        for cj in centres:
            if (ci, cj) not in corners:
                mark(ci - 2, cj - 2, 5, 5)
    # Version information (version 7 on).
    if version >= 7:
        mark(0, size - 11, 6, 3)
        mark(size - 11, 0, 3, 6)
    return [[_bits(not function[i][j] and test(i, j) for j in range(size)) for i in range(size)] for test in _MASKS]


def _alignment_centres(version: int) -> list[int]:
    """ISO/IEC 18004 Annex E, by the rule the table follows."""
    if version < 2:
        return []
    count = version // 7 + 2
    step = 26 if version == 32 else (version * 4 + count * 2 + 1) // (count * 2 - 2) * 2
    last = version * 4 + 10
    return [6] + sorted(last - k * step for k in range(count - 1))


def _format_rows(size: int, error: str, mask: int) -> list[int]:
    """The format information's dark modules (ISO/IEC 18004 7.9.1), as bit rows."""
    data = _ERROR_BITS[error] << 3 | mask
    remainder = data
    for _ in range(10):
        remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537)
    word = (data << 10 | remainder) ^ 0x5412
    rows = [0] * size

    def put(row: int, column: int, bit: int) -> None:
        if word >> bit & 1:
            rows[row] |= 1 << (size - 1 - column)

    for bit in range(6):
        put(bit, 8, bit)
    put(7, 8, 6)
    put(8, 8, 7)
    put(8, 7, 8)
    for bit in range(9, 15):
        put(8, 14 - bit, bit)
    for bit in range(8):
        put(8, size - 1 - bit, bit)
    for bit in range(8, 15):
        put(size - 15 + bit, 8, bit)
    return rows


def _bits(flags) -> int:
    value = 0
    for flag in flags:
        value = value << 1 | bool(flag)
    return value
