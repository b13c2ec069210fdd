"""Pages of the site itself: accessibility statement, legal notice, privacy, health, the
operator's metrics, the serving of private files and the demo's outbox."""

import os
import secrets

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    generate_latest,
    multiprocess,
)

from parvis.core import files, modules, spreadsheets
from parvis.core import privacy as register
from parvis.core.accessibility import conformity_rate
from parvis.core.models import OutboxMessage
from parvis.core.observability import ModuleMetrics
from parvis.core.pagination import page_of

DEMO_OUTBOX_PAGE_SIZE = 20


def accessibility(request):
    return render(request, "core/accessibility.html", {"conformity_rate": conformity_rate()})


def legal(request):
    return render(request, "core/legal.html")


def privacy(request):
    return render(
        request,
        "core/privacy.html",
        {"register": register.register(), "contact": settings.DEFAULT_FROM_EMAIL,
         "transfers": register.TRANSFERS, "security": register.SECURITY},
    )


# The register of processings holds no personal data: it is published, and exported for the
# data-protection officer.
@require_safe
def privacy_register_csv(request):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="registre-des-traitements.csv"'
    writer = spreadsheets.Writer(response)
    writer.writerow([str(label) for label in register.COLUMNS.values()])
    writer.writerows([row[name] for name in register.COLUMNS] for row in register.register_rows())
    return response


@require_safe
def privacy_register_json(request):
    document = {"responsable": settings.ORGANISATION_NAME, "contact": settings.DEFAULT_FROM_EMAIL,
                "traitements": register.register_rows()}
    return JsonResponse(document, json_dumps_params={"ensure_ascii": False, "indent": 2})


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
    files.private_storage().exists("readiness-probe")


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


@require_safe
def private_file(request, kind, pk):
    """A private file, for the people the module storing it admits (the same rule as the
    page linking it); 404 for everyone else, signed in or not, as for a missing file."""
    try:
        entry = modules.private_file(kind)
    except LookupError:
        raise Http404 from None
    instance = get_object_or_404(apps.get_model(entry.model)._default_manager, pk=pk)
    file = getattr(instance, entry.field)
    if not file or not entry.may_read(request.user, instance):
        raise Http404
    if entry.opened:
        entry.opened(request.user, instance)
    return files.response(getattr(instance, entry.field), entry.filename(instance))
@never_cache
def demo_outbox(request):
    """The demo's e-mails, newest first, so that a tester can follow their links (the demo
    sends none). Only when the demo setting is on."""
    if not settings.DEMO:
        raise Http404
    page = page_of(request, OutboxMessage.objects.all(), DEMO_OUTBOX_PAGE_SIZE)
    return render(request, "core/demo_outbox.html", {"page_obj": page})
