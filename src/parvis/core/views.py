"""Public pages of the site itself: accessibility statement, legal notice, privacy, health,
and the operator's metrics."""

import os
import secrets

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    generate_latest,
    multiprocess,
)

from parvis.core.observability import ModuleMetrics
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
    """Liveness, for load balancers: the application answers and reaches its database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@never_cache
def readiness(request):
    """Readiness, for an orchestrator: every shared service this server needs answers
    (database, cache, media storage); 503 with the failing ones otherwise."""
    checks = {name: _check(probe) for name, probe in READINESS_PROBES.items()}
    ready = all(result == "ok" for result in checks.values())
    return JsonResponse({"status": "ok" if ready else "unavailable", "checks": checks},
                        status=200 if ready else 503)


def _probe_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _probe_cache():
    key = "parvis:readiness"
    cache.set(key, "ok", timeout=10)
    if cache.get(key) != "ok":
        raise OSError("the cache does not keep what it is given")


def _probe_storage():
    default_storage.exists("readiness-probe")


READINESS_PROBES = {"database": _probe_database, "cache": _probe_cache,
                    "storage": _probe_storage}


def _check(probe) -> str:
    try:
        probe()
    except Exception as error:  # noqa: BLE001 - any failure of a service is "not ready"
        return f"{type(error).__name__}"
    return "ok"


@never_cache
def metrics(request):
    """Prometheus metrics: requests, responses and database use (django-prometheus, summed
    over the server's processes when PROMETHEUS_MULTIPROC_DIR is set) and the modules'
    figures. Only for a scraper presenting `Authorization: Bearer <METRICS_TOKEN>`: without
    the setting, the page does not exist."""
    expected = f"Bearer {settings.METRICS_TOKEN}"
    given = request.headers.get("Authorization", "")
    if not settings.METRICS_TOKEN or not secrets.compare_digest(given.encode(), expected.encode()):
        raise Http404
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    output = generate_latest(registry) + generate_latest(_module_registry())
    return HttpResponse(output, content_type=CONTENT_TYPE_LATEST)


def _module_registry() -> CollectorRegistry:
    registry = CollectorRegistry()
    registry.register(ModuleMetrics())
    return registry
