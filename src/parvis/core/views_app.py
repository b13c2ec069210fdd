"""The installable web app: its manifest, its service worker and the offline page the
service worker shows when the network is down."""

import hashlib
import json
from functools import cache

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import get_template
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

THEME_COLOUR = "#1d4f91"
BACKGROUND_COLOUR = "#ffffff"
ICONS = [("icons/icon-192.png", "192x192", "any"), ("icons/icon-512.png", "512x512", "any"),
         ("icons/maskable-512.png", "512x512", "maskable")]


@require_GET
def manifest(request):
    return JsonResponse({
        "name": settings.SITE_NAME,
        "short_name": settings.SITE_NAME,
        "description": _("Participer à la vie publique de la métropole et accéder à ses"
                         " services numériques."),
        "lang": "fr",
        "dir": "ltr",
        "start_url": reverse("home"),
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "icons": [{"src": static("parvis/favicon.svg"), "sizes": "any", "type": "image/svg+xml"},
                  *({"src": static(f"parvis/{path}"), "sizes": sizes, "type": "image/png",
                     "purpose": purpose} for path, sizes, purpose in ICONS)],
    }, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False})


@cache
def service_worker_source() -> str:
    """The worker's code; its cache is named after a digest of the code, so a new version
    replaces the former cache. It keeps the offline page and its style at once (a frugal
    first visit: the other static assets are kept as pages use them)."""
    config = {"OFFLINE": reverse("offline"), "STATIC": settings.STATIC_URL,
              "PRECACHE": [static("parvis/parvis.css")], "NAME": settings.SITE_NAME,
              "ICON": static("parvis/icons/icon-192.png")}
    template = get_template("core/service-worker.js")
    digest = hashlib.sha256((template.template.source + json.dumps(config)).encode())
    config["CACHE"] = f"parvis-{digest.hexdigest()[:12]}"
    return template.render({"config": json.dumps(config)})


@require_GET
def service_worker(request):
    response = HttpResponse(service_worker_source(), content_type="text/javascript")
    response["Cache-Control"] = "no-cache"  # browsers check for a new version at each visit
    return response


@require_GET
def offline(request):
    return render(request, "core/offline.html")
