"""Plain geometry (no Django import): distances, boxes, point in GeoJSON polygon."""

import math

EARTH_RADIUS_M = 6_371_008.8


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def box_around(lat: float, lon: float, radius_m: float) -> tuple[float, float, float, float]:
    """(south, west, north, east) of a box that contains the circle of radius_m."""
    dlat = math.degrees(radius_m / EARTH_RADIUS_M)
    dlon = math.degrees(radius_m / (EARTH_RADIUS_M * max(math.cos(math.radians(lat)), 1e-6)))
    return lat - dlat, lon - dlon, lat + dlat, lon + dlon


def _in_ring(lon: float, lat: float, ring: list) -> bool:
    """Even-odd rule on one linear ring of [lon, lat] positions."""
    inside = False
    count = len(ring)
    for index in range(count):
        x1, y1 = ring[index][0], ring[index][1]
        x2, y2 = ring[index - 1][0], ring[index - 1][1]
        if (y1 > lat) != (y2 > lat) and lon < (x2 - x1) * (lat - y1) / (y2 - y1) + x1:
            inside = not inside
    return inside


def contains(geometry: dict, lat: float, lon: float) -> bool:
    """Whether a GeoJSON Polygon or MultiPolygon contains the point (holes respected)."""
    if geometry["type"] == "Polygon":
        polygons = [geometry["coordinates"]]
    elif geometry["type"] == "MultiPolygon":
        polygons = geometry["coordinates"]
    else:
        raise ValueError(f"unsupported geometry type {geometry['type']!r}")
    return any(
        rings
        and _in_ring(lon, lat, rings[0])
        and not any(_in_ring(lon, lat, hole) for hole in rings[1:])
        for rings in polygons
    )


def _clip(polygon: list, a: float, b: float, c: float) -> list:
    """The part of a convex polygon of (x, y) points where a*x + b*y <= c."""
    clipped = []
    for index, current in enumerate(polygon):
        previous = polygon[index - 1]
        inside_now = a * current[0] + b * current[1] <= c
        inside_before = a * previous[0] + b * previous[1] <= c
        if inside_now != inside_before:
            dx, dy = current[0] - previous[0], current[1] - previous[1]
            t = (c - a * previous[0] - b * previous[1]) / (a * dx + b * dy)
            clipped.append((previous[0] + t * dx, previous[1] + t * dy))
        if inside_now:
            clipped.append(current)
    return clipped


def cells(sites: list[tuple[float, float]], radius: float, sides: int = 24) -> list[list]:
    """Around each (x, y) site, the plane points nearer to it than to any other site and
    within `radius` of it (a Voronoi cell clipped by a polygon of `sides` sides): an
    approximate territory for each place known only by its centre."""
    shapes = []
    for x, y in sites:
        shape = [
            (x + radius * math.cos(2 * math.pi * k / sides),
             y + radius * math.sin(2 * math.pi * k / sides))
            for k in range(sides)
        ]
        for other_x, other_y in sites:
            if (other_x, other_y) == (x, y) or not shape:
                continue
            # Nearer to (x, y) than to the other site: the half-plane of the bisector.
            a, b = other_x - x, other_y - y
            shape = _clip(shape, a, b, (other_x**2 + other_y**2 - x**2 - y**2) / 2)
        shapes.append(shape)
    return shapes


def offset(lat: float, lon: float, distance_m: float, bearing: float) -> tuple[float, float]:
    """The point `distance_m` away in the direction `bearing` (radians from north), on a
    local flat approximation (fine for a few kilometres)."""
    dlat = math.degrees(distance_m * math.cos(bearing) / EARTH_RADIUS_M)
    dlon = math.degrees(distance_m * math.sin(bearing)
                        / (EARTH_RADIUS_M * max(math.cos(math.radians(lat)), 1e-6)))
    return lat + dlat, lon + dlon
