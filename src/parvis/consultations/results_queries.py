"""A consultation's results read from the database in a fixed number of queries,
whatever the number of responses: the answers are read once and tallied in Python
(results.py); counts per site and per free-text question are aggregated by the database."""

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache

from django.db.models import Count, Q, QuerySet
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from parvis.consultations.models import Answer, Consultation, Question, Response, Site
from parvis.consultations.question_types import TEXT_TYPES, QuestionType
from parvis.consultations.results import Bar, QuestionShape, Summary, Tally, tally
from parvis.consultations.services import questions_of
from parvis.core import charts
from parvis.core.models import Commune
from parvis.core.services.territory import locate

TEXTS_SHOWN = 20  # published free-text answers shown per question (the latest)


@dataclass(frozen=True)
class Block:
    """A chart with its table: a whole question, or one line of a matrix."""

    chart_id: str
    heading: str
    answered: int
    bars: list[Bar]
    unit: str
    summary: Summary | None

    def chart(self) -> SafeString:
        description = _("Diagramme en barres ; les valeurs figurent dans le tableau qui suit.")
        return charts.bar_chart(self.chart_id, self.heading, description, self.bars, self.unit)


@dataclass(frozen=True)
class QuestionResult:
    question: Question
    tally: Tally
    texts: list[str] = field(default_factory=list)

    def blocks(self) -> list[Block]:
        chart_id = f"graphique-{self.question.pk}"
        if self.tally.rows:
            return [Block(f"{chart_id}-{index}", row.label, row.answered, row.bars, "%",
                          row.summary) for index, row in enumerate(self.tally.rows)]
        if not self.tally.bars:
            return []
        return [Block(chart_id, self.question.label, self.tally.answered, self.tally.bars,
                      self.tally.unit, self.tally.summary)]


@dataclass(frozen=True)
class SiteCount:
    name: str
    slug: str
    responses: int
    anonymous: int


@dataclass(frozen=True)
class ConsultationResults:
    consultation: Consultation
    site: Site | None
    responses: int
    anonymous: int
    sites: list[SiteCount]
    questions: list[QuestionResult]


def submitted_responses(consultation: Consultation, site: Site | None = None) -> QuerySet:
    responses = Response.objects.filter(consultation=consultation, is_draft=False)
    return responses.filter(site=site) if site is not None else responses


def shape_of(question: Question) -> QuestionShape:
    return QuestionShape(
        type=question.type,
        choices=[(choice.pk, choice.label) for choice in question.choices.all()],
        settings=question.settings,
        has_other=question.has_other,
    )


def commune_locator():
    """Names the commune of a point, reading the communes once (and each point once)."""
    communes = list(Commune.objects.all())

    @cache
    def name_of(latitude: float, longitude: float) -> str | None:
        commune = locate(latitude, longitude, communes)
        return commune.name if commune else None

    return name_of


def site_counts(consultation: Consultation) -> list[SiteCount]:
    rows = (
        submitted_responses(consultation)
        .values("site__name", "site__slug")
        .annotate(total=Count("pk"), anonymous=Count("pk", filter=Q(is_anonymous_audience=True)))
        .order_by("site__name")
    )
    return [SiteCount(row["site__name"] or _("En ligne, sans site"), row["site__slug"] or "",
                      row["total"], row["anonymous"]) for row in rows]


def answer_values(responses: QuerySet) -> dict[int, list]:
    """The values of every non-text answer, by question id (one query)."""
    values = defaultdict(list)
    answers = (Answer.objects.filter(response__in=responses)
               .exclude(question__type__in=TEXT_TYPES)
               .values_list("question_id", "value"))
    for question_id, value in answers.iterator(chunk_size=2000):
        values[question_id].append(value)
    return values


def text_answers(responses: QuerySet) -> tuple[dict[int, int], dict[int, list[str]]]:
    """How many answered each free-text question, and the latest published texts."""
    texts = Answer.objects.filter(response__in=responses, question__type__in=TEXT_TYPES)
    counts = dict(texts.values("question_id").annotate(n=Count("pk")).values_list("question_id",
                                                                                   "n"))
    published = defaultdict(list)
    rows = (texts.filter(published_at__isnull=False, rejected_at__isnull=True)
            .order_by("question_id", "-published_at", "-pk").values_list("question_id", "value"))
    for question_id, value in rows.iterator(chunk_size=2000):
        if len(published[question_id]) < TEXTS_SHOWN:
            published[question_id].append(str(value))
    return counts, published


def consultation_results(consultation: Consultation, site: Site | None = None
                         ) -> ConsultationResults:
    questions = questions_of(consultation)
    responses = submitted_responses(consultation, site)
    totals = responses.aggregate(
        total=Count("pk"), anonymous=Count("pk", filter=Q(is_anonymous_audience=True))
    )
    values = answer_values(responses)
    text_counts, texts = text_answers(responses)
    has_points = any(question.type == QuestionType.MAP_POINT for question in questions)
    locator = commune_locator() if has_points else None
    results = []
    for question in questions:
        if question.type in TEXT_TYPES:
            result = QuestionResult(question, Tally(text_counts.get(question.pk, 0)),
                                    texts.get(question.pk, []))
        else:
            result = QuestionResult(question, tally(shape_of(question), values[question.pk],
                                                    locator))
        results.append(result)
    return ConsultationResults(consultation, site, totals["total"], totals["anonymous"],
                               site_counts(consultation), results)
