"""Issue reports (public): the list with the public list's filters, and one report with its
public history. No personal data: no author, and points to about 100 m (the public location
policy of `models.public_coordinate`)."""

from datetime import datetime
from enum import StrEnum
from typing import Annotated

from django.db.models import Prefetch
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from parvis.core.api_kit.errors import ErrorOut, NotFound, ValidationErrorOut, get_filter_object
from parvis.core.api_kit.pagination import paginated
from parvis.core.api_kit.params import Day, Slug
from parvis.core.api_kit.schemas import ObjectOut, file_url_of, name_of
from parvis.core.models import Commune
from parvis.reports.forms import ReportFilterForm, active_categories
from parvis.reports.models import Category, Report, Status, StatusChange

router = Router(tags=["reports"])

TrackingCode = Annotated[str, Field(pattern=r"^[2-9A-HJ-NP-Z]{8}$")]


# "open" and "closed" group the statuses; any single status may be asked for too.
StatusFilter = StrEnum("StatusFilter", {value: value for value in ["open", "closed",
                                                                    *Status.values]})


class ReportHistoryOut(ObjectOut):
    status: Status
    status_label: str
    message: str = Field(description="The public message of this step, if any.")
    service: str
    at: datetime

    resolve_service = name_of("service")


class ReportOut(ObjectOut):
    tracking_code: str
    title: str
    category: str = Field(description="Category slug (the Open311 service_code).")
    category_name: str
    commune: str = Field(description="Commune slug.")
    commune_name: str
    address: str
    latitude: float | None = Field(description="To about 100 m (3 decimals).")
    longitude: float | None = Field(description="To about 100 m (3 decimals).")
    status: Status
    status_label: str
    service: str = Field(description="The service handling it.")
    me_too_count: int
    created_at: datetime
    updated_at: datetime
    closed_at: datetime | None
    thumbnail_url: str | None
    url: str

    resolve_thumbnail_url = file_url_of("thumbnail")
    resolve_category_name = name_of("category")
    resolve_commune_name = name_of("commune")
    resolve_service = name_of("service")

    @staticmethod
    def resolve_latitude(obj):
        return obj.public_latitude

    @staticmethod
    def resolve_longitude(obj):
        return obj.public_longitude


class ReportDetailOut(ReportOut):
    description: str
    photo_url: str | None
    duplicate_of: str | None = Field(description="Tracking code of the original report.")
    history: list[ReportHistoryOut]

    resolve_photo_url = file_url_of("photo")

    @staticmethod
    def resolve_duplicate_of(obj):
        return obj.duplicate_of.tracking_code if obj.duplicate_of_id else None

    @staticmethod
    def resolve_history(obj):
        return list(obj.history.all())


def public_reports():
    return Report.objects.select_related("category", "commune", "service")


def active_category_queryset():
    return Category.objects.filter(pk__in=[category.pk for category in active_categories()])


class ReportFilters(Schema):
    commune: Slug = Field(None, description="Reports in this commune.",
                          json_schema_extra={"example": "cenon"})
    category: Slug = Field(None, description="Reports of this category or of its"
                                             " sub-categories.",
                           json_schema_extra={"example": "voirie"})
    status: StatusFilter = Field(None, description="`open`, `closed` or one status.")
    since: Day = Field(None, description="Reported on or after this day (YYYY-MM-DD).")
    until: Day = Field(None, description="Reported on or before this day (YYYY-MM-DD).")


@router.get(
    "/reports",
    response={200: list[ReportOut], 400: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut},
)
@paginated(page_size=20)
def list_reports(request, filters: Query[ReportFilters]):
    """Reports, newest first (20 per page), filtered like the public list. An unknown
    `commune` or `category` answers 404; `since` after `until`, 400."""
    get_filter_object(Commune.objects, filters.commune, "commune")
    get_filter_object(active_category_queryset(), filters.category, "category")
    form = ReportFilterForm({**filters.dict(), "status": filters.status or ""})
    if not form.is_valid():
        raise HttpError(400, "`since` must not be after `until`.")
    return form.filter(public_reports()).order_by("-created_at", "-pk")


@router.get("/reports/{code}", response={200: ReportDetailOut, 404: ErrorOut,
                                         422: ValidationErrorOut})
def get_report(request, code: TrackingCode):
    """A report with its public history (status changes and their public messages)."""
    history = Prefetch("history", queryset=StatusChange.objects.select_related("service"))
    report = (public_reports().select_related("duplicate_of").prefetch_related(history)
              .filter(tracking_code=code).first())
    if report is None:
        raise NotFound(f"Unknown report '{code}'.")
    return report
