"""Map points of a consultation: placed on the map component when answering, and their
results shown on the communes' map (shares by commune, never the points themselves)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from parvis.consultations.models import Audience, Consultation, QuestionType, Section
from tests.consultations.results_data import (
    add_question,
    add_responses,
    answers_of,
    make_consultation,
)


@pytest.mark.django_db
def test_answering_offers_the_map_for_a_point(client, communes):
    now = timezone.now()
    consultation = Consultation.objects.create(
        title="Pistes", slug="pistes", opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=1), is_published=True, audience=Audience.ANYONE)
    Section.objects.create(consultation=consultation, title="Questions", order=0)
    question = add_question(consultation, QuestionType.MAP_POINT, "Où ?")
    page = client.get(reverse("consultations:answer", args=[consultation.slug])).content.decode()
    name = f"q{question.pk}"
    assert f'data-latitude="{name}_lat" data-longitude="{name}_lon"' in page
    assert f'id="map-{name}_lat-title">Où ?</title>' in page


@pytest.mark.django_db
def test_results_shade_the_communes_by_their_share(client, communes):
    consultation = make_consultation()
    question = add_question(consultation, QuestionType.MAP_POINT, "Où manque-t-il des arbres ?")
    add_responses(consultation, answers_of(question, [
        {"lat": 44.838, "lon": -0.579}, {"lat": 44.839, "lon": -0.578},
        {"lat": 44.806, "lon": -0.631}, {"lat": 48.85, "lon": 2.35}]))
    page = client.get(reverse("consultations:results", args=[consultation.slug]))
    html = page.content.decode()
    assert '<path class="map-share-4"' in html and "<title>Bordeaux : 2 (50,0 %)</title>" in html
    assert "<title>Pessac : 1 (25,0 %)</title>" in html and 'class="map-share-2"' in html
    assert "<title>Talence</title>" in html  # no answer there
    assert "44.838" not in html  # the points themselves are not published
