"""Going to an event on a phone (390 px wide), in Chromium, on the demo site: the month view
fits the screen as a list of the days that have events, and after registering the event page
says so, with the cancellation and « ajouter à mon agenda » links."""

import pytest
from django.urls import reverse

from parvis.agenda.selectors import next_event_with_registration
from tests.e2e.conftest import PHONE, expect, log_in

pytestmark = pytest.mark.browser

HELPER = "aidant@demo.parvis.test"  # a demo account not registered to any event


def overflows(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth > document.documentElement.clientWidth")


def test_on_a_phone_the_month_fits_and_registering_shows_the_registered_state(
        demo_site, new_context):
    event = next_event_with_registration()
    page = log_in(new_context, demo_site, HELPER)
    page.set_viewport_size(PHONE)  # the phone's menu is folded: signed in at full width
    month = event.starts_at.astimezone()
    page.goto(demo_site + reverse("agenda:month", args=[month.year, month.month]))
    link = page.get_by_role("link", name=event.title)
    expect(link).to_be_visible()
    assert not overflows(page)  # nor does the month scroll sideways in its own box:
    assert page.evaluate("document.querySelector('table.month').scrollWidth") <= 390
    box = link.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390

    link.click()
    page.get_by_role("link", name="S'inscrire").click()
    page.get_by_label("Nom et prénom").fill("Dominique Martin")
    page.get_by_role("button", name="M'inscrire").click()
    expect(page.get_by_text("Vous êtes inscrit·e (1 place).")).to_be_visible()
    expect(page.get_by_role("link", name="Annuler mon inscription")).to_be_visible()
    for name in ("Fichier iCalendar (.ics)", "Google Agenda", "Outlook"):
        expect(page.get_by_role("link", name=name)).to_be_visible()
    assert not overflows(page)

    page.get_by_role("main").get_by_role("link", name="Mes inscriptions").click()
    expect(page.get_by_role("heading", name="Mes inscriptions")).to_be_visible()
    expect(page.get_by_role("link", name=event.title, exact=True)).to_be_visible()
    assert not overflows(page)
