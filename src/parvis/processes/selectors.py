"""Read-side queries shared by the HTML views and the API."""

from django.db.models import Q, QuerySet
from django.utils import timezone

from parvis.processes.models import Process
from parvis.processes.permissions import visible_processes


def filter_processes(user, commune=None, theme=None, status: str = "") -> QuerySet[Process]:
    """Processes visible to `user`, filtered. A commune filter includes metropolis-wide ones."""
    now = timezone.now()
    by_status = {
        "open": Process.objects.open_at(now),
        "upcoming": Process.objects.upcoming_at(now),
        "closed": Process.objects.closed_at(now),
    }
    queryset = by_status.get(status, Process.objects.with_dates())
    queryset = queryset.filter(pk__in=visible_processes(user).values("pk"))
    if commune is not None:
        queryset = queryset.filter(Q(communes=commune) | Q(communes__isnull=True))
    if theme is not None:
        queryset = queryset.filter(theme=theme)
    return (
        queryset.select_related("theme")
        .prefetch_related("phases", "communes")
        .order_by("-created_at", "-pk")
        .distinct()
    )
