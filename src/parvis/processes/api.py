"""Participatory processes, their phases and themes (public)."""

from datetime import datetime
from enum import StrEnum

from ninja import Field, Query, Router, Schema

from parvis.core.api_kit.errors import ErrorOut, ValidationErrorOut, get_by_slug, get_filter_object
from parvis.core.api_kit.pagination import paginated
from parvis.core.api_kit.params import Slug
from parvis.core.api_kit.schemas import ObjectOut
from parvis.core.models import Commune
from parvis.processes.models import Action, Theme
from parvis.processes.permissions import visible_processes
from parvis.processes.selectors import filter_processes

router = Router(tags=["processes"])


class ProcessStatus(StrEnum):
    OPEN = "open"
    UPCOMING = "upcoming"
    CLOSED = "closed"


class ThemeOut(Schema):
    name: str
    slug: str


class PhaseOut(Schema):
    title: str
    description: str
    starts_at: datetime
    ends_at: datetime
    actions: list[Action]

    @staticmethod
    def resolve_actions(obj):
        return [action for action in obj.actions if action in Action.values]


class ProcessOut(ObjectOut):
    slug: str
    title: str
    summary: str
    theme: str | None
    communes: list[str]
    status: ProcessStatus
    starts_at: datetime | None
    ends_at: datetime | None
    url: str

    @staticmethod
    def resolve_communes(obj):
        return [commune.slug for commune in obj.communes.all()]

    @staticmethod
    def resolve_status(obj):
        return obj.status()

    @staticmethod
    def resolve_starts_at(obj):
        return min((phase.starts_at for phase in obj.phases.all()), default=None)

    @staticmethod
    def resolve_ends_at(obj):
        return max((phase.ends_at for phase in obj.phases.all()), default=None)


class ProcessFilters(Schema):
    commune: Slug = Field(None, description="Processes concerning this commune or all of them.",
                          json_schema_extra={"example": "cenon"})
    theme: Slug = Field(None, description="Processes under this theme.",
                        json_schema_extra={"example": "mobilites"})
    status: ProcessStatus = Field(None, description="Open, upcoming or closed, by phase dates.")


class ProcessDetailOut(ProcessOut):
    description: str
    phases: list[PhaseOut]

    @staticmethod
    def resolve_phases(obj):
        return list(obj.phases.all())


@router.get(
    "/processes",
    response={200: list[ProcessOut], 404: ErrorOut, 422: ValidationErrorOut},
)
@paginated(page_size=20)
def list_processes(request, filters: Query[ProcessFilters]):
    """Published processes, newest first (20 per page). An unknown `commune` or `theme`
    answers 404."""
    return filter_processes(
        request.user,
        commune=get_filter_object(Commune.objects, filters.commune, "commune"),
        theme=get_filter_object(Theme.objects, filters.theme, "theme"),
        status=filters.status or "",
    )


@router.get(
    "/processes/{slug}",
    response={200: ProcessDetailOut, 404: ErrorOut, 422: ValidationErrorOut},
)
def get_process(request, slug: Slug):
    """A process with its phases and what people can do in each."""
    processes = visible_processes(request.user).select_related("theme")
    return get_by_slug(processes.prefetch_related("phases", "communes"), slug, "process")


@router.get("/themes", response={200: list[ThemeOut], 422: ValidationErrorOut})
@paginated(page_size=50)
def list_themes(request):
    """The themes processes are filed under, by name (50 per page)."""
    return Theme.objects.all()
