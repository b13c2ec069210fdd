"""Public pages of the site itself: home, accessibility statement, legal notice, privacy."""

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from parvis.core.privacy import processings
from parvis.processes.models import Phase, Process


def home(request):
    now = timezone.now()
    open_processes = (
        Process.objects.published()
        .open_at(now)
        .select_related("theme")
        .prefetch_related("phases", "communes")
        .order_by("ends_at")[:6]
    )
    upcoming_phases = (
        Phase.objects.filter(process__in=Process.objects.published(), starts_at__gt=now)
        .select_related("process")
        .order_by("starts_at")[:5]
    )
    return render(
        request,
        "core/home.html",
        {"open_processes": open_processes, "upcoming_phases": upcoming_phases, "now": now},
    )


def accessibility(request):
    return render(request, "core/accessibility.html")


def legal(request):
    return render(request, "core/legal.html")


def privacy(request):
    return render(
        request,
        "core/privacy.html",
        {"processings": processings(), "contact": settings.DEFAULT_FROM_EMAIL},
    )


@never_cache
def health(request):
    """For load balancers and monitoring: the application answers and reaches its database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
