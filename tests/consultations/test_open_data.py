"""The open dataset of answers: consultations open to everyone whose results are public,
one line per answer, nothing that identifies a person."""

import csv
import io

import pytest
from django.urls import reverse

from parvis.consultations.models import QuestionType, ResultsVisibility
from tests.consultations.results_data import (
    add_question,
    add_responses,
    choice_ids,
    make_consultation,
)

pytestmark = pytest.mark.django_db


def answered(**fields):
    consultation = make_consultation(**fields)
    choice = add_question(consultation, QuestionType.SINGLE, "Transport", ["Vélo", "Bus"])
    point = add_question(consultation, QuestionType.MAP_POINT, "Où ?")
    text = add_question(consultation, QuestionType.SHORT_TEXT, "Un mot")
    bike, _bus = choice_ids(choice)
    add_responses(consultation, [{choice: {"choices": [bike]},
                                  point: {"lat": 44.838123, "lon": -0.579456},
                                  text: "06 12 34 56 78"}])
    return consultation


def lines(client) -> list[dict]:
    response = client.get(reverse("consultations:open_answers_csv"))
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_answers_of_public_results_one_line_each(client, communes):
    shown = answered()
    answered(visibility=ResultsVisibility.AGENTS_ONLY)
    answered(visibility=ResultsVisibility.AFTER_CLOSING, closed=False)
    rows = lines(client)
    assert {row["consultation"] for row in rows} == {shown.slug}
    assert [(row["question"], row["valeur"]) for row in rows] == [
        ("Transport", "Vélo"), ("Où ?", "Bordeaux")]  # unpublished free text left out
    assert rows[0]["reponse"] == "1" and rows[0]["public_sans_compte"] == "non"
    content = str(rows)
    assert "44.838" not in content and "06 12" not in content
