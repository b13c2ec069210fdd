"""Calls for projects (public): published calls with their calendar and criteria, and
their laureates once published. No applicant's personal data: laureates are organisations."""

from datetime import date, datetime
from typing import Literal

from django.db.models import QuerySet
from ninja import Field, Router, Schema

from parvis.calls import applications, decisions
from parvis.calls.models import Call
from parvis.core.api_kit.errors import ErrorOut, NotFound, ValidationErrorOut, get_by_slug
from parvis.core.api_kit.pagination import paginated
from parvis.core.api_kit.params import Slug
from parvis.core.api_kit.schemas import ObjectOut

router = Router(tags=["calls"])
ERRORS = {404: ErrorOut, 422: ValidationErrorOut}


class CriterionOut(Schema):
    name: str
    description: str
    weight: int = Field(description="Weight of the criterion in the weighted mean.")


class CallOut(ObjectOut):
    slug: str
    title: str
    process: str = Field(description="Process slug.")
    status: Literal["upcoming", "open", "closed"] = Field(
        description="Whether applications are open now.")
    launched_at: datetime
    deadline: datetime = Field(description="Submission deadline (to the minute).")
    jury_at: date
    decision_at: date
    start_at: date
    evaluation_at: date
    min_amount: int | None = Field(description="Minimum grant, in euros.")
    max_amount: int | None = Field(description="Maximum grant, in euros.")
    in_kind_support: str
    laureates_published: bool
    url: str

    @staticmethod
    def resolve_status(obj):
        return applications.call_state(obj)

    @staticmethod
    def resolve_laureates_published(obj):
        return obj.laureates_published_at is not None


class CallDetailOut(CallOut):
    description: str = Field(description="Markdown.")
    eligibility: str = Field(description="Who may apply (Markdown).")
    score_max: int = Field(description="Each criterion is scored from 0 to this maximum.")
    criteria: list[CriterionOut]

    @staticmethod
    def resolve_criteria(obj):
        return obj.criteria.all()


class LaureateOut(Schema):
    reference: str
    organisation: str
    title: str
    summary: str
    amount: int | None = Field(description="Grant awarded, in euros.")
    in_kind: str = Field(description="In-kind support awarded.")

    @staticmethod
    def resolve_reference(obj):
        return obj.reference or ""

    @staticmethod
    def resolve_amount(obj):
        return obj.decision.amount

    @staticmethod
    def resolve_in_kind(obj):
        return obj.decision.in_kind


def published_calls() -> QuerySet[Call]:
    return applications.public_calls().select_related("process")


@router.get("/calls", response={200: list[CallOut], **ERRORS})
@paginated(page_size=20)
def list_calls(request):
    """Published calls for projects, most recently launched first, 20 per page."""
    return published_calls()


@router.get("/calls/{slug}", response={200: CallDetailOut, **ERRORS})
def get_call(request, slug: Slug):
    """One published call, with its criteria."""
    return get_by_slug(published_calls().prefetch_related("criteria"), slug, "call")


@router.get("/calls/{slug}/laureates", response={200: list[LaureateOut], **ERRORS})
@paginated(page_size=50)
def list_laureates(request, slug: Slug):
    """The laureates of a call and the support awarded, largest grant first; 404 until they
    are published."""
    call = get_by_slug(published_calls(), slug, "call")
    if call.laureates_published_at is None:
        raise NotFound(f"The laureates of call '{slug}' are not published yet.")
    return decisions.laureates(call)
