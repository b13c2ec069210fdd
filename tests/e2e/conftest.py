"""Fixtures of the end-to-end browser tests: the browser of `tests/browser.py` (Debian's
Chromium driven by Playwright, skipped or failed like the gates when it is missing) on
pytest-django's live server of the demo data.

Unlike a gate, an end-to-end test is not wrapped in a transaction (the live server makes
it use `transactional_db`): what the server writes is committed, as in production, so the
e-mails a service sends once its transaction commits do leave, and the database is emptied
after each test. Each test therefore restores the demo data afresh (from the session's
snapshot, see tests/demo_snapshot.py).
"""

import pytest
from django.urls import reverse

from parvis.processes.management.commands.load_demo import DEMO_PASSWORD

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips (or fails) the tests, as it does the gates
    expect = None


@pytest.fixture
def demo_site(live_server, mailoutbox, settings, demo_snapshot):
    """Base URL of a live server of freshly restored demo data; the e-mails it sends (with
    the test's e-mail backend, which its thread shares) are collected in `mailoutbox`."""
    assert settings.EMAIL_BACKEND == "django.core.mail.backends.locmem.EmailBackend"
    demo_snapshot.restore(settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT)
    return live_server.url


@pytest.fixture(autouse=True)
def _patient_assertions(browser):
    """Pages may be slow on a busy machine: assertions wait up to 10 s for what they expect."""
    expect.set_options(timeout=10_000)
    yield
    expect.set_options(timeout=None)


PHONE = {"width": 390, "height": 844}


def log_in_on_a_phone(new_context, site, email, javascript=True):
    """A page of a new browser 390 px wide, signed in through the login form, which leads
    to « Mon espace » (on a phone the menu, and its « Se déconnecter », are folded)."""
    page = new_context(viewport=PHONE, java_script_enabled=javascript).new_page()
    page.goto(site + reverse("accounts:login"))
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon espace")
    return page


def log_in(new_context, site, email, **options):
    """A page of a new browser, signed in through the login form."""
    page = new_context(**options).new_page()
    page.goto(site + reverse("accounts:login"))
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()
    return page
