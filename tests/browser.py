"""Shared helpers for browser tests: Debian's chromium driven by Playwright (sync API).

Usage in a test module::

    # ruff: noqa: F811  (fixtures are imported, then requested by name as arguments)
    import pytest
    from tests.browser import assert_local_only, browser, context, page, served_demo  # noqa: F401

    pytestmark = pytest.mark.browser

    def test_something(page, served_demo):
        page.goto(served_demo + "search/")
        ...
        assert_local_only(page.sc_requests)

``page`` (from ``context``) records every request of its context, workers included, in
``page.sc_requests`` (a ``RequestLog``); ``assert_local_only`` checks that none of them
left 127.0.0.1. Requests to other hosts are aborted, so they fail fast instead of hanging.

The machine running the tests has no network: chromium is started with flags that keep
it from phoning home, otherwise it waits on connections that never come.

If /usr/bin/chromium is missing the tests are skipped, loudly - except in CI (``CI=true``),
where they fail: CI must run them (scripts/test installs chromium).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import socketserver
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DEMO_DATE = "2026-11-23"
LOCAL_HOSTS = {"127.0.0.1"}


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


def require_chromium() -> None:
    """Skip (or, in CI, fail) the calling test when Debian's chromium is not installed."""
    if CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK):
        return
    reason = (
        f"!!! BROWSER TESTS NOT RUN: {CHROMIUM} is missing. "
        "Install Debian's chromium (scripts/test does it as root: apt-get install chromium)."
    )
    if in_ci():
        pytest.fail(reason + " CI=true: browser tests must run in CI.", pytrace=False)
    pytest.skip(reason)


def launch(playwright, **kw):
    """Start Debian's chromium through Playwright, headless and offline-safe."""
    args = [*CHROMIUM_ARGS, *kw.pop("args", [])]
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=args, headless=True, **kw)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - signature of the base class
        pass


class _Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    # The search page fetches dozens of index chunks at once; the default backlog of 5
    # can refuse some of them on a loaded CI machine, and the search then fails.
    request_queue_size = 128


@contextlib.contextmanager
def serve(directory: Path | str) -> Iterator[str]:
    """Serve ``directory`` over http on 127.0.0.1 at a free port; yields the base URL (ending in /)."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="test-http-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


class RequestLog(list):
    """URLs of every request a page (and its workers) made."""

    def hosts(self) -> set[str]:
        return {urlsplit(url).hostname or "" for url in self}

    def foreign(self) -> list[str]:
        """Requests that left 127.0.0.1 (data: and blob: URLs never leave the browser)."""
        return [
            url
            for url in self
            if urlsplit(url).scheme not in {"data", "blob"} and urlsplit(url).hostname not in LOCAL_HOSTS
        ]


def record_requests(context) -> RequestLog:
    """Record every request made in ``context`` (pages, frames and service workers)."""
    log = RequestLog()
    context.on("request", lambda request: log.append(request.url))
    return log


def assert_local_only(log: RequestLog) -> None:
    assert log, "no request was recorded"
    foreign = log.foreign()
    assert not foreign, f"requests left 127.0.0.1: {foreign}"


# --------------------------------------------------------------------------- fixtures


# pytest makes one fixture definition per module that imports a fixture, so a
# session-scoped fixture imported into two test modules would run twice: two builds, two
# servers, two Playwright drivers (the second refuses to start: "Sync API inside the
# asyncio loop"). The session resources are therefore kept once per test run in the
# config's stash, shared by every importing module, and closed when the run ends.
_SERVED = pytest.StashKey[str]()
_BROWSER = pytest.StashKey[object]()


def _shared(config: pytest.Config, key, make):
    if key not in config.stash:
        config.stash[key] = make()
    return config.stash[key]


@pytest.fixture(scope="session")
def served_demo(request, demo_site) -> str:
    """Base URL (http://127.0.0.1:PORT/) of the built demo."""

    def make() -> str:
        server = serve(demo_site.site)
        url = server.__enter__()
        request.config.add_cleanup(lambda: server.__exit__(None, None, None))
        return url

    return _shared(request.config, _SERVED, make)


@pytest.fixture(scope="session")
def browser(request):
    """One chromium for the test run (skips, or fails in CI, without /usr/bin/chromium)."""
    require_chromium()

    def make():
        from playwright.sync_api import sync_playwright

        playwright = sync_playwright().start()
        try:
            instance = launch(playwright)
        except BaseException:
            playwright.stop()
            raise

        def close() -> None:
            try:
                instance.close()
            finally:
                playwright.stop()

        request.config.add_cleanup(close)
        return instance

    return _shared(request.config, _BROWSER, make)


@pytest.fixture
def context(browser):
    """A fresh browser context (zh-CN, desktop size) that records its requests in ``context.sc_requests``.

    Requests for anything but 127.0.0.1 are aborted, so a stray external URL fails fast
    instead of hanging; they are still recorded, so ``assert_local_only`` catches them.
    """
    ctx = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}, service_workers="block")
    ctx.sc_requests = record_requests(ctx)

    def _route(route):
        if urlsplit(route.request.url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            route.abort()

    ctx.route("**/*", _route)
    ctx.set_default_timeout(10_000)
    try:
        yield ctx
    finally:
        ctx.close()


@pytest.fixture
def page(context):
    """A page in ``context``; JavaScript errors on the page fail the test at teardown."""
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    failed: list[str] = []  # requests that got no response, to explain a failure
    pg.on("requestfailed", lambda request: failed.append(f"{request.url}: {request.failure}"))
    pg.sc_failed = failed
    pg.sc_requests = context.sc_requests
    pg.sc_errors = errors
    yield pg
    assert not errors, f"JavaScript errors on the page: {errors}"


AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
# WCAG 2.1 A and AA, the rules every page is held to.
WCAG_AA = '{runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}'


def axe_violations(page, options: str = WCAG_AA) -> list[str]:
    """axe-core's violations on the page as it is now: "rule (impact): first targets"."""
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        f"""async () => {{
            const result = await axe.run(document, {options});
            return result.violations.map(v => `${{v.id}} (${{v.impact}}): ${{v.nodes.map(n => n.target.join(" ")).slice(0, 3).join(", ")}}`);
        }}"""
    )
