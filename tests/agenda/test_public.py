import json
import re
from datetime import timedelta

from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from parvis.agenda.models import Event, EventDocument
from tests.private_files import private_url, statuses


def listed_titles(client, **params) -> list[str]:
    content = client.get(reverse("agenda:list"), params).content.decode()
    return re.findall(r'<h2><a href="[^"]+">([^<]+)</a></h2>', content)


def test_list_shows_upcoming_published_events_only(client, make_event, make_process):
    make_event(title="À venir")
    make_event(title="Passé", days=-10)
    make_event(title="Brouillon", is_published=False)
    unpublished = make_process()
    unpublished.is_published = False
    unpublished.save()
    make_event(title="Démarche non publiée", process=unpublished)
    assert listed_titles(client) == ["À venir"]


def test_list_filters(client, make_event, make_process, communes, theme):
    themed = make_process(theme=theme)
    make_event(title="Bordeaux sur place", commune=communes["bordeaux"], process=themed)
    make_event(title="Pessac en ligne", commune=communes["pessac"], place_name="",
               online_url="https://visio.example.org/a", days=20)
    assert listed_titles(client, commune="pessac") == ["Pessac en ligne"]
    assert listed_titles(client, theme="mobilites") == ["Bordeaux sur place"]
    assert listed_titles(client, process=themed.slug) == ["Bordeaux sur place"]
    assert listed_titles(client, mode="online") == ["Pessac en ligne"]
    assert listed_titles(client, mode="on_site") == ["Bordeaux sur place"]
    later = (timezone.localdate() + timedelta(days=10)).isoformat()
    assert listed_titles(client, start=later) == ["Pessac en ligne"]
    assert listed_titles(client, end=later) == ["Bordeaux sur place"]


def test_invalid_filters_are_reported(client, make_event):
    make_event(title="Réunion")
    response = client.get(reverse("agenda:list"), {"start": "2026-12-01", "end": "2026-11-01"})
    assert "La date de fin précède la date de début." in response.content.decode()


def test_month_view_is_a_table_with_the_events_and_month_links(client, make_event):
    start = timezone.make_aware(timezone.datetime(2026, 3, 14, 18, 0))
    make_event(title="Atelier de mars", starts_at=start)
    make_event(title="Atelier d'avril", starts_at=start + timedelta(days=30))
    content = client.get(reverse("agenda:month", args=[2026, 3])).content.decode()
    assert "<table" in content and "<caption>" in content and 'scope="col"' in content
    assert "Atelier de mars" in content and "Atelier d&#x27;avril" not in content
    assert reverse("agenda:month", args=[2026, 2]) in content
    assert reverse("agenda:month", args=[2026, 4]) in content
    assert client.get(reverse("agenda:month", args=[2026, 13])).status_code == 404
    assert client.get(reverse("agenda:month_current")).status_code == 200


def test_detail_has_schema_org_event_json_ld(client, make_event, communes):
    event = make_event(title="Atelier </script> vélo", commune=communes["cenon"],
                       address="Rue Camille Pelletan", latitude=44.857, longitude=-0.532,
                       online_url="https://visio.example.org/v", capacity=10,
                       public_transport="Tram A, arrêt Buttinière")
    content = client.get(event.get_absolute_url()).content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', content, re.S)
    data = json.loads(block.group(1))
    assert data["@type"] == "Event" and data["name"] == "Atelier </script> vélo"
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert data["startDate"] == event.starts_at.isoformat()
    assert data["location"][0]["address"]["addressLocality"] == "Cenon"
    assert data["location"][0]["geo"]["latitude"] == 44.857
    assert data["location"][1] == {"@type": "VirtualLocation",
                                   "url": "https://visio.example.org/v"}
    assert data["remainingAttendeeCapacity"] == 10
    assert "Tram A, arrêt Buttinière" in content


