"""The "纠错 / 反映问题" link: where a reader reports a mistake on a page, configured once
for the site (``extra.showcase.report`` in mkdocs.yml) as an e-mail address or as a URL
template with ``{title}`` and ``{url}`` filled in for each page."""

from __future__ import annotations

import re
from urllib.parse import quote

_EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
_PLACEHOLDER = re.compile(r"\{(\w*)\}")
PLACEHOLDERS = ("title", "url")


def report_problem(setting: str) -> str | None:
    """Why ``setting`` cannot be used (None when it can), in plain Chinese."""
    if _EMAIL.fullmatch(setting):
        return None
    if not setting.startswith(("https://", "http://")):
        return f"应为电子邮箱地址，或以 https:// 开头的网址模板，而不是「{setting}」"
    unknown = [name for name in _PLACEHOLDER.findall(setting) if name not in PLACEHOLDERS]
    if unknown:
        return f"网址模板中只能用 {{title}} 和 {{url}}，不能用 {{{unknown[0]}}}"
    return None


def report_href(setting: str, title: str, url: str) -> str:
    """The link for one page: a ``mailto:`` with the page's title and address, or the
    URL template with them filled in (percent-encoded)."""
    if _EMAIL.fullmatch(setting):
        subject = quote(f"纠错：{title}")
        body = quote(f"页面：{title}\n地址：{url}\n\n问题：")
        return f"mailto:{setting}?subject={subject}&body={body}"
    values = {"title": quote(title, safe=""), "url": quote(url, safe="")}
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], setting)
