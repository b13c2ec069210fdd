"""The metropolis' territory: its communes, loaded from the bundled reference file."""

import json
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.text import slugify

from parvis.core import geo
from parvis.core.models import Commune

COMMUNES_FILE = Path(__file__).resolve().parent.parent / "data" / "communes.json"


@transaction.atomic
def load_communes(path: Path = COMMUNES_FILE) -> int:
    """Create or update the communes (idempotent, keyed by INSEE code). Returns the count."""
    rows = json.loads(path.read_text(encoding="utf-8"))
    for name, insee_code, latitude, longitude in rows:
        Commune.objects.update_or_create(
            insee_code=insee_code,
            defaults={
                "name": name,
                "slug": slugify(name),
                "latitude": latitude,
                "longitude": longitude,
            },
        )
    return len(rows)


@transaction.atomic
def load_boundaries(path: Path) -> int:
    """Attach commune contours from a GeoJSON FeatureCollection whose features carry the
    INSEE code in a `code`, `insee` or `INSEE_COM` property. Returns how many were set."""
    collection = json.loads(Path(path).read_text(encoding="utf-8"))
    updated = 0
    for feature in collection.get("features", []):
        properties = feature.get("properties") or {}
        code = next(
            (str(properties[key]) for key in ("code", "insee", "INSEE_COM") if key in properties),
            None,
        )
        geometry = feature.get("geometry") or {}
        if code and geometry.get("type") in {"Polygon", "MultiPolygon"}:
            updated += Commune.objects.filter(insee_code=code).update(boundary=geometry)
    return updated


def locate(latitude: float, longitude: float, communes: list[Commune] | None = None
           ) -> Commune | None:
    """The commune where a point lies, or None outside the territory.

    With contours loaded, a point-in-polygon test; without them, the nearest commune
    centre within settings.TERRITORY_MAX_DISTANCE_M (an approximation). Pass `communes`
    (all of them, read once) to locate many points without a query each."""
    communes = list(Commune.objects.all()) if communes is None else communes
    with_boundary = [commune for commune in communes if commune.boundary]
    if with_boundary:
        return next(
            (c for c in with_boundary if geo.contains(c.boundary, latitude, longitude)), None
        )
    if not communes:
        return None
    nearest = min(
        communes, key=lambda c: geo.distance_m(latitude, longitude, c.latitude, c.longitude)
    )
    distance = geo.distance_m(latitude, longitude, nearest.latitude, nearest.longitude)
    return nearest if distance <= settings.TERRITORY_MAX_DISTANCE_M else None
