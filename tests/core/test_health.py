"""Liveness (/sante/) and readiness (/sante/pret/): what load balancers and orchestrators ask."""

import pytest
from django.core.cache import caches
from django.urls import reverse

from parvis.core import views

pytestmark = pytest.mark.django_db


def test_a_ready_server_says_which_services_it_checked(client):
    assert client.get(reverse("health")).json() == {"status": "ok"}
    response = client.get(reverse("readiness"))
    assert response.status_code == 200 and response["Cache-Control"].startswith("max-age=0")
    assert response.json() == {"status": "ok", "checks": {
        "database": "ok", "cache": "ok", "storage": "ok"}}


def test_a_failing_service_makes_the_server_unready(client, settings, monkeypatch):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    caches._settings = None  # noqa: SLF001 - let the cache handler read the new setting
    monkeypatch.setattr(views.default_storage, "exists", lambda name: 1 / 0)
    response = client.get(reverse("readiness"))
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "checks": {
        "database": "ok", "cache": "OSError", "storage": "ZeroDivisionError"}}
