"""The anonymised responses of a consultation as CSV, streamed; and the open dataset of every
public consultation whose results are public, one line per answer (`answer_lines`).

One row per submitted response: a number given by the export (not the database id), the
site, the day it was sent, whether it came from the audience without an account, then one
column per question. Nothing identifies a person: no account, device token or address;
a map point is given as its commune; a free-text answer only once published."""

from collections.abc import Iterator
from itertools import groupby

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from parvis.consultations.models import Answer, Consultation
from parvis.consultations.question_types import TEXT_TYPES, QuestionType
from parvis.consultations.results import OTHER, QuestionShape, picked
from parvis.consultations.results_access import results_are_public
from parvis.consultations.results_queries import commune_locator, shape_of, submitted_responses
from parvis.consultations.services import questions_of
from parvis.core import spreadsheets
from parvis.processes.models import Process

CHUNK_SIZE = 1000


def choice_labels(shape: QuestionShape, keys: list) -> list[str]:
    labels = dict(shape.choice_list())
    return [str(labels.get(key, _("Autre") if key == OTHER else "?")) for key in keys]


def cell(shape: QuestionShape, value, published: bool, place_of) -> str:
    """An answer as text; "" for an unpublished free text."""
    kind = shape.type
    if kind in TEXT_TYPES:
        return str(value) if published else ""
    if kind in {QuestionType.SINGLE, QuestionType.MULTIPLE} and isinstance(value, dict):
        return " ; ".join(choice_labels(shape, picked(value)))
    if kind == QuestionType.RANKING and isinstance(value, list):
        return " > ".join(choice_labels(shape, value))
    if kind == QuestionType.YES_NO:
        return _("oui") if value else _("non")
    if kind == QuestionType.MATRIX and isinstance(value, list):
        rows = shape.settings.get("rows", [])
        return " ; ".join(f"{row} : {point}" for row, point in zip(rows, value, strict=False)
                          if point is not None)
    if kind == QuestionType.MAP_POINT and isinstance(value, dict):
        return place_of(value.get("lat"), value.get("lon")) or _("hors du territoire")
    return str(value)


def csv_lines(consultation: Consultation) -> Iterator[str]:
    yield from spreadsheets.lines(rows(consultation))


def rows(consultation: Consultation) -> Iterator[list]:
    questions = questions_of(consultation)
    shapes = {question.pk: shape_of(question) for question in questions}
    place_of = commune_locator()
    yield [_("numero"), _("site"), _("date"), _("public_sans_compte"),
           *(question.label for question in questions)]
    responses = submitted_responses(consultation).order_by("pk")
    answers = groupby(
        Answer.objects.filter(response__in=responses)
        .order_by("response_id")
        .values_list("response_id", "question_id", "value", "published_at", "rejected_at")
        .iterator(chunk_size=CHUNK_SIZE),
        key=lambda row: row[0],
    )
    pending = next(answers, None)
    rows = responses.values_list("pk", "site__name", "submitted_at", "is_anonymous_audience")
    for number, (pk, site, submitted_at, anonymous) in enumerate(
        rows.iterator(chunk_size=CHUNK_SIZE), start=1
    ):
        cells = {}
        if pending is not None and pending[0] == pk:
            for _pk, question_id, value, published_at, rejected_at in pending[1]:
                published = published_at is not None and rejected_at is None
                cells[question_id] = cell(shapes[question_id], value, published, place_of)
            pending = next(answers, None)
        day = timezone.localdate(submitted_at).isoformat() if submitted_at else ""
        yield [number, site or "", day, _("oui") if anonymous else _("non"),
               *(cells.get(question.pk, "") for question in questions)]


# The open dataset: one line per answer, so that one schema fits every consultation.
ANSWER_COLUMNS = ["consultation", "reponse", "site", "date", "public_sans_compte", "question",
                  "valeur"]
WIDE_PREFIX = 4  # numero, site, date, public_sans_compte: then one column per question


def open_consultations() -> Iterator[Consultation]:
    """The consultations open to everyone whose results the public may see now."""
    consultations = Consultation.objects.filter(
        Q(process=None) | Q(process__in=Process.objects.published()), is_published=True,
    ).select_related("process").order_by("opens_at", "pk")
    return (consultation for consultation in consultations.iterator()
            if results_are_public(consultation))


def answer_rows() -> Iterator[list]:
    for consultation in open_consultations():
        wide = rows(consultation)
        questions = next(wide)[WIDE_PREFIX:]
        for number, site, day, anonymous, *answers in wide:
            for question, answer in zip(questions, answers, strict=True):
                if answer != "":
                    yield [consultation.slug, number, site, day, anonymous, question, answer]


def answer_lines() -> Iterator[str]:
    yield from spreadsheets.lines([ANSWER_COLUMNS])
    yield from spreadsheets.lines(answer_rows())


@require_safe
def open_answers_csv(request):
    return spreadsheets.streamed(ANSWER_COLUMNS, answer_rows(), "consultations-reponses.csv")
