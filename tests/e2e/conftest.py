"""Fixtures of the end-to-end browser tests: the browser of `tests/browser.py` (Debian's
Chromium driven by Playwright, skipped or failed like the gates when it is missing) on
pytest-django's live server of the demo data.

Unlike a gate, an end-to-end test is not wrapped in a transaction (the live server makes
it use `transactional_db`): what the server writes is committed, as in production, so the
e-mails a service sends once its transaction commits do leave, and the database is emptied
after each test. Each test therefore loads the demo data afresh.
"""

import io

import pytest
from django.core.management import call_command


@pytest.fixture
def demo_site(live_server, mailoutbox, settings):
    """Base URL of a live server of freshly loaded demo data; the e-mails it sends (with the
    test's e-mail backend, which its thread shares) are collected in `mailoutbox`."""
    assert settings.EMAIL_BACKEND == "django.core.mail.backends.locmem.EmailBackend"
    call_command("load_demo", stdout=io.StringIO())
    return live_server.url
