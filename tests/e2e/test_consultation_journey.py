"""Answering a consultation on a phone (390 px wide), in Chromium, on the demo site, with
and without JavaScript: the answer is summed up, changed while the consultation is open, and
once it has closed the page links its results."""

from datetime import timedelta

import pytest
from django.db.models import F
from django.utils import timezone

from parvis.consultations.models import Consultation
from parvis.processes.models import Phase
from tests.e2e.conftest import expect, log_in_on_a_phone

pytestmark = pytest.mark.browser

CITIZEN = "citoyenne@demo.parvis.test"
SLUG = "questionnaire-plan-velo"  # the demo's questionnaire, which allows changes
QUESTION = "Comment vous déplacez-vous le plus souvent ?"


def open_now(consultation):
    """Move the consultation and its process' phases in time: it opened an hour ago."""
    shift = timezone.now() - timedelta(hours=1) - consultation.opens_at
    Phase.objects.filter(process=consultation.process).update(
        starts_at=F("starts_at") + shift, ends_at=F("ends_at") + shift)
    Consultation.objects.filter(pk=consultation.pk).update(
        opens_at=F("opens_at") + shift, closes_at=F("closes_at") + shift)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_answer_change_then_see_the_results_after_closing(new_context, demo_site, javascript):
    consultation = Consultation.objects.get(slug=SLUG)
    open_now(consultation)
    page = log_in_on_a_phone(new_context, demo_site, CITIZEN, javascript)
    page.goto(demo_site + consultation.get_absolute_url())

    page.get_by_role("group", name=QUESTION).get_by_label("Marche").check()
    page.get_by_role("button", name="Envoyer mes réponses").click()
    summary = page.get_by_role("region", name="Vos réponses")
    expect(summary).to_contain_text("Marche")

    summary.get_by_role("link", name="Modifier mes réponses").click()
    page.get_by_role("group", name=QUESTION).get_by_label("Vélo").check()
    page.get_by_role("button", name="Envoyer mes réponses").click()
    expect(page.get_by_role("region", name="Vos réponses")).to_contain_text("Vélo")

    Consultation.objects.filter(pk=consultation.pk).update(
        closes_at=timezone.now() - timedelta(minutes=1))
    page.reload()
    page.get_by_role("link", name="Voir les résultats").click()
    expect(page.get_by_role("main")).to_contain_text(QUESTION)
