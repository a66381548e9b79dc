"""No request of the demo's pages fails, and the directory's links open the communities
they name, clicked in Chromium as a reader would."""

from __future__ import annotations

import pytest

from tests.browser import browser, context, page, served_demo  # noqa: F401
from tests.test_browser_accessibility import PAGES

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("path", PAGES)
def test_no_request_fails(page, served_demo, path):
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(f"{request.url} ({request.failure})"))
    page.on("response", lambda response: failed.append(f"{response.url} → {response.status}") if response.status >= 400 else None)
    page.goto(served_demo + path)
    page.wait_for_load_state("networkidle")
    assert page.context.sc_requests, "no request was recorded"
    assert failed == []


def test_directory_cards_lead_to_their_communities(page, served_demo):
    page.goto(served_demo + "communities/")
    cards = page.locator("a.sc-card__link")
    names = cards.all_inner_texts()
    assert len(names) >= 10
    for index, name in enumerate(names):
        page.goto(served_demo + "communities/")
        page.locator("a.sc-card__link").nth(index).click()
        page.wait_for_load_state("domcontentloaded")
        assert page.locator("h1").first.inner_text().strip() == name.strip()
        assert "/communities/" in page.url and page.url != served_demo + "communities/"
