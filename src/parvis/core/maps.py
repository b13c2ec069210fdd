"""The on-demand map of the pages that place something (reports, ideas, events…): its
options, and the Content-Security-Policy that lets the configured tile server's pictures in."""

from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.templatetags.static import static

from parvis.core import middleware


def map_options() -> dict | None:
    """What the on-demand map needs, or None when no tile server is configured."""
    if not settings.MAP_TILES_URL:
        return None
    return {
        "tiles": settings.MAP_TILES_URL,
        "attribution": settings.MAP_ATTRIBUTION,
        "script": static("vendor/leaflet/leaflet.js"),
        "stylesheet": static("vendor/leaflet/leaflet.css"),
    }


def tiles_content_security_policy() -> str | None:
    """The site's CSP with the tile server's origin added to img-src (None when the tiles
    come from the site itself or there is no map)."""
    parts = urlsplit(settings.MAP_TILES_URL)
    if not parts.netloc:
        return None
    origin = f"{parts.scheme}://{parts.netloc.replace('{s}', '*')}"
    policy = getattr(settings, "CONTENT_SECURITY_POLICY", middleware.CONTENT_SECURITY_POLICY)
    directives = [directive.strip() for directive in policy.split(";") if directive.strip()]
    if not any(directive.split()[0] == "img-src" for directive in directives):
        directives.append("img-src 'self'")
    return "; ".join(
        f"{directive} {origin}" if directive.split()[0] == "img-src" else directive
        for directive in directives
    )


def offers_map(view):
    """A page with an on-demand map: map pictures may come from the tile server."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        policy = tiles_content_security_policy()
        if policy:
            response.headers["Content-Security-Policy"] = policy
        return response

    return wrapper
