"""Fixtures of the page tests: a headless Chromium page for the browser tests."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page

from motcua.accounts.demo import load_demo
from motcua.web.tests.browser import CHROMIUM


@pytest.fixture
def browser_page(live_server) -> Iterator[Page]:
    """A Chromium page (Vietnamese locale) on an empty live server with the demo province."""
    from playwright.sync_api import sync_playwright

    assert CHROMIUM, "Chromium is required in CI: apt-get install chromium"
    load_demo()  # transactional tests start from an empty database
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright runs an event loop
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page(locale="vi-VN")
        page.set_default_timeout(10_000)
        yield page
        browser.close()
