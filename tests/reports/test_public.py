"""Citizen pages of issue reports, through the test client (no JavaScript)."""

import io
import json
import re
from collections import defaultdict
from datetime import datetime
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from parvis.core.files import private_storage
from parvis.core.services.photos import HOLDING_FOLDER
from parvis.reports.models import Category, CategoryAttribute, Follower, Report, Status
from parvis.reports.services import (
    Submission,
    change_status,
    follow,
    submit_report,
)
from tests.reports.conftest import decompression_bomb, jpeg_with_gps
from tests.reports.factories import bulk_reports

BORDEAUX = (44.8405, -0.5750)
NEXT_DOOR = (44.84060, -0.57530)  # about 26 m from BORDEAUX
PESSAC = (44.8060, -0.6320)
PARIS = (48.85, 2.35)
NEW = reverse("reports:new")
LIST = reverse("reports:list")
MAP_DATA = reverse("reports:map_data")


def form_data(slug="voirie-nid-de-poule", point=BORDEAUX, **fields):
    data = {
        "category": slug,
        "title": "Nid-de-poule rue Judaïque",
        "address": "12 rue Judaïque",
        "description": "Un trou profond au milieu de la bande cyclable.",
        "latitude": point[0] if point else "",
        "longitude": point[1] if point else "",
        "commune": "",
        "contact_email": "",
    }
    data.update(fields)
    return data


def photo_upload(data: bytes, name="photo.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def report(slug="voirie", point=BORDEAUX, **fields) -> Report:
    fields.setdefault("title", "Nid-de-poule")
    fields.setdefault("description", "Un trou profond.")
    latitude, longitude = point if point else (None, None)
    return submit_report(Submission(category=Category.objects.get(slug=slug), latitude=latitude,
                                    longitude=longitude, **fields))


class FormInputs(HTMLParser):
    """The inputs of the page's forms posting to `action`, as client.post() takes them."""

    def __init__(self, html: str, action: str):
        super().__init__()
        self.action, self.inside, self.fields = action, False, defaultdict(list)
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("action") == self.action
        elif tag == "input" and self.inside and attrs.get("name"):
            self.fields[attrs["name"]].append(attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False


@pytest.mark.django_db
def test_full_submission_without_javascript(client, routing, photo_bytes, mailoutbox):
    response = client.post(NEW, form_data(contact_email="riveraine@example.org",
                                          photo=photo_upload(photo_bytes)))
    created = Report.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:follow", args=[created.follow_token])
    assert (created.category.slug, created.commune.slug) == ("voirie-nid-de-poule", "bordeaux")
    assert created.service == routing["voirie-bordeaux"]
    assert created.contact_email == "riveraine@example.org" and created.reporter is None
    with created.photo.open("rb") as stored:
        image = Image.open(io.BytesIO(stored.read()))
        assert image.format == "JPEG" and not image.getexif()
    assert [mail.to for mail in mailoutbox] == [["riveraine@example.org"]]
    assert created.follow_token in mailoutbox[0].body

    page = client.get(response["Location"]).content.decode()
    assert "Merci !" in page and created.tracking_code in page
    assert "lien de suivi privé" in page and "envoyé par e-mail" in page
    assert "Merci !" not in client.get(response["Location"]).content.decode()


@pytest.mark.django_db
def test_logged_in_person_reports_with_the_account(client, routing, make_user,
                                                   fast_password_hasher):
    person = make_user(pseudonym="Cycliste33")
    client.force_login(person)
    form = client.get(NEW).content.decode()
    assert 'name="contact_email"' not in form and "Cycliste33" in form
    client.post(NEW, form_data(point=None, commune="cenon"))
    created = Report.objects.get()
    assert created.reporter == person and created.commune.slug == "cenon"
    assert Follower.objects.get(report=created).user == person


@pytest.mark.django_db
def test_errors_are_shown_by_field_and_typed_values_kept(client, routing, photo_bytes):
    response = client.post(NEW, form_data(title="", latitude="44.84", longitude="",
                                          contact_email="riveraine@example.org",
                                          photo=photo_upload(photo_bytes)))
    page = response.content.decode()
    assert response.status_code == 200 and not Report.objects.exists()
    assert 'id="id_title_error"' in page and "Ce champ est obligatoire." in page
    assert 'id="id_latitude_error"' in page and "ou aucune des deux" in page
    assert "Un trou profond au milieu de la bande cyclable." in page
    assert 'value="12 rue Judaïque"' in page and 'value="riveraine@example.org"' in page
    assert 'value="voirie-nid-de-poule" selected' in page
    assert "Photo conservée : photo.jpg" in page  # kept: no need to choose it again

    token = re.search(r'name="photo_token" value="([^"]+)"', page).group(1)
    assert client.post(NEW, form_data(photo_token=token)).status_code == 302
    with Report.objects.get().photo.open("rb") as stored:
        assert Image.open(io.BytesIO(stored.read())).format == "JPEG"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"latitude": PARIS[0], "longitude": PARIS[1]}, "latitude", "en dehors du territoire"),
        ({"latitude": "", "longitude": "", "address": ""}, "commune",
         "Indiquez la position du problème"),
        ({"photo": photo_upload(b"%PDF-1.4 not an image", "scan.pdf")}, "photo",
         "pas une image lisible"),
        ({"photo": photo_upload(decompression_bomb(), "bombe.png")}, "photo",
         "trop de pixels"),
    ],
)
def test_refusals_of_the_services_appear_on_their_field(client, routing, fields, field,
                                                        message):
    page = client.post(NEW, form_data(**fields)).content.decode()
    assert not Report.objects.exists()
    error = page.split(f'id="id_{field}_error"')[1].split("</ul>")[0]
    assert message in error
    assert "Nid-de-poule rue Judaïque" in page


