"""The base map the site draws itself (the communes in SVG) and its tiles when configured."""

import math
import re

import pytest
from django.template import Context, Template
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from parvis.core import geo, maps
from parvis.core.models import Commune

sites = st.lists(st.tuples(st.floats(-50, 50), st.floats(-50, 50)), min_size=2, max_size=12,
                 unique=True).filter(
    lambda points: all(math.dist(a, b) > 0.5 for a in points for b in points if a != b))


@given(sites=sites)
def test_each_cell_holds_its_site_and_points_nearer_to_it(sites):
    shapes = geo.cells(sites, radius=20)
    for (x, y), shape in zip(sites, shapes, strict=True):
        ring = {"type": "Polygon", "coordinates": [[list(point) for point in shape]]}
        for dx, dy in ((0.1, 0), (0, 0.1), (-0.1, -0.1)):
            assert geo.contains(ring, y + dy, x + dx)
        # A point of the cell is never nearer to another site than to its own.
        cx = sum(point[0] for point in shape) / len(shape)
        cy = sum(point[1] for point in shape) / len(shape)
        nearest = min(sites, key=lambda site: math.dist(site, (cx, cy)))
        assert math.dist((x, y), (cx, cy)) <= math.dist(nearest, (cx, cy)) + 1e-6


def render(source, **context):
    return Template("{% load maps %}" + source).render(Context(context))


@pytest.mark.django_db
def test_the_base_map_draws_every_commune_with_its_name(communes):
    html = render("{% point_map %}")
    assert html.count("<path ") == 28 and "<title>Villenave-d&#x27;Ornon</title>" in html
    assert re.search(r'<svg [^>]*role="img" aria-labelledby="(map-\d+)-title" '
                     r'aria-describedby="\1-desc"', html)
    assert "Contours approximatifs" in html and "data-tiles" not in html
    assert "parvis/map.js" in html and "<script>" not in html  # no inline script (CSP)


@pytest.mark.django_db
def test_loaded_outlines_replace_the_approximation(communes):
    square = [[-0.60, 44.82], [-0.55, 44.82], [-0.55, 44.86], [-0.60, 44.86], [-0.60, 44.82]]
    Commune.objects.update(boundary={"type": "Polygon", "coordinates": [square]})
    base = maps.base_map()
    assert not base.approximate
    x, y = base.projection.point(44.86, -0.60)
    assert (round(x), round(y)) == (0, 0)
    assert base.shapes[0].path.startswith("M0,")
    assert "Contours approximatifs" not in render("{% point_map %}")


@pytest.mark.django_db
def test_places_are_links_on_the_map_and_points_outside_are_left_out(communes):
    class Place:
        def __init__(self, title, latitude, longitude):
            self.title, self.latitude, self.longitude = title, latitude, longitude

        def get_absolute_url(self):
            return f"/lieux/{self.title}/"

    places = [Place("mairie", 44.838, -0.579), Place("paris", 48.85, 2.35),
              Place("nulle-part", None, None)]
    html = render("{% point_map places=places %}", places=places)
    assert '<a href="/lieux/mairie/"><circle' in html and "paris" not in html
    assert 'role="group"' in html and "1 lieu sur la carte, chacun est un lien." in html
    single = render("{% point_map place=place %}", place=places[0])
    assert "<title>mairie</title>" in single and "<a href" not in single


@pytest.mark.django_db
def test_fields_written_by_hand_can_be_placed(communes):
    html = render('{% point_map latitude_id="q1_lat" longitude_id="q1_lon" latitude="44,84" '
                  'longitude="-0,58" %}')
    assert 'data-map="pick"' in html and 'data-latitude="q1_lat"' in html
    assert "data-complete" not in html  # no address field to complete
    assert re.search(r'<circle class="map-point" r="8" cx="\d+\.\d" cy="\d+\.\d" data-map-point',
                     html)


@pytest.mark.django_db
def test_tiles_are_offered_only_when_configured(communes, settings):
    settings.MAP_TILES_URL = "https://data.geopf.fr/wmts?LAYER=PLAN&TILEMATRIX={z}"
    html = render("{% point_map %}")
    assert 'data-tiles="https://data.geopf.fr/wmts?LAYER=PLAN&amp;TILEMATRIX={z}"' in html
    assert "vendor/leaflet/leaflet.js" in html
    assert "https://data.geopf.fr" in maps.tiles_content_security_policy()


@pytest.mark.django_db
def test_no_map_before_the_territory_is_loaded():
    assert render("{% point_map %}").strip() == ""


@pytest.mark.django_db
def test_the_tile_origin_is_allowed_on_map_pages_only(client, communes, settings):
    settings.MAP_TILES_URL = "https://data.geopf.fr/wmts?TILEMATRIX={z}&TILEROW={y}&TILECOL={x}"
    new_report = client.get(reverse("reports:new"))
    assert "img-src 'self' data: blob: https://data.geopf.fr;" in (
        new_report["Content-Security-Policy"])
    assert "geopf" not in client.get(reverse("home"))["Content-Security-Policy"]
    settings.MAP_TILES_URL = ""
    assert "geopf" not in client.get(reverse("reports:new"))["Content-Security-Policy"]
