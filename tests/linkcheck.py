"""The project's link checker lives in ``showcase.linkcheck`` (the sharded build's
assembly checks with it too)."""

from showcase.linkcheck import broken_links, count_links, is_external  # noqa: F401