@pytest.mark.django_db
def test_a_large_jpeg_is_decoded_reduced_and_published_at_full_size(client, routing):
    client.post(NEW, form_data(photo=photo_upload(jpeg_with_gps(7070, 5000))))
    with Report.objects.get().photo.open("rb") as stored:
        width, height = Image.open(io.BytesIO(stored.read())).size
    assert height == 1600 and width < height  # upright


@pytest.mark.django_db
def test_a_body_larger_than_allowed_is_refused_unread(client, routing, photo_bytes):
    """A 200 MB upload is refused from its Content-Length, before the body is read."""
    huge = str(200 * 1024 * 1024)
    page = client.post(NEW, form_data(photo=photo_upload(photo_bytes)), CONTENT_LENGTH=huge)
    assert page.status_code == 413 and "dépasse 25 Mo" in page.content.decode()
    api = client.post("/open311/v2/requests.json", {}, CONTENT_LENGTH=huge)
    assert api.status_code == 413 and api.json()["code"] == "too_large"
    assert not Report.objects.exists()


@pytest.mark.django_db
def test_oversized_photo_is_refused_before_reading(client, routing, photo_bytes, settings):
    settings.PHOTO_MAX_BYTES = len(photo_bytes) - 1
    page = client.post(NEW, form_data(photo=photo_upload(photo_bytes))).content.decode()
    assert "taille maximale" in page and not Report.objects.exists()


@pytest.mark.django_db
def test_honeypot_refuses_bots(client, routing):
    page = client.post(NEW, form_data(website="http://spam.example")).content.decode()
    assert "pas pu être traitée" in page and not Report.objects.exists()
    assert "Laissez ce champ vide" in client.get(NEW).content.decode()


@pytest.mark.django_db
def test_extra_questions_of_the_chosen_category(client, routing):
    dumping = Category.objects.get(slug="proprete-depot-sauvage")
    CategoryAttribute.objects.create(
        category=dumping, code="volume", description="Volume approximatif", required=True,
        datatype=CategoryAttribute.Datatype.SINGLE,
        values=[{"key": "sac", "name": "Un sac"}, {"key": "camion", "name": "Une camionnette"}],
    )
    CategoryAttribute.objects.create(
        category=Category.objects.get(slug="proprete"), code="odeur", required=False,
        description="Odeur ?", datatype=CategoryAttribute.Datatype.STRING,
    )
    assert "Volume approximatif" in client.get(NEW).content.decode()
    # Required only for its category.
    client.post(NEW, form_data())
    assert Report.objects.count() == 1
    page = client.post(NEW, form_data("proprete-depot-sauvage")).content.decode()
    assert "Répondez à cette question" in page and Report.objects.count() == 1
    client.post(NEW, form_data("proprete-depot-sauvage", **{
        "proprete-depot-sauvage__volume": "camion", "proprete__odeur": "forte"}))
    assert Report.objects.latest("pk").attributes == {"volume": "camion", "odeur": "forte"}


@pytest.mark.django_db
def test_inactive_categories_are_not_offered(client, routing):
    Category.objects.filter(slug="signalisation").update(is_active=False)
    page = client.get(NEW).content.decode()
    assert 'value="voirie-trottoir"' in page
    assert 'value="signalisation"' not in page and 'value="signalisation-feu"' not in page
    assert client.post(NEW, form_data("signalisation-feu")).status_code == 200
    assert not Report.objects.exists()


