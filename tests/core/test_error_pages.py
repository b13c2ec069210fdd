"""Error pages: each status answers in the site's layout, in French, with a way back and no
stack trace; a crash in the API or Open311 answers in JSON."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST

from parvis import urls as site_urls
from parvis.core import throttle
from parvis.core.views_errors import ERRORS


def broken(request):
    raise RuntimeError("secret internal detail")


def suspicious(request):
    from django.core.exceptions import SuspiciousOperation

    raise SuspiciousOperation("secret internal detail")


def forbidden(request):
    from django.core.exceptions import PermissionDenied

    raise PermissionDenied("secret internal detail")


def throttled(request):
    raise throttle.Throttled(timezone.now() + timedelta(minutes=5),
                             throttle.Rate("test", 1, 60))


@require_POST
def post_only(request):
    raise AssertionError("never reached by a GET")


urlpatterns = [
    path("open311/v2/test-500/", broken),
    *site_urls.urlpatterns,
    path("test-500/", broken),
    path("test-400/", suspicious),
    path("test-403/", forbidden),
    path("test-429/", throttled),
    path("test-405/", post_only),
]
handler400 = site_urls.handler400
handler403 = site_urls.handler403
handler404 = site_urls.handler404
handler500 = site_urls.handler500


@pytest.fixture
def site(settings, db):
    settings.ROOT_URLCONF = __name__
    settings.DEBUG = False
    return Client(raise_request_exception=False)


def assert_error_page(response, status):
    assert response.status_code == status
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert f"<h1>{ERRORS[status].title}</h1>" in html
    assert 'href="/"' in html and "Revenir à l'accueil" in html
    assert "secret internal detail" not in html and "Traceback" not in html
    assert 'aria-label="Menu principal"' in html


@pytest.mark.parametrize(("url", "status"), [
    ("/test-400/", 400), ("/test-403/", 403), ("/page-qui-n-existe-pas/", 404),
    ("/test-405/", 405), ("/test-429/", 429), ("/test-500/", 500),
])
def test_each_error_has_a_french_page_in_the_layout(site, url, status):
    assert_error_page(site.get(url), status)


def test_a_405_keeps_its_allow_header(site):
    assert site.get("/test-405/")["Allow"] == "POST"


def test_a_rate_limit_says_when_to_try_again(site):
    response = site.get("/test-429/")
    assert int(response["Retry-After"]) > 200
    assert "Vous pourrez réessayer à partir de" in response.content.decode()


def test_the_500_page_needs_no_database(site, monkeypatch):
    def no_database(*args, **kwargs):
        raise AssertionError("the 500 page queried the database")

    with monkeypatch.context() as patch:
        patch.setattr(connection, "cursor", no_database)
        response = site.get("/test-500/")
    assert_error_page(response, 500)


def test_a_refused_csrf_check_has_its_own_page(db, settings):
    settings.DEBUG = False
    response = Client(enforce_csrf_checks=True).post("/compte/connexion/", {"username": "x"})
    assert response.status_code == 403
    html = response.content.decode()
    assert '<html lang="fr">' in html and "<h1>Formulaire expiré</h1>" in html
    assert 'href="/"' in html


def test_a_crash_under_open311_answers_in_json(site):
    response = site.get("/open311/v2/test-500/")
    assert response.status_code == 500
    assert response.json() == {"detail": str(ERRORS[500].message), "code": "server_error"}
