from datetime import datetime

from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from parvis.core.models import Commune
from parvis.processes.models import Theme
from parvis.processes.permissions import visible_processes
from parvis.processes.selectors import filter_processes

router = Router(tags=["processes"])


class PhaseOut(Schema):
    title: str
    description: str
    starts_at: datetime
    ends_at: datetime
    actions: list[str]


class ProcessOut(Schema):
    slug: str
    title: str
    summary: str
    theme: str | None
    communes: list[str]
    status: str
    url: str

    @staticmethod
    def resolve_theme(obj):
        return obj.theme.slug if obj.theme_id else None

    @staticmethod
    def resolve_communes(obj):
        return [commune.slug for commune in obj.communes.all()]

    @staticmethod
    def resolve_status(obj):
        return obj.status()

    @staticmethod
    def resolve_url(obj):
        return obj.get_absolute_url()


class ProcessDetailOut(ProcessOut):
    description: str
    phases: list[PhaseOut]

    @staticmethod
    def resolve_phases(obj):
        return list(obj.phases.all())


@router.get("", response=list[ProcessOut])
@paginate(PageNumberPagination, page_size=20)
def list_processes(request, commune: str | None = None, theme: str | None = None,
                   status: str | None = None):
    return filter_processes(
        request.user,
        commune=get_object_or_404(Commune, slug=commune) if commune else None,
        theme=get_object_or_404(Theme, slug=theme) if theme else None,
        status=status or "",
    )


@router.get("/{slug}", response=ProcessDetailOut)
def get_process(request, slug: str):
    return get_object_or_404(
        visible_processes(request.user).prefetch_related("phases", "communes"), slug=slug
    )
