"""The menu on a phone, in Chromium without JavaScript: folded behind « Menu », opened and
closed by links; on a wide screen every entry shows at once."""

import pytest

from tests.gates.test_accessibility import VIEWPORTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_phone_menu_opens_and_closes_without_javascript(new_context, live_server):
    page = new_context(viewport=VIEWPORTS["mobile"], java_script_enabled=False).new_page()
    page.goto(live_server.url + "/")
    agenda = page.get_by_role("link", name="Agenda", exact=True)
    assert not agenda.is_visible()
    page.get_by_role("link", name="Menu", exact=True).click()
    for name in ["Démarches", "Consultations", "Budgets participatifs", "Idées", "Agenda",
                 "Panels citoyens", "Appels à projets", "Signaler un problème", "Rechercher",
                 "Se connecter"]:
        assert page.get_by_role("link", name=name, exact=True).first.is_visible(), name
    page.get_by_role("link", name="Fermer le menu").click()
    assert not agenda.is_visible()


def test_a_wide_screen_shows_the_menu_without_the_toggle(new_context, live_server):
    page = new_context(viewport=VIEWPORTS["desktop"]).new_page()
    page.goto(live_server.url + "/")
    assert page.get_by_role("link", name="Agenda", exact=True).is_visible()
    assert not page.get_by_role("link", name="Menu", exact=True).is_visible()
