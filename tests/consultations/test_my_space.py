"""Consultation answers in « Mon espace »: sent ones with their date, drafts to finish."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from parvis.consultations.models import Response

MY_SPACE = reverse("my_space")


def test_my_answers_and_drafts(client, consultation, make_user):
    person = make_user()
    Response.objects.create(consultation=consultation, respondent=person, is_draft=True)
    other = type(consultation).objects.create(
        title="Mobilités douces", slug="mobilites", opens_at=timezone.now(),
        closes_at=timezone.now() + timedelta(days=3), is_published=True)
    Response.objects.create(consultation=other, respondent=person,
                            submitted_at=timezone.now())
    client.force_login(person)
    page = client.get(MY_SPACE).content.decode()
    assert "Mes réponses aux consultations" in page
    assert f'<a href="{consultation.get_absolute_url()}">{consultation.title}</a>' in page
    assert "brouillon à terminer" in page and "envoyée le" in page
