"""The maps of the pages that place something (reports, ideas, events…): the base map the
site draws itself (the communes' outlines, in SVG), the options of the on-demand tiles when
a tile server is configured, and the Content-Security-Policy that lets their pictures in."""

import math
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.templatetags.static import static

from parvis.core import geo, middleware
from parvis.core.models import Commune


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


def allow_tiles(request) -> None:
    """The page being rendered shows a map: its tiles' pictures may come from the tile
    server (the security headers middleware sends the widened policy)."""
    policy = tiles_content_security_policy()
    if policy and request is not None:
        request.content_security_policy = policy


# The base map: the communes' outlines drawn by the site itself, in SVG, so that a map
# works with no tile server and no third party. Outlines come from `Commune.boundary`
# when the operator loaded them (`parvis load_territory --boundaries`), else from the
# communes' centres (each commune gets the area nearer to its centre than to any other,
# within CELL_RADIUS_KM: an approximation, said so on the map).
KM_PER_DEGREE_LAT = 110.57
KM_PER_DEGREE_LON_AT_EQUATOR = 111.32
CELL_RADIUS_KM = 4.5
UNITS_PER_KM = 20  # SVG user units
MAX_RING_POINTS = 150


@dataclass(frozen=True)
class Projection:
    """Equirectangular projection around the territory: SVG x, y from latitude, longitude
    (and back, in the page's script, from the same four numbers)."""

    west: float
    north: float
    x_scale: float  # units per degree of longitude
    y_scale: float  # units per degree of latitude

    def point(self, latitude: float, longitude: float) -> tuple[float, float]:
        return ((longitude - self.west) * self.x_scale, (self.north - latitude) * self.y_scale)

    def position(self, x: float, y: float) -> tuple[float, float]:
        return (self.north - y / self.y_scale, self.west + x / self.x_scale)


@dataclass(frozen=True)
class Shape:
    name: str
    slug: str
    path: str
    label_x: float
    label_y: float


@dataclass(frozen=True)
class BaseMap:
    projection: Projection
    width: float
    height: float
    shapes: list
    approximate: bool

    def contains(self, x: float, y: float) -> bool:
        return 0 <= x <= self.width and 0 <= y <= self.height


def _rings(geometry: dict) -> list[list]:
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" \
        else geometry["coordinates"]
    return [polygon[0] for polygon in polygons if polygon]


def outlines(communes: list[Commune]) -> dict[str, list[list[tuple[float, float]]]]:
    """Each commune's outer rings as (latitude, longitude) points, by INSEE code."""
    latitude0 = sum(commune.latitude for commune in communes) / len(communes)
    kx = KM_PER_DEGREE_LON_AT_EQUATOR * math.cos(math.radians(latitude0))
    centres = [(commune.longitude * kx, commune.latitude * KM_PER_DEGREE_LAT)
               for commune in communes]
    cells = geo.cells(centres, CELL_RADIUS_KM)
    shapes = {}
    for commune, cell in zip(communes, cells, strict=True):
        if commune.boundary:
            shapes[commune.insee_code] = [
                [(lat, lon) for lon, lat, *_rest in ring[:: max(1, len(ring) // MAX_RING_POINTS)]]
                for ring in _rings(commune.boundary)
            ]
        else:
            shapes[commune.insee_code] = [[(y / KM_PER_DEGREE_LAT, x / kx) for x, y in cell]]
    return shapes


def base_map() -> BaseMap | None:
    """The territory's communes, projected for SVG; None before the communes are loaded."""
    communes = list(Commune.objects.all())
    if not communes:
        return None
    rings = outlines(communes)
    points = [point for shape in rings.values() for ring in shape for point in ring]
    north, south = max(p[0] for p in points), min(p[0] for p in points)
    west, east = min(p[1] for p in points), max(p[1] for p in points)
    y_scale = KM_PER_DEGREE_LAT * UNITS_PER_KM
    x_scale = KM_PER_DEGREE_LON_AT_EQUATOR * math.cos(math.radians((north + south) / 2)) \
        * UNITS_PER_KM
    projection = Projection(west, north, x_scale, y_scale)
    shapes = []
    for commune in communes:
        path = " ".join(
            "M" + " L".join("{:.0f},{:.0f}".format(*projection.point(*point)) for point in ring)
            + " Z"
            for ring in rings[commune.insee_code]
        )
        x, y = projection.point(commune.latitude, commune.longitude)
        shapes.append(Shape(commune.name, commune.slug, path, round(x), round(y)))
    width, height = projection.point(south, east)
    return BaseMap(projection, round(width), round(height), shapes,
                   approximate=not all(commune.boundary for commune in communes))


@dataclass(frozen=True)
class Marker:
    x: float
    y: float
    label: str
    url: str


def markers(base: BaseMap, places, links: bool) -> list[Marker]:
    """The places (anything with `latitude` and `longitude`, and optionally `title` and
    `get_absolute_url`, for `links`) that fall on the map."""
    found = []
    for place in places:
        if place.latitude is None or place.longitude is None:
            continue
        x, y = base.projection.point(place.latitude, place.longitude)
        if base.contains(x, y):
            url = place.get_absolute_url() if links and hasattr(place, "get_absolute_url") \
                else ""
            found.append(Marker(round(x, 1), round(y, 1), str(getattr(place, "title", place)),
                                url))
    return found
