"""Open-data exports of reports: anonymised content, the public list's filters, streaming."""

import csv
import io
import json
import tracemalloc
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from parvis.reports.models import Category, Report, Status
from parvis.reports.services import Submission, change_status, submit_report
from tests.reports.factories import bulk_reports

pytestmark = pytest.mark.django_db

PRIVATE = {"title": "Chez Jeanne Martinez", "description": "J'habite au 12, appelez-moi.",
           "contact_email": "jeanne.martinez@example.org", "contact_name": "Jeanne Martinez",
           "contact_phone": "0611223344"}


def report(slug="voirie", point=(44.84567, -0.57891), commune=None, reporter=None, **fields):
    for name, value in PRIVATE.items():
        fields.setdefault(name, value)
    latitude, longitude = point or (None, None)
    return submit_report(Submission(category=Category.objects.get(slug=slug), commune=commune,
                                    latitude=latitude, longitude=longitude, **fields),
                         reporter=reporter)


def export_csv(client, **filters):
    response = client.get(reverse("reports:export_csv"), filters)
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode()
    return text, list(csv.DictReader(io.StringIO(text)))


def export_geojson(client, **filters):
    response = client.get(reverse("reports:export_geojson"), filters)
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"] == "application/geo+json"
    text = b"".join(response.streaming_content).decode()
    return text, json.loads(text)


def test_csv_is_anonymised_with_coarse_points(client, routing, communes, make_user):
    located = report(reporter=make_user(email="auteur@example.org"))
    change_status(located, make_user(), Status.RESOLVED, message="Réparé.")
    report(point=None, commune=communes["cenon"], address="12 rue des Lilas")
    text, rows = export_csv(client)
    assert [row["numero"] for row in rows] == [located.tracking_code, rows[1]["numero"]]
    located.refresh_from_db()
    assert rows[0] == {
        "numero": located.tracking_code, "categorie_code": "voirie", "categorie": "Voirie",
        "commune_insee": "33063", "commune": "Bordeaux", "service": "Voirie de Bordeaux",
        "statut": "resolved", "statut_libelle": "résolu",
        "signale_le": timezone.localtime(located.created_at).isoformat(timespec="seconds"),
        "mis_a_jour_le": timezone.localtime(located.updated_at).isoformat(timespec="seconds"),
        "clos_le": timezone.localtime(located.closed_at).isoformat(timespec="seconds"),
        "moi_aussi": "0", "latitude_arrondie": "44.846", "longitude_arrondie": "-0.579",
    }
    assert (rows[1]["commune"], rows[1]["latitude_arrondie"], rows[1]["clos_le"]) == (
        "Cenon", "", "")
    for value in [*PRIVATE.values(), "auteur@example.org", "12 rue des Lilas", "Réparé",
                  "44.84567"]:
        assert value not in text


def test_csv_cells_are_never_formulas(client, routing):
    located = report()
    Category.objects.filter(pk=located.category_id).update(name="@Voirie")
    _text, rows = export_csv(client)
    assert rows[0]["categorie"] == "'@Voirie"  # read as text, not a formula
    assert rows[0]["longitude_arrondie"] == "-0.579"  # a number stays a number


def test_geojson_is_anonymised_and_says_so(client, routing, communes):
    located = report()
    report(point=None, commune=communes["cenon"])
    text, collection = export_geojson(client)
    assert collection["type"] == "FeatureCollection" and "100 m" in collection["notes"]
    first, unlocated = collection["features"]
    assert first["geometry"] == {"type": "Point", "coordinates": [-0.579, 44.846]}
    assert first["properties"]["numero"] == located.tracking_code
    assert first["properties"]["commune_insee"] == "33063"
    assert unlocated["geometry"] is None and unlocated["properties"]["commune"] == "Cenon"
    for value in PRIVATE.values():
        assert value not in text


def test_exports_take_the_public_list_filters(client, routing, communes, make_user):
    pothole = report("voirie-nid-de-poule")
    water = report("eau", point=(44.8060, -0.6320))
    change_status(water, make_user(), Status.RESOLVED)
    old = report("eclairage")
    Report.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=40))

    def numbers(**filters):
        return {row["numero"] for row in export_csv(client, **filters)[1]}

    assert numbers(category="voirie") == {pothole.tracking_code}  # sub-categories included
    assert numbers(commune="pessac") == {water.tracking_code}
    assert numbers(status="closed") == {water.tracking_code}
    assert numbers(status="open") == {pothole.tracking_code, old.tracking_code}
    since = (timezone.localdate() - timedelta(days=7)).isoformat()
    assert numbers(since=since) == {pothole.tracking_code, water.tracking_code}
    features = export_geojson(client, commune="pessac")[1]["features"]
    assert [feature["properties"]["numero"] for feature in features] == [water.tracking_code]
    refused = client.get(reverse("reports:export_geojson"), {"since": "hier"})
    assert refused.status_code == 400 and refused.json()["code"] == "invalid_filter"


def test_export_streams_with_flat_memory(client, routing, communes):
    """20,000 reports: the GeoJSON export is over 8 MB, yet producing it never holds more
    than a few thousand rows in memory."""
    voirie = Category.objects.get(slug="voirie")
    bulk_reports(20_000, routing["voirie"], voirie, communes["bordeaux"])
    Report.objects.update(latitude=44.8, longitude=-0.57)
    url = reverse("reports:export_geojson")
    b"".join(client.get(url, {"commune": "pessac"}).streaming_content)  # imports, catalogs
    tracemalloc.start()
    try:
        size = sum(len(part) for part in client.get(url).streaming_content)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert size > 8_000_000
    assert peak < 3_000_000
