"""Builders of consultations with known responses, for the results, exports and API tests.
Responses are created in bulk, as a large consultation's would be counted."""

import itertools
from datetime import timedelta

from django.utils import timezone

from parvis.consultations.models import (
    Answer,
    Choice,
    Consultation,
    Question,
    Response,
    ResultsVisibility,
    Section,
    Site,
)
from parvis.processes.models import Process

_numbers = itertools.count()


def make_consultation(*, visibility=ResultsVisibility.AFTER_CLOSING, closed=True,
                      published=True, process=None) -> Consultation:
    number = next(_numbers)
    now = timezone.now()
    if process is None:
        process = Process.objects.create(title=f"Démarche {number}", slug=f"demarche-{number}",
                                         summary="Résumé", description="Description",
                                         is_published=True)
    consultation = Consultation.objects.create(
        process=process, title=f"Îlots {number}", slug=f"ilots-{number}",
        opens_at=now - timedelta(days=30),
        closes_at=now - timedelta(days=1) if closed else now + timedelta(days=30),
        results_visibility=visibility, is_published=published,
    )
    Section.objects.create(consultation=consultation, title="Questions", order=0)
    return consultation


def add_question(consultation: Consultation, type: str, label: str, choices=(),
                 **fields) -> Question:
    section = consultation.sections.get()
    question = Question.objects.create(section=section, type=type, label=label,
                                       order=section.questions.count(), **fields)
    for order, choice in enumerate(choices):
        Choice.objects.create(question=question, label=choice, order=order)
    return question


def choice_ids(question: Question) -> list[int]:
    return [choice.pk for choice in question.choices.all()]


def add_site(consultation: Consultation, name: str, slug: str) -> Site:
    return Site.objects.create(consultation=consultation, name=name, slug=slug)


def add_responses(consultation: Consultation, rows: list[dict], site: Site | None = None,
                  anonymous: bool = False, draft: bool = False) -> list[Response]:
    """One response per row, a row mapping questions to answer values."""
    now = timezone.now()
    responses = Response.objects.bulk_create(
        Response(consultation=consultation, site=site, is_anonymous_audience=anonymous,
                 is_draft=draft, device_token=f"jeton-{next(_numbers)}",
                 submitted_at=None if draft else now)
        for _row in rows
    )
    Answer.objects.bulk_create(
        Answer(response=response, question=question, value=value)
        for response, row in zip(responses, rows, strict=True)
        for question, value in row.items()
    )
    return responses


def answers_of(question: Question, values: list) -> list[dict]:
    """Rows answering only `question`, one per value."""
    return [{question: value} for value in values]
