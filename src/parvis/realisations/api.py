"""Realisations (public, read only): what was adopted, where it stands, its budget, the
service in charge and its milestones. No personal data (no agent's name)."""

from datetime import date, datetime
from typing import Annotated, Literal

from ninja import Field, Query, Router, Schema

from parvis.core.api_kit.errors import ErrorOut, NotFound, ValidationErrorOut
from parvis.core.api_kit.pagination import paginated
from parvis.core.api_kit.params import Slug
from parvis.core.api_kit.schemas import ObjectOut, file_url_of, name_of
from parvis.core.links import absolute
from parvis.realisations import selectors
from parvis.realisations.models import Status

router = Router(tags=["realisations"])
RealisationId = Annotated[int, Field(ge=1, le=2**63 - 1)]
StatusCode = Literal["planned", "in_progress", "done", "abandoned"]


class MilestoneOut(Schema):
    on: date
    title: str
    text: str
    photo: str | None = Field(description="Address of the photo (metadata removed), if any.")
    photo_alt: str

    resolve_photo = file_url_of("photo")


class RealisationOut(ObjectOut):
    id: int
    source_key: str = Field(description='What was adopted, e.g. "budgets.project:42".')
    source: str = Field(description="The tool it comes from (budgets, ideas, calls…).")
    title: str
    status: StatusCode
    progress: int = Field(ge=0, le=100, description="Progress in percent.")
    planned_amount: int | None = Field(description="Planned budget in euros.")
    spent_amount: int | None = Field(description="Spent so far, in euros.")
    service: str | None = Field(description="The service in charge.")
    commune: str | None = Field(description="Commune slug; none: the whole metropolis.")
    latitude: float | None
    longitude: float | None
    updated_at: datetime
    url: str
    source_url: str

    resolve_service = name_of("service")

    @staticmethod
    def resolve_source_url(realisation) -> str:
        return absolute(realisation.source_url)


class RealisationDetailOut(RealisationOut):
    description: str
    milestones: list[MilestoneOut] = Field(description="Oldest first.")

    @staticmethod
    def resolve_milestones(realisation) -> list:
        return list(realisation.milestones.all())


class Filters(Schema):
    status: StatusCode | None = None
    source: Slug | None = None
    commune: Slug | None = None


@router.get("/realisations", response={200: list[RealisationOut], 422: ValidationErrorOut})
@paginated(page_size=50)
def list_realisations(request, filters: Query[Filters]):
    """The public realisations, most recently updated first, 50 per page."""
    realisations = selectors.public().select_related("service", "commune")
    if filters.status:
        realisations = realisations.filter(status=Status(filters.status))
    if filters.source:
        realisations = realisations.filter(source=filters.source)
    if filters.commune:
        realisations = realisations.filter(commune__slug=filters.commune)
    return realisations


@router.get("/realisations/{realisation_id}",
            response={200: RealisationDetailOut, 404: ErrorOut, 422: ValidationErrorOut})
def get_realisation(request, realisation_id: RealisationId):
    """One realisation with its milestones."""
    realisation = (selectors.public().select_related("service", "commune")
                   .prefetch_related("milestones").filter(pk=realisation_id).first())
    if realisation is None:
        raise NotFound(f"Unknown realisation {realisation_id}.")
    return realisation
