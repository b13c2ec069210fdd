"""Public pages of the site itself: accessibility statement, legal notice, privacy, health."""

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from parvis.core.privacy import processings


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