def test_the_place_on_the_base_map_and_tiles_only_when_configured(client, settings, communes,
                                                                   make_event):
    event = make_event(latitude=44.857, longitude=-0.532)
    settings.MAP_TILES_URL = ""
    response = client.get(event.get_absolute_url())
    page = response.content.decode()
    assert 'data-map="browse"' in page and "<svg" in page and "data-tiles" not in page
    assert "Le lieu sur la carte" in page and "<circle" in page
    assert "tuiles" not in response["Content-Security-Policy"]
    settings.MAP_TILES_URL = "https://tuiles.example.org/{z}/{x}/{y}.png"
    response = client.get(event.get_absolute_url())
    assert "data-tiles" in response.content.decode()
    assert "https://tuiles.example.org" in response["Content-Security-Policy"]
    place = client.get(reverse("agenda:place", args=[event.slug])).json()
    assert place["features"][0]["geometry"]["coordinates"] == [-0.532, 44.857]


def test_unpublished_event_is_not_found(client, make_event):
    event = make_event(is_published=False)
    assert client.get(event.get_absolute_url()).status_code == 404
    assert client.get(f"/api/v1/events/{event.slug}").status_code == 404


def test_api_lists_and_details_events(client, make_event, communes):
    event = make_event(title="Réunion", commune=communes["bordeaux"], capacity=5)
    make_event(title="Ailleurs", commune=communes["pessac"])
    listing = client.get("/api/v1/events", {"commune": "bordeaux"}).json()
    assert [item["slug"] for item in listing["items"]] == [event.slug]
    detail = client.get(f"/api/v1/events/{event.slug}").json()
    assert detail["uid"] == event.uid and detail["seats_left"] == 5
    assert client.get("/api/v1/events", {"commune": "nowhere"}).status_code == 404


def make_many(count, communes):
    now = timezone.now()
    Event.objects.bulk_create([
        Event(title=f"Événement {number}", slug=f"evenement-{number}", is_published=True,
              commune=communes["bordeaux"], starts_at=now + timedelta(hours=number),
              ends_at=now + timedelta(hours=number + 1), uid=f"{number}@test")
        for number in range(count)
    ])


def test_query_counts_do_not_grow_with_the_number_of_events(count_queries, communes,
                                                            make_process):
    urls = [reverse("agenda:list"), reverse("agenda:month_current"), reverse("agenda:feed"),
            "/api/v1/events"]
    make_many(10, communes)
    few = [count_queries(url) for url in urls]
    Event.objects.all().delete()
    make_many(500, communes)
    assert [count_queries(url) for url in urls] == few


def test_far_dates_are_refused_clearly(client, make_event):
    make_event(title="Réunion")
    for params in ({"end": "9999-12-31"}, {"start": "0001-01-01", "end": "0001-01-02"}):
        page = client.get(reverse("agenda:list"), params).content.decode()
        assert "Choisissez une date entre le 1er janvier 1900 et le 31 décembre 2999." in page
    for params in ({"end": "9999-12-31"}, {"start": "0001-01-01"}, {"start": "0"}):
        assert client.get("/api/v1/events", params).json()["code"] == "invalid"


def test_a_public_event_document_is_served_to_anyone_by_its_event(
        client, make_event, make_process, manager, citizen):
    event = make_event(process=make_process())
    document = EventDocument.objects.create(
        event=event, title="Plan d'accès",
        file=ContentFile(b"%PDF-1.7\n", name="Plan d'accès Salle Dupont.PDF"))
    assert document.file.name.startswith("agenda/") and document.file.name.endswith(".pdf")
    assert "Dupont" not in document.file.name
    url = private_url("agenda.document", document)
    page = client.get(event.get_absolute_url()).content.decode()
    assert f'href="{url}"' in page and "PDF" in page
    response = client.get(url)
    assert response["Content-Disposition"] == 'attachment; filename="plan-dacces.pdf"'
    assert b"".join(response.streaming_content) == b"%PDF-1.7\n"
    assert statuses(client, None, document.file, url) == (404, 200)
    event.is_published = False  # a draft's documents: its organisers only
    event.save()
    for user in (None, citizen()):
        assert statuses(client, user, document.file, url) == (404, 404), user
    assert statuses(client, manager, document.file, url) == (404, 200)
