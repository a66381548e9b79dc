"""The noticeboard sheet (公示栏): a printable A4 page per community and per notice, with
a QR code of the page's address made at build time."""

from __future__ import annotations

# Templates whose pages print as a noticeboard sheet with a QR code.
SHEET_TEMPLATES = ("showcase/community.html", "showcase/notice.html")


def qr_svg(url: str) -> str:
    """An inline SVG QR code of ``url`` (placeholder until segno is wired: empty)."""
    return ""
