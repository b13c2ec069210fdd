"""Debian's Chromium driven by Playwright, for the quality gates and the browser tests.

The tests run in the `chromium` Debian package, never in a browser downloaded by
`playwright install`. Without it (or without the Python packages they drive it with)
they are skipped, unless PARVIS_REQUIRE_BROWSER=1, which makes that a failure (as in CI).
The fixtures are offered to every test by `tests/conftest.py`.
"""

import importlib.util
import os
from pathlib import Path

import pytest
from django.db import connections

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
BROWSER_PACKAGES = ["playwright", "axe_playwright_python", "ecoindex"]


def missing_browser() -> str:
    """Why the browser tests cannot run here, or "" when they can."""
    if not CHROMIUM.exists():
        return f"Debian's chromium is not installed ({CHROMIUM})"
    missing = [name for name in BROWSER_PACKAGES if importlib.util.find_spec(name) is None]
    if missing:
        return f"Python package(s) not installed: {', '.join(missing)}"
    return ""


def open_browser():
    """Launch Chromium and yield it; it closes when the generator resumes.

    Playwright's launch() gives the browser a fresh temporary profile (--user-data-dir),
    deleted when it closes; each test then opens its own context, with an empty cache.
    """
    reason = missing_browser()
    if reason and os.environ.get("PARVIS_REQUIRE_BROWSER") == "1":
        pytest.fail(f"Browser tests required (PARVIS_REQUIRE_BROWSER=1) but {reason}.")
    if reason:
        pytest.skip(f"Browser tests skipped: {reason} (apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread, which Django takes for an
    # async context: its database calls (made by the tests, not by Playwright) are safe,
    # and the connections they open belong to that context, so they are closed with it.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "1")
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
        connections.close_all()


@pytest.fixture(scope="module")
def browser():
    """One Chromium per test module, closed at the module's end."""
    yield from open_browser()


@pytest.fixture
def new_context(browser):
    """Open a fresh browser context (own cache and cookies); closed after the test."""
    contexts = []

    def open_context(**options):
        context = browser.new_context(locale="fr-FR", **options)
        contexts.append(context)
        return context

    yield open_context
    for context in contexts:
        context.close()
