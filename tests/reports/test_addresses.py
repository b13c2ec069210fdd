"""Placing a report by its address, without JavaScript: the server finds the address in the
site's address base; the map component on the form."""

import pytest
from django.urls import reverse

from parvis.core.demo_addresses import load_demo_addresses
from parvis.reports.models import Report
from tests.reports.test_public import NEW, form_data


@pytest.fixture
def addresses(communes):
    load_demo_addresses()


@pytest.mark.django_db
def test_a_typed_address_places_the_report(client, routing, addresses):
    response = client.post(NEW, form_data(point=None,
                                          address="12 rue Sainte-Catherine, Bordeaux"))
    created = Report.objects.get()
    assert response.status_code == 302
    assert created.commune.slug == "bordeaux" and created.latitude is not None
    assert created.address == "12 rue Sainte-Catherine, Bordeaux"
    page = client.get(created.get_absolute_url()).content.decode()
    assert "12 rue Sainte-Catherine" in page


@pytest.mark.django_db
def test_an_unknown_address_is_kept_as_a_landmark_with_the_commune(client, routing,
                                                                   addresses):
    client.post(NEW, form_data(point=None, address="devant l'école", commune="pessac"))
    created = Report.objects.get()
    assert (created.address, created.latitude, created.commune.slug) == (
        "devant l'école", None, "pessac")


@pytest.mark.django_db
def test_without_point_commune_or_known_address_the_form_says_what_to_do(client, routing,
                                                                        addresses):
    response = client.post(NEW, form_data(point=None, address="quelque part"))
    page = response.content.decode()
    assert response.status_code == 200 and not Report.objects.exists()
    assert "quelque part" in page and "Cette adresse est introuvable" in page


@pytest.mark.django_db
def test_the_form_offers_the_map_and_address_completion(client, routing):
    page = client.get(NEW).content.decode()
    assert 'data-map="pick"' in page and "<svg" in page and "Bordeaux</text>" in page
    assert f'data-complete="{reverse("addresses:complete")}"' in page
    assert 'data-address="id_address"' in page and 'data-commune="id_commune"' in page
    assert 'visibility="hidden" data-map-point' in page  # no point yet
    page = client.post(NEW, form_data(title="")).content.decode()
    assert 'visibility="hidden" data-map-point' not in page  # the point typed is shown
