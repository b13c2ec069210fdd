"""The installable web app: the manifest and its icons, the service worker, and the offline
page a page shows when the network is down (in Chromium)."""

import json

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from PIL import Image

from tests.gates.test_accessibility import VIEWPORTS


def test_the_manifest_names_the_app_in_french_with_its_icons(client):
    response = client.get("/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["lang"] == "fr" and manifest["start_url"] == "/"
    assert manifest["display"] == "standalone" and manifest["theme_color"] == "#1d4f91"
    sizes = set()
    for icon in manifest["icons"]:
        path = finders.find(icon["src"].removeprefix("/static/"))
        assert path, icon["src"]
        if icon["type"] == "image/png":
            with Image.open(path) as image:
                assert f"{image.width}x{image.height}" == icon["sizes"]
            sizes.add(icon["sizes"])
    assert sizes == {"192x192", "512x512"}
    assert {icon.get("purpose") for icon in manifest["icons"]} >= {"any", "maskable"}


@pytest.mark.django_db
def test_every_page_links_the_manifest_and_the_worker(client):
    page = client.get(reverse("home")).content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in page
    assert 'data-worker="/sw.js"' in page


def test_the_worker_keeps_only_static_assets_and_the_offline_page(client):
    response = client.get("/sw.js")
    assert response["Content-Type"] == "text/javascript"
    assert response["Cache-Control"] == "no-cache"
    source = response.content.decode()
    config = json.loads(source.split(" = ", 1)[1].split(";\n", 1)[0])
    assert config["OFFLINE"] == "/hors-ligne/" and config["STATIC"] == "/static/"
    assert all(url.startswith("/static/") for url in config["PRECACHE"])
    assert config["CACHE"].startswith("parvis-")


@pytest.mark.django_db
def test_the_offline_page_says_what_to_do(client):
    page = client.get(reverse("offline")).content.decode()
    assert "Pas de connexion" in page and "rechargez la page" in page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_without_network_a_page_shows_the_offline_page(new_context, live_server):
    context = new_context(viewport=VIEWPORTS["mobile"])
    page = context.new_page()
    page.goto(live_server.url + reverse("legal"))
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()  # now under the worker's control
    context.set_offline(True)
    page.goto(live_server.url + reverse("accessibility"))
    assert page.locator("h1").inner_text() == "Pas de connexion"
    # with its style, kept by the worker
    assert page.evaluate("getComputedStyle(document.querySelector('.skip-link')).position"
                         ) == "absolute"
    context.set_offline(False)
