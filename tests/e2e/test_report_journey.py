"""Reporting a problem on a phone (390 px wide), in Chromium, on the demo site, with and
without JavaScript: the point is placed on the map (or found from the typed address), a
form refused for a missing title keeps the photo and the point, and the report is sent."""

import io

import pytest
from django.urls import reverse
from PIL import Image

from parvis.reports.models import Report
from tests.e2e.conftest import PHONE, expect

pytestmark = pytest.mark.browser

ADDRESS = "12 rue Sainte-Catherine, Bordeaux"  # in the demo's address sample


def photo() -> dict:
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (180, 90, 40)).save(buffer, "JPEG")
    return {"name": "lampadaire.jpg", "mimeType": "image/jpeg", "buffer": buffer.getvalue()}


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_report_with_a_point_and_a_photo_surviving_an_error(new_context, demo_site,
                                                           javascript):
    page = new_context(viewport=PHONE, java_script_enabled=javascript).new_page()
    page.goto(demo_site + reverse("reports:new"))
    page.get_by_label("Photo", exact=True).set_input_files(photo())
    page.get_by_label("Type de problème").select_option(index=1)
    page.get_by_label("Titre").fill("Lampadaire éteint")
    page.get_by_label("Message").fill("Le lampadaire devant le 12 ne s'allume plus le soir.")
    page.get_by_label("Latitude").fill("48.8566")  # Paris: outside the metropolis
    page.get_by_label("Longitude").fill("2.3522")
    page.get_by_role("button", name="Envoyer mon signalement").click()

    expect(page.get_by_role("alert")).to_contain_text("Le formulaire contient des erreurs")
    expect(page.get_by_text("Photo conservée : lampadaire.jpg")).to_be_visible()
    expect(page.get_by_label("Titre")).to_have_value("Lampadaire éteint")
    if javascript:  # a tap on the map places the point
        page.locator("[data-map-svg]").click()
        expect(page.get_by_label("Latitude")).not_to_have_value("48.8566")
    else:  # the server finds the typed address
        page.get_by_label("Latitude").fill("")
        page.get_by_label("Longitude").fill("")
        page.get_by_label("Adresse ou repère").fill(ADDRESS)
    page.get_by_role("button", name="Envoyer mon signalement").click()
    other_problem = page.get_by_role("button", name="Non, c'est un autre problème")
    if other_problem.count():  # reports of the same kind nearby are shown once
        other_problem.click()

    expect(page.get_by_role("status").first).to_contain_text("Votre signalement est enregistré")
    report = Report.objects.order_by("-pk").first()
    assert report.title == "Lampadaire éteint"
    assert 44.7 < report.latitude < 45.1 and -0.9 < report.longitude < -0.3
    assert report.photo_status in ("pending", "ready")
