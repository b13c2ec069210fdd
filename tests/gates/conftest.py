"""Fixtures of the quality gates: the demo data on a live server, walked page by page in the
browser of `tests/browser.py` (fixtures `browser` and `new_context` of `tests/conftest.py`).
"""

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test.utils import modify_settings

from parvis.pages import public_pages
from tests.browser import open_browser


def pytest_generate_tests(metafunc):
    """A gate taking `public_page` runs on every registered page; `form_page`, on their forms."""
    every = public_pages()
    pages = {
        "public_page": every,
        "form_page": [page for page in every if page.has_form],
    }
    for argument, values in pages.items():
        if argument in metafunc.fixturenames:
            metafunc.parametrize(argument, values, ids=[page.name for page in values])


@pytest.fixture(scope="package")
def demo_media(tmp_path_factory):
    """The folders of the demo's public and private files, shared by all the gates."""
    folder = tmp_path_factory.mktemp("gates")
    return folder / "media", folder / "private"


@pytest.fixture(autouse=True)
def _media_root(settings, demo_media):
    """Every gate serves the demo's files (instead of a folder of its own)."""
    settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT = demo_media


@pytest.fixture(scope="package")
def demo_data(demo_snapshot, demo_media, django_db_blocker):
    """The demo data, shared by all the gates: restored once from the session's snapshot
    with its files, committed (for the live server's thread to see it), and the database is
    emptied after the gates.
    """
    with django_db_blocker.unblock():
        demo_snapshot.restore(*demo_media)
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
def visit(demo_site, db):
    """Open a registered page in a browser page and check that it answered its status (200
    but for the error page).

    (`db` makes pytest-django set up the test database and isolates each test's writes.)
    """

    def open_page(page, public_page):
        if session_key := public_page.new_session_key():
            page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                                       "value": session_key, "url": demo_site}])
        response = page.goto(demo_site + public_page.path())
        assert response is not None and response.status == public_page.status, (
            f"{public_page.name}: HTTP {response.status if response else 'no response'}"
        )
        return response

    return open_page


@pytest.fixture(scope="package")
def browser():
    """One Chromium for all the gates (see `tests/browser.py`), started before the demo data
    is loaded, so that the data and the pages share the database connection."""
    yield from open_browser()
