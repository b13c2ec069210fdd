"""Address completion and reverse geocoding, as JSON, from the site's own address base
(`services.addresses`): what people type never leaves the site."""

from django.conf import settings
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from parvis.core import throttle
from parvis.core.services import addresses


def _error(detail: str, code: str, status: int) -> JsonResponse:
    return JsonResponse({"detail": detail, "code": code}, status=status)


def _throttled(request) -> JsonResponse | None:
    rate = throttle.Rate("addresses.client", settings.ADDRESSES_PER_MINUTE_PER_IP, 60)
    try:
        throttle.take(throttle.Hit(rate, throttle.client_ip(request)))
    except throttle.Throttled:
        return _error(_("Trop de recherches d'adresses : réessayez dans une minute."),
                      "throttled", 429)
    return None


@require_GET
def complete(request):
    """`?q=12 rue sainte`: at most `COMPLETION_LIMIT` addresses or streets."""
    refusal = _throttled(request)
    if refusal:
        return refusal
    places = addresses.complete(request.GET.get("q", ""))
    return JsonResponse({"results": [place.as_json() for place in places]})


def _coordinate(request, name: str, limit: float) -> float | None:
    try:
        value = float(request.GET.get(name, ""))
    except ValueError:
        return None
    return value if abs(value) <= limit else None


@require_GET
def reverse(request):
    """`?lat=44.84&lon=-0.57`: the nearest address, or 404 when none is near."""
    refusal = _throttled(request)
    if refusal:
        return refusal
    latitude, longitude = _coordinate(request, "lat", 90), _coordinate(request, "lon", 180)
    if latitude is None or longitude is None:
        return _error(_("Indiquez lat et lon en degrés décimaux."), "invalid_point", 400)
    address = addresses.nearest(latitude, longitude)
    if address is None:
        return _error(_("Aucune adresse connue près de ce point."), "not_found", 404)
    return JsonResponse(addresses.Place(address.label, address.latitude, address.longitude,
                                        address.commune.slug).as_json())
