"""Consultations (public): the published ones, each with its questionnaire's structure,
and their results (the same aggregates as the results page) when they are public. No
response and nothing about respondents leaves here but counts and published texts."""

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from ninja import Field, Router, Schema

from parvis.consultations.models import Audience, QuestionType, ResultsVisibility
from parvis.consultations.permissions import visible_consultations
from parvis.consultations.results_access import can_see_results
from parvis.consultations.results_queries import QuestionResult, consultation_results
from parvis.core.api_kit.errors import ErrorOut, ValidationErrorOut, get_by_slug, get_filter_object
from parvis.core.api_kit.pagination import paginated
from parvis.core.api_kit.params import Slug
from parvis.core.api_kit.schemas import ObjectOut
from parvis.core.links import absolute

router = Router(tags=["consultations"])


class ChoiceOut(Schema):
    id: int
    label: str


class QuestionOut(Schema):
    id: int
    type: QuestionType
    label: str
    help_text: str
    required: bool
    settings: dict = Field(description="min/max, min_label/max_label (scale, matrix), rows "
                                       "(matrix), min_choices/max_choices (multiple).")
    has_other: bool = Field(description="Offers « autre, précisez ».")
    choices: list[ChoiceOut]


class SectionOut(Schema):
    title: str
    description: str
    questions: list[QuestionOut]


class SiteOut(Schema):
    slug: str
    name: str


class ConsultationOut(ObjectOut):
    slug: str
    title: str
    process: str | None = Field(description="Slug of the process it belongs to.")
    opens_at: datetime
    closes_at: datetime
    audience: Audience
    results_visibility: ResultsVisibility
    url: str
    results_url: str

    @staticmethod
    def resolve_results_url(obj):
        return absolute(reverse("consultations:results", args=[obj.slug]))


class ConsultationDetailOut(ConsultationOut):
    description: str
    sections: list[SectionOut]
    sites: list[SiteOut]

    @staticmethod
    def resolve_sections(obj):
        return [
            {"title": section.title, "description": section.description,
             "questions": list(section.questions.all())}
            for section in obj.sections.all()
        ]

    @staticmethod
    def resolve_sites(obj):
        return list(obj.sites.all())


class BarOut(Schema):
    label: str
    count: int = Field(description="Respondents (or Borda points for a ranking).")
    percent: float = Field(description="Share of respondents (or of all Borda points).")


class SummaryOut(Schema):
    average: float
    median: float
    minimum: float
    maximum: float


class RowOut(Schema):
    label: str
    answered: int
    bars: list[BarOut]
    summary: SummaryOut | None


class QuestionResultOut(Schema):
    id: int
    type: QuestionType
    label: str
    answered: int = Field(description="Respondents who answered this question.")
    measure: str = Field(description="What bars count: `respondents`, or `borda_points` "
                                     "(n-1 points for first place … 0 for last or unranked).")
    bars: list[BarOut]
    summary: SummaryOut | None = Field(description="Scale and number questions.")
    rows: list[RowOut] = Field(description="Matrix questions: one distribution per line.")
    texts: list[str] = Field(description="Free-text questions: the latest published answers.")


class SiteCountOut(Schema):
    slug: str = Field(description="Empty for responses sent without a site.")
    name: str
    responses: int
    anonymous_audience: int


class ConsultationResultsOut(Schema):
    consultation: str
    site: str | None = Field(description="The site the results are restricted to.")
    responses: int
    anonymous_audience: int = Field(description="Responses from people without an account.")
    sites: list[SiteCountOut]
    questions: list[QuestionResultOut]


def question_payload(result: QuestionResult) -> dict:
    tally, question = result.tally, result.question
    return {
        "id": question.pk, "type": question.type, "label": question.label,
        "answered": tally.answered,
        "measure": "respondents" if tally.unit else "borda_points",
        "bars": tally.bars, "summary": tally.summary, "rows": tally.rows, "texts": result.texts,
    }


@router.get("/consultations", response={200: list[ConsultationOut], 422: ValidationErrorOut})
@paginated(page_size=20)
def list_consultations(request):
    """Published consultations, the latest opened first (20 per page)."""
    return visible_consultations(request.user).select_related("process")


@router.get("/consultations/{slug}",
            response={200: ConsultationDetailOut, 404: ErrorOut, 422: ValidationErrorOut})
def get_consultation(request, slug: Slug):
    """A consultation with its sections, questions, choices and sites."""
    consultations = visible_consultations(request.user).select_related("process")
    return get_by_slug(
        consultations.prefetch_related("sections__questions__choices", "sites"), slug,
        "consultation",
    )


@router.get(
    "/consultations/{slug}/results",
    response={200: ConsultationResultsOut, 403: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut},
    url_name="consultation_results",
)
def get_results(request, slug: Slug, site: Slug = None):
    """Results per question, as on the results page; `site` restricts them to one site.
    Answers 403 while the results are not public (see `results_visibility`)."""
    consultation = get_by_slug(
        visible_consultations(request.user).select_related("process"), slug, "consultation"
    )
    if not can_see_results(request.user, consultation):
        raise PermissionDenied("The results of this consultation are not public yet.")
    chosen = get_filter_object(consultation.sites, site, "site")
    results = consultation_results(consultation, chosen)
    return {
        "consultation": consultation.slug,
        "site": chosen.slug if chosen else None,
        "responses": results.responses,
        "anonymous_audience": results.anonymous,
        "sites": [{"slug": row.slug, "name": row.name, "responses": row.responses,
                   "anonymous_audience": row.anonymous} for row in results.sites],
        "questions": [question_payload(result) for result in results.questions],
    }
