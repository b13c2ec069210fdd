"""The registry of public pages the gates walk: every page resolves and answers, with
the demo data, even where no browser is installed to run the gates."""

from django.conf import settings

from parvis.pages import public_pages


def test_page_names_are_unique():
    names = [page.name for page in public_pages()]
    assert len(set(names)) == len(names), names


def test_public_page_answers(client, demo_data, db, public_page):
    if session_key := public_page.new_session_key():
        client.cookies[settings.SESSION_COOKIE_NAME] = session_key
    response = client.get(public_page.path())
    assert response.status_code == 200, f"{public_page.name}: HTTP {response.status_code}"
    assert b"<h1" in response.content, f"{public_page.name}: no <h1>"
