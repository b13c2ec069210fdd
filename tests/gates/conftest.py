"""Browser fixtures of the quality gates: Debian's Chromium driven by Playwright.

The gates run in the `chromium` Debian package, never in a browser downloaded by
`playwright install`. Without it (or without the Python packages they drive it with)
they are skipped, unless PARVIS_REQUIRE_BROWSER=1, which makes that a failure (as in CI).
"""

import importlib.util
import io
import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connections
from django.test.utils import modify_settings, override_settings

from parvis.pages import PUBLIC_PAGES

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
GATE_PACKAGES = ["playwright", "axe_playwright_python", "ecoindex"]
FIGURES = pytest.StashKey[dict]()
COLUMN_ORDER = ["axe mobile", "axe desktop", "axe form errors",
                "DOM", "requests", "KB", "EcoIndex", "grade"]


def missing_browser() -> str:
    """Why the browser gates cannot run here, or "" when they can."""
    if not CHROMIUM.exists():
        return f"Debian's chromium is not installed ({CHROMIUM})"
    missing = [name for name in GATE_PACKAGES if importlib.util.find_spec(name) is None]
    if missing:
        return f"Python package(s) not installed: {', '.join(missing)}"
    return ""


def pytest_generate_tests(metafunc):
    """A gate taking `public_page` runs on every registered page; `form_page`, on their forms."""
    pages = {
        "public_page": PUBLIC_PAGES,
        "form_page": [page for page in PUBLIC_PAGES if page.has_form],
    }
    for argument, values in pages.items():
        if argument in metafunc.fixturenames:
            metafunc.parametrize(argument, values, ids=[page.name for page in values])


@pytest.fixture(scope="package")
def browser():
    """One Chromium for all the gates.

    Playwright's launch() gives the browser a fresh temporary profile (--user-data-dir),
    deleted when it closes; each gate then opens its own context, with an empty cache.
    """
    reason = missing_browser()
    if reason and os.environ.get("PARVIS_REQUIRE_BROWSER") == "1":
        pytest.fail(f"Browser gates required (PARVIS_REQUIRE_BROWSER=1) but {reason}.")
    if reason:
        pytest.skip(f"Browser gates skipped: {reason} (apt-get install chromium).")
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


@pytest.fixture(scope="package")
def demo_data(django_db_setup, django_db_blocker):
    """The demo data, shared by all the gates.

    It is large, so it is loaded once, committed (for the live server's thread to see it),
    and the database is emptied after the gates.
    """
    fast_hashing = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # not under test here
    with django_db_blocker.unblock():
        with override_settings(PASSWORD_HASHERS=fast_hashing):
            call_command("load_demo", stdout=io.StringIO())
        yield
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture(scope="package")
def demo_site(demo_data):
    """Base URL of a live server of the demo data."""
    from pytest_django.live_server_helper import LiveServer

    with modify_settings(ALLOWED_HOSTS={"append": "localhost"}):
        server = LiveServer("localhost")
        yield server.url
        server.stop()


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


@pytest.fixture
def visit(demo_site, db):
    """Open a registered page in a browser page and check that it answered 200.

    (`db` makes pytest-django set up the test database and isolates each test's writes.)
    """

    def open_page(page, public_page):
        response = page.goto(demo_site + public_page.path())
        assert response is not None and response.status == 200, (
            f"{public_page.name}: HTTP {response.status if response else 'no response'}"
        )
        return response

    return open_page


@pytest.fixture(scope="session")
def gate_figures(request):
    """Per-page figures the gates measured, printed at the end of the run."""
    return request.config.stash.setdefault(FIGURES, {})


def pytest_terminal_summary(terminalreporter, config):
    figures = config.stash.get(FIGURES, {})
    if not figures:
        return
    columns = sorted({column for row in figures.values() for column in row}, key=column_order)
    rows = [["page", *columns]]
    rows += [[name, *(str(row.get(column, "")) for column in columns)]
             for name, row in figures.items()]
    widths = [max(len(row[index]) for row in rows) for index in range(len(rows[0]))]
    terminalreporter.write_sep("=", "Parvis quality gates: per-page figures")
    for row in rows:
        terminalreporter.write_line(
            " | ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        )



def column_order(column):
    return COLUMN_ORDER.index(column) if column in COLUMN_ORDER else len(COLUMN_ORDER)
