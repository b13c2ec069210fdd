import json

import pytest
from django.core.management import call_command
from hypothesis import given
from hypothesis import strategies as st

from parvis.core import geo
from parvis.core.models import Commune
from parvis.core.services.territory import locate

latitudes = st.floats(min_value=-80, max_value=80)
longitudes = st.floats(min_value=-179, max_value=179)


def test_distance_between_two_known_places():
    # Bordeaux and Mérignac centres are about 5.4 km apart.
    assert 5200 < geo.distance_m(44.838, -0.579, 44.842, -0.646) < 5600


@given(latitudes, longitudes, st.floats(min_value=1, max_value=50_000))
def test_box_contains_the_circle(lat, lon, radius):
    south, west, north, east = geo.box_around(lat, lon, radius)
    assert geo.distance_m(lat, lon, north, lon) >= radius * 0.999
    assert geo.distance_m(lat, lon, lat, east) >= radius * 0.999
    assert south < lat < north and west < lon < east


SQUARE_WITH_HOLE = {
    "type": "Polygon",
    "coordinates": [
        [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]],
        [[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]],
    ],
}


@pytest.mark.parametrize(
    ("lat", "lon", "inside"),
    [(1, 1, True), (5, 5, False), (9.9, 2, True), (11, 5, False), (-1, 5, False)],
)
def test_point_in_polygon_with_hole(lat, lon, inside):
    assert geo.contains(SQUARE_WITH_HOLE, lat, lon) is inside
    multi = {"type": "MultiPolygon", "coordinates": [SQUARE_WITH_HOLE["coordinates"]]}
    assert geo.contains(multi, lat, lon) is inside


@pytest.mark.django_db
def test_load_territory_is_idempotent():
    call_command("load_territory")
    call_command("load_territory")
    assert Commune.objects.count() == 28
    assert Commune.objects.get(insee_code="33063").name == "Bordeaux"


@pytest.mark.django_db
def test_locate_without_contours_uses_nearest_centre(communes):
    assert locate(44.8405, -0.5750) == communes["bordeaux"]
    assert locate(44.8060, -0.6320) == communes["pessac"]
    assert locate(45.5, -1.2) is None  # the ocean off the Médoc
    assert locate(43.6, 1.44) is None  # Toulouse


@pytest.mark.django_db
def test_locate_with_loaded_contours(communes, tmp_path):
    square = [[-0.60, 44.82], [-0.56, 44.82], [-0.56, 44.86], [-0.60, 44.86], [-0.60, 44.82]]
    path = tmp_path / "contours.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"code": "33063"},
         "geometry": {"type": "Polygon", "coordinates": [square]}},
    ]}))
    call_command("load_territory", boundaries=str(path))
    assert locate(44.84, -0.58) == communes["bordeaux"]
    assert locate(44.806, -0.631) is None  # Pessac has no contour loaded: outside
