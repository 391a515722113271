"""Playwright fixtures driving Debian's Chromium (/usr/bin/chromium) against pytest-django's live_server.

Never a downloaded browser: when /usr/bin/chromium is missing (``make test`` installs it with
apt-get when it runs as root) the browser tests skip and say why. Every request that leaves the
live server is blocked and recorded, and every console error (a Content-Security-Policy
violation shows up as one) is recorded, so each test can assert that a page needs nothing from
outside static/ and runs clean. Screenshots go to test-output/browser/ (git-ignored).
"""
import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
OUTPUT = Path(__file__).resolve().parents[2] / "test-output" / "browser"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}


@pytest.fixture(autouse=True)
def no_search_throttle(settings):
    """Every test client is one address: the per-client search throttle is tested in test_security."""
    settings.ARCHIVE_SEARCH_RATE_PER_MINUTE = 0


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("Debian's Chromium is not installed at /usr/bin/chromium "
                    "(`make test` installs it with apt-get when run as root)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the test's own ORM calls
    # (fixtures, assertions) are still plain synchronous code, so Django's guard is lifted here only.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


class Visit:
    """One browser context on the live server, recording what it must never see."""

    def __init__(self, browser, base_url, javascript=True):
        self.base_url = base_url
        self.host = urlsplit(base_url).netloc
        self.outside, self.console_errors = [], []
        self.context = browser.new_context(viewport=DESKTOP, locale="vi-VN", java_script_enabled=javascript)
        self.context.set_default_timeout(15000)
        self.context.route("**/*", self._only_local)
        self.page = self.context.new_page()
        self.page.on("console", lambda msg: msg.type == "error" and self.console_errors.append(msg.text))
        self.page.on("pageerror", lambda exc: self.console_errors.append(str(exc)))

    def _only_local(self, route):
        url = route.request.url
        if urlsplit(url).netloc == self.host or url.startswith("data:"):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def goto(self, path):
        response = self.page.goto(self.base_url + path)
        assert response.status == 200, path
        return response

    def screenshot(self, name):
        """Full-page screenshots at desktop and phone widths; the phone view must not scroll sideways."""
        OUTPUT.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(OUTPUT / f"{name}-1280.png"), full_page=True)
        self.page.set_viewport_size(PHONE)
        overflow = self.page.evaluate("document.documentElement.scrollWidth")
        self.page.screenshot(path=str(OUTPUT / f"{name}-375.png"), full_page=True)
        self.page.set_viewport_size(DESKTOP)
        assert overflow <= PHONE["width"], f"{name}: {overflow}px wide at 375px, the reader must scroll sideways"

    def close(self):
        self.context.close()


@pytest.fixture
def visit(browser, live_server):
    v = Visit(browser, live_server.url)
    yield v
    v.close()
    assert not v.outside, f"requests outside the archive: {v.outside}"
    assert not v.console_errors, f"console errors: {v.console_errors}"


@pytest.fixture
def visit_without_js(browser, live_server):
    v = Visit(browser, live_server.url, javascript=False)
    yield v
    v.close()
    assert not v.outside, f"requests outside the archive: {v.outside}"
