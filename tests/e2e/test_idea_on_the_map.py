"""Proposing an idea placed on the map, on a phone (390 px wide), in Chromium, on the demo
site: with JavaScript a tap on the map places it, without the server finds the typed
address; the published idea shows its place."""

import pytest
from django.urls import reverse

from parvis.ideas.models import Idea
from tests.e2e.conftest import expect, log_in_on_a_phone

pytestmark = pytest.mark.browser

CITIZEN = "citoyenne@demo.parvis.test"
BOX = "budget-participatif-2027-idees"
ADDRESS = "12 rue Sainte-Catherine, Bordeaux"  # in the demo's address sample


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_propose_an_idea_on_the_map(new_context, demo_site, javascript):
    page = log_in_on_a_phone(new_context, demo_site, CITIZEN, javascript)

    page.goto(demo_site + reverse("ideas:box", args=[BOX]))
    page.get_by_role("link", name="Proposer une idée").click()
    title = f"Des bancs à l'ombre rue Sainte-Catherine ({'js' if javascript else 'sans js'})"
    page.get_by_label("Titre de votre idée").fill(title)
    page.get_by_label("Description").fill("Pour se reposer entre deux courses, à l'ombre.")
    if javascript:
        page.locator("[data-map-svg]").click()
        expect(page.get_by_label("Latitude (facultative)")).not_to_have_value("")
    else:
        page.get_by_label("Adresse (facultative)").fill(ADDRESS)
    page.get_by_role("button", name="Relire avant de publier").click()
    page.get_by_role("button", name="Publier mon idée").click()
    expect(page.get_by_role("status").filter(has_text="Votre idée est publiée")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)

    idea = Idea.objects.get(title=title)
    assert 44.7 < idea.latitude < 45.1 and -0.9 < idea.longitude < -0.3
    expect(page.locator("[data-map-svg] circle")).to_have_count(1)  # its place on the map