@pytest.mark.django_db
def test_nearby_reports_then_me_too(client, routing):
    existing = report("voirie-nid-de-poule")
    response = client.post(NEW, form_data(point=NEXT_DOOR, contact_email="voisin@example.org"))
    page = response.content.decode()
    assert Report.objects.count() == 1
    assert existing.title in page and "Moi aussi" in page
    assert reverse("reports:me_too", args=[existing.tracking_code]) in page

    me_too = FormInputs(page, reverse("reports:me_too", args=[existing.tracking_code]))
    response = client.post(reverse("reports:me_too", args=[existing.tracking_code]),
                           me_too.fields)
    assert response.status_code == 302 and response["Location"] == existing.get_absolute_url()
    existing.refresh_from_db()
    assert existing.me_too_count == 1
    assert existing.followers.filter(email="voisin@example.org").exists()
    assert Report.objects.count() == 1


@pytest.mark.django_db
def test_the_rate_limit_comes_before_the_photo_is_read(client, routing, photo_bytes, settings):
    settings.REPORTS_PER_HOUR_PER_IP = 1
    client.post(NEW, form_data())
    report("voirie-nid-de-poule")  # the step showing reports nearby would keep the photo
    page = client.post(NEW, form_data(point=NEXT_DOOR, photo=photo_upload(photo_bytes)))
    assert "beaucoup de signalements" in page.content.decode()
    assert not private_storage().exists(HOLDING_FOLDER) and Report.objects.count() == 2


@pytest.mark.django_db
def test_nearby_reports_then_submit_anyway_keeps_the_photo(client, routing, photo_bytes):
    report("voirie-nid-de-poule")
    page = client.post(NEW, form_data(point=NEXT_DOOR, contact_email="voisin@example.org",
                                      photo=photo_upload(photo_bytes))).content.decode()
    assert "Non, c'est un autre problème" in page
    _folders, stashed = private_storage().listdir(HOLDING_FOLDER)
    assert len(stashed) == 1

    again = FormInputs(page, NEW).fields
    assert again["title"] == ["Nid-de-poule rue Judaïque"] and again["confirm"] == ["1"]
    response = client.post(NEW, again)
    created = Report.objects.latest("pk")
    assert response.status_code == 302 and Report.objects.count() == 2
    assert (created.latitude, created.contact_email) == (NEXT_DOOR[0], "voisin@example.org")
    with created.photo.open("rb") as stored:
        assert not Image.open(io.BytesIO(stored.read())).getexif()
    assert private_storage().listdir(HOLDING_FOLDER)[1] == []  # processed, then deleted


@pytest.mark.django_db
def test_a_tampered_photo_token_is_refused(client, routing):
    page = client.post(NEW, form_data(photo_token="reports/2024/01/x.jpg", confirm="1"))
    assert "plus disponible" in page.content.decode() and not Report.objects.exists()


@pytest.mark.django_db
def test_detail_page(client, routing):
    original = report(address="Cours de l'Intendance")
    duplicate = report()
    follow(original)
    follow(original, email="voisine@example.org")
    change_status(original, None, Status.ACKNOWLEDGED, message="L'équipe est prévenue.")
    change_status(duplicate, None, Status.DUPLICATE, duplicate_of=original)
    page = client.get(original.get_absolute_url()).content.decode()
    for text in ["Nid-de-poule", "Voirie", "Bordeaux", "Cours de l&#x27;Intendance",
                 "Pris en compte", "L&#x27;équipe est prévenue.", "Voirie de Bordeaux",
                 "2 personnes ont dit", "Moi aussi, je suis concerné·e"]:
        assert text in page, text
    page = client.get(duplicate.get_absolute_url()).content.decode()
    assert original.get_absolute_url() in page and "Ce signalement est clos." in page


@pytest.mark.django_db
def test_detail_shows_the_photo_thumbnail_linking_to_the_photo(client, routing, photo_bytes):
    created = report(photo=photo_bytes)
    created.refresh_from_db()  # its photo was processed by a task
    page = client.get(created.get_absolute_url()).content.decode()
    assert f'<a href="{created.photo.url}">' in page
    assert f'src="{created.thumbnail.url}" alt="Photo jointe au signalement' in page


@pytest.mark.django_db
def test_me_too_rules(client, routing, make_user, fast_password_hasher):
    created = report()
    url = reverse("reports:me_too", args=[created.tracking_code])
    page = client.post(url, {"email": "pas-une-adresse"}).content.decode()
    assert "Saisissez une adresse de courriel valide." in page
    person = make_user()
    client.force_login(person)
    client.post(url)
    response = client.post(url, follow=True)
    assert "Vous suivez déjà ce signalement." in response.content.decode()
    created.refresh_from_db()
    assert created.me_too_count == 1
    change_status(created, None, Status.RESOLVED)
    client.logout()
    assert "est clos" in client.post(url, follow=True).content.decode()
    assert client.get(url).status_code == 405


