"""A headless Chromium for tests: the system's own (Debian's ``chromium`` package, which
.ci/run installs), driven by Playwright. Playwright's downloaded browsers are never used.

Tests that need it skip, saying what is missing, when there is no Chromium or no
Playwright. The browser resolves no host name and a context from ``loopback_context``
refuses every request that would leave 127.0.0.1, and lists them for the test to check.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

import pytest

CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
INSTALL = "install Debian's chromium package (apt-get install chromium), as .ci/run does"


def chromium_path() -> str | None:
    """``POLICYWATCH_CHROMIUM``, else the system's Chromium; None when there is none."""
    named = os.environ.get("POLICYWATCH_CHROMIUM", "")
    for path in (named, *CANDIDATES, shutil.which("chromium") or ""):
        if path and os.access(path, os.X_OK):
            return path
    return None


@contextmanager
def chromium() -> Iterator[Any]:
    """A launched headless browser (a Playwright ``Browser``); skips the test without one."""
    path = chromium_path()
    if path is None:
        pytest.skip(f"no Chromium at {' or '.join(CANDIDATES)}: {INSTALL}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed: pip install -e '.[dev]'")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=path,
            # Resolve no name and prefetch nothing: the tests reach 127.0.0.1 only.
            args=[
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
                "--dns-prefetch-disable",
            ],
        )
        try:
            yield browser
        finally:
            browser.close()


def loopback_context(browser: Any, **options: Any) -> tuple[Any, list[str]]:
    """A new browser context that aborts requests to anywhere but 127.0.0.1, and the list
    of the addresses it refused."""
    context = browser.new_context(**options)
    refused: list[str] = []

    def guard(route: Any) -> None:
        url = route.request.url
        if urlsplit(url).hostname == "127.0.0.1" or url.startswith(("data:", "about:")):
            route.continue_()
        else:
            refused.append(url)
            route.abort()

    context.route("**/*", guard)
    return context, refused
