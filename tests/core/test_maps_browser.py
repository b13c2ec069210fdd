"""The map component in Chromium, under the strict CSP (map.js): clicking the base map or
using the arrow keys places the point and fills the nearest address; typing an address
proposes the known ones and choosing one places the point. The report form stays
accessible and frugal once the map has been used."""

import json
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from parvis.core import maps
from parvis.core.demo_addresses import load_demo_addresses
from parvis.core.models import Address
from tests.gates.test_accessibility import VIEWPORTS, axe_violations, describe
from tests.gates.test_ecoindex import COUNT_NODES, MIN_SCORE, ecoindex

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    # compute_ecoindex itself calls the package's deprecated get_ecoindex
    pytest.mark.filterwarnings("ignore:Use compute_ecoindex instead:DeprecationWarning"),
]


def value(page, selector) -> str:
    return page.locator(selector).input_value()


def test_placing_a_point_and_choosing_an_address(new_context, live_server, communes,
                                                  tmp_path):
    load_demo_addresses()
    context = new_context(viewport=VIEWPORTS["mobile"],
                          record_har_path=str(tmp_path / "h.har"))
    page = context.new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(live_server.url + reverse("reports:new"))

    # A click on Bordeaux's centre: the point, then the nearest address, are filled in.
    base = maps.base_map()
    x, y = base.projection.point(44.838, -0.579)
    svg = page.locator("[data-map-svg]")
    svg.scroll_into_view_if_needed()
    box = svg.bounding_box()
    svg.click(position={"x": x * box["width"] / base.width,
                        "y": y * box["height"] / base.height})
    assert not errors, errors
    assert abs(float(value(page, "#id_latitude")) - 44.838) < 0.002
    assert abs(float(value(page, "#id_longitude")) + 0.579) < 0.002
    expect(page.locator("#id_address")).to_have_value(re.compile(r", Bordeaux$"))
    assert value(page, "#id_commune") == "bordeaux"
    assert page.locator("[data-map-point]").get_attribute("visibility") == "visible"

    # The arrow keys move it east.
    longitude = float(value(page, "#id_longitude"))
    page.locator("[data-map-svg]").focus()
    page.keyboard.press("ArrowRight")
    assert float(value(page, "#id_longitude")) > longitude

    # Typing proposes addresses; choosing one places the point there.
    page.fill("#id_address", "12 rue sainte")
    expect(page.locator("[data-map-addresses] option").first).to_have_attribute(
        "value", "12 rue Sainte-Catherine, Bordeaux")
    page.fill("#id_address", "12 rue Sainte-Catherine, Bordeaux")
    address = Address.objects.get(street="rue Sainte-Catherine", number=12)
    assert float(value(page, "#id_latitude")) == pytest.approx(address.latitude, abs=1e-6)

    violations = axe_violations(page)
    assert not violations, "\n".join(describe(violations))
    nodes = page.evaluate(COUNT_NODES)
    context.close()
    assert not errors, errors
    entries = json.loads((tmp_path / "h.har").read_text())["log"]["entries"]
    size = sum(entry["response"]["_transferSize"] for entry in entries) / 1000
    result = ecoindex(nodes, size, len(entries))
    figures = {"DOM": nodes, "KB": round(size, 1), "requests": len(entries),
               "EcoIndex": result.score}
    print("report form after using the map:", figures)
    assert result.score >= MIN_SCORE, figures