@pytest.mark.django_db
def test_follow_link(client, routing):
    created = report()
    page = client.get(reverse("reports:follow", args=[created.follow_token]))
    assert page.status_code == 200 and "lien de suivi privé" in page.content.decode()
    assert "no-store" in page["Cache-Control"]
    assert "notez ce lien" in page.content.decode()  # no e-mail known
    assert reverse("reports:me_too", args=[created.tracking_code]) not in page.content.decode()
    assert client.get(reverse("reports:follow", args=["inconnu"])).status_code == 404


@pytest.mark.django_db
def test_my_reports(client, routing, make_user, fast_password_hasher):
    assert client.get(reverse("reports:mine")).status_code == 302
    person = make_user()
    mine = submit_report(Submission(category=Category.objects.get(slug="eau"),
                                    title="Fuite rue Sainte-Catherine", description="Fuite.",
                                    latitude=BORDEAUX[0], longitude=BORDEAUX[1]),
                         reporter=person)
    followed = report(title="Feu en panne")
    report(title="Autre problème")
    client.force_login(person)
    client.post(reverse("reports:me_too", args=[followed.tracking_code]))
    page = client.get(reverse("reports:mine")).content.decode()
    assert mine.title in page and "signalé par vous" in page
    assert followed.title in page and "suivi" in page
    assert "Autre problème" not in page and "2 signalements" in page


@pytest.mark.django_db
def test_no_personal_data_on_public_pages(client, routing, make_user, fast_password_hasher,
                                          photo_bytes):
    person = make_user(email="zorglub.secret@example.org", first_name="Zébulon",
                       last_name="Mystérieux", pseudonym="Lampiste")
    client.force_login(person)
    client.post(NEW, form_data(photo=photo_upload(photo_bytes)), REMOTE_ADDR="203.0.113.77")
    client.logout()
    client.post(NEW, form_data(point=PESSAC, contact_email="contact.prive@example.org"),
                REMOTE_ADDR="203.0.113.78")
    with_account, anonymous = Report.objects.order_by("pk")
    assert with_account.submitted_ip == "203.0.113.77"
    pages = [
        client.get(url).content.decode()
        for url in [LIST, MAP_DATA, with_account.get_absolute_url(),
                    anonymous.get_absolute_url(), f"{MAP_DATA}?bbox=-1,44,0,45"]
    ]
    secrets = ["Lampiste", "zorglub.secret", "Zébulon", "Mystérieux", "contact.prive",
               "203.0.113.7",
               with_account.follow_token, anonymous.follow_token]
    for page in pages:
        for secret in secrets:
            assert secret not in page


@pytest.fixture
def listed(routing, communes):
    """Reports of known category, commune, status and date."""
    def make(slug, point, status, day, title):
        created = report(slug, point, title=title)
        Report.objects.filter(pk=created.pk).update(
            status=status, created_at=timezone.make_aware(datetime(2025, 3, day, 12)))
        return created

    return [
        make("voirie-nid-de-poule", BORDEAUX, Status.NEW, 1, "Trou Bordeaux"),
        make("voirie", PESSAC, Status.RESOLVED, 10, "Chaussée Pessac"),
        make("eau-fuite", PESSAC, Status.IN_PROGRESS, 20, "Fuite Pessac"),
    ]


def listed_titles(client, **filters) -> set[str]:
    page = client.get(LIST, filters).content.decode()
    return {title for title in ["Trou Bordeaux", "Chaussée Pessac", "Fuite Pessac"]
            if title in page}


def mapped_titles(client, **filters) -> set[str]:
    features = client.get(MAP_DATA, filters).json()["features"]
    return {feature["properties"]["title"] for feature in features}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, {"Trou Bordeaux", "Chaussée Pessac", "Fuite Pessac"}),
        ({"commune": "pessac"}, {"Chaussée Pessac", "Fuite Pessac"}),
        ({"category": "voirie"}, {"Trou Bordeaux", "Chaussée Pessac"}),  # with sub-categories
        ({"category": "voirie-nid-de-poule"}, {"Trou Bordeaux"}),
        ({"status": "open"}, {"Trou Bordeaux", "Fuite Pessac"}),
        ({"status": "closed"}, {"Chaussée Pessac"}),
        ({"status": "in_progress"}, {"Fuite Pessac"}),
        ({"since": "2025-03-10"}, {"Chaussée Pessac", "Fuite Pessac"}),
        ({"until": "2025-03-10"}, {"Trou Bordeaux", "Chaussée Pessac"}),
        ({"commune": "pessac", "status": "open", "since": "2025-03-02"}, {"Fuite Pessac"}),
    ],
)
def test_list_and_map_data_filters(client, listed, filters, expected):
    assert listed_titles(client, **filters) == expected
    assert mapped_titles(client, **filters) == expected


@pytest.mark.django_db
def test_map_data_is_geojson_with_a_bounding_box(client, listed):
    response = client.get(MAP_DATA, {"bbox": "-0.60,44.83,-0.55,44.85"})
    collection = json.loads(response.content)
    assert response["Content-Type"] == "application/geo+json"
    (feature,) = collection["features"]
    bordeaux = listed[0]
    assert feature == {
        "type": "Feature",
        "id": bordeaux.tracking_code,
        "geometry": {"type": "Point",  # the public point, to about 100 m
                     "coordinates": [round(BORDEAUX[1], 3), round(BORDEAUX[0], 3)]},
        "properties": {"title": "Trou Bordeaux", "category": "Nid-de-poule", "status": "new",
                       "status_label": "nouveau", "url": bordeaux.get_absolute_url()},
    }
    assert "truncated" not in collection


@pytest.mark.django_db
def test_map_data_is_capped(client, listed, settings):
    settings.REPORTS_MAP_MAX_FEATURES = 2
    collection = client.get(MAP_DATA).json()
    assert [feature["properties"]["title"] for feature in collection["features"]] == [
        "Fuite Pessac", "Chaussée Pessac"]  # the newest
    assert collection["truncated"] is True


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "code"),
    [
        ({"bbox": "1,2,3"}, "invalid_bbox"),
        ({"bbox": "a,b,c,d"}, "invalid_bbox"),
        ({"bbox": "0,45,-1,44"}, "invalid_bbox"),  # west > east
        ({"bbox": "-200,44,0,45"}, "invalid_bbox"),
        ({"bbox": "nan,44,0,45"}, "invalid_bbox"),
        ({"status": "everything"}, "invalid_filter"),
        ({"since": "hier"}, "invalid_filter"),
        ({"since": "0001-01-01"}, "invalid_filter"),
        ({"until": "9999-12-31"}, "invalid_filter"),
    ],
)
def test_map_data_refuses_bad_parameters(client, routing, query, code):
    response = client.get(MAP_DATA, query)
    assert response.status_code == 400
    assert response.json()["code"] == code and response.json()["detail"]
    if code == "invalid_filter":  # the list shows the error and every report
        page = client.get(LIST, query)
        assert page.status_code == 200 and b'class="errorlist"' in page.content


@pytest.mark.django_db
def test_tiles_only_when_a_tile_server_is_configured(client, routing, settings):
    response = client.get(LIST)
    page = response.content.decode()
    assert 'data-map="browse"' in page and "<svg" in page and "data-tiles" not in page
    assert "leaflet" not in page and "tuiles" not in response["Content-Security-Policy"]
    settings.MAP_TILES_URL = "https://{s}.tuiles.example.org/{z}/{x}/{y}.png"
    response = client.get(LIST, {"commune": "pessac"})
    page = response.content.decode()
    assert 'data-map="browse"' in page and "vendor/leaflet/leaflet.js" in page
    assert f"{MAP_DATA}?commune=pessac" in page
    assert "img-src 'self' data: blob: https://*.tuiles.example.org;" in (
        response["Content-Security-Policy"])
    assert 'data-map="pick"' in client.get(NEW).content.decode()


@pytest.mark.django_db
def test_list_and_map_data_query_counts_do_not_grow(count_queries, routing, communes):
    def add_reports(number, start):
        bulk_reports(number, routing["voirie"], category, communes["bordeaux"], start=start)
        Report.objects.filter(latitude__isnull=True).update(latitude=BORDEAUX[0],
                                                            longitude=BORDEAUX[1])

    category = Category.objects.get(slug="voirie-nid-de-poule")
    requests = [
        (LIST, {}),
        (LIST, {"category": "voirie", "status": "open", "commune": "bordeaux", "page": "2"}),
        (MAP_DATA, {"bbox": "-1,44,0,45", "category": "voirie"}),
    ]
    add_reports(10, start=0)
    few = [count_queries(url, **params) for url, params in requests]
    add_reports(9_990, start=10)
    assert Report.objects.filter(latitude__isnull=False).count() == 10_000
    assert [count_queries(url, **params) for url, params in requests] == few
