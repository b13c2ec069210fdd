"""Private files: the platform's serving view (Django, nginx, Apache, pre-signed object
storage URLs), random file names, the migration step taking files out of the public media
folder, and the deployment checks."""

import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.apps import apps
from django.core.checks import run_checks
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.utils import timezone
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from parvis.agenda.models import Event, EventDocument
from parvis.core.files import field_mover, random_name
from tests.private_files import private_url

NAME = re.compile(r"agenda/[0-9a-f]{32}(\.[a-z0-9]{1,10})?")
PDF = b"%PDF-1.7\n"


@pytest.fixture
def document(db):
    start = timezone.now() + timedelta(days=3)
    event = Event.objects.create(title="Réunion publique", slug="reunion", starts_at=start,
                                 ends_at=start + timedelta(hours=2), is_published=True,
                                 place_name="Salle des fêtes")
    return EventDocument.objects.create(event=event, title="Compte rendu",
                                        file=ContentFile(PDF, name="compte-rendu.pdf"))


def served(client, document):
    response = client.get(private_url("agenda.document", document))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="compte-rendu.pdf"'
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    return response


def test_django_streams_the_file(client, document):
    response = served(client, document)
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF


def test_nginx_gets_the_internal_address(client, document, settings):
    settings.PRIVATE_MEDIA_SERVE = "nginx"
    response = served(client, document)
    assert response["X-Accel-Redirect"] == f"/fichiers-internes/{document.file.name}"
    assert response["Content-Type"] == "application/pdf" and response.content == b""


def test_apache_gets_the_path(client, document, settings):
    settings.PRIVATE_MEDIA_SERVE = "apache"
    response = served(client, document)
    assert response["X-Sendfile"] == str(settings.PRIVATE_MEDIA_ROOT / document.file.name)
    assert response.content == b""


def test_object_storage_answers_with_a_short_lived_signed_url(client, document, settings):
    settings.STORAGES = {**settings.STORAGES, "private": {
        "BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
            "bucket_name": "parvis-prive", "endpoint_url": "https://s3.example.org",
            "region_name": "fr-par", "access_key": "cle", "secret_key": "secret",
            "querystring_auth": True}}}
    settings.PRIVATE_MEDIA_URL_LIFETIME = 45
    response = client.get(private_url("agenda.document", document))
    assert response.status_code == 302 and response["Cache-Control"] == "private, no-store"
    location = urlsplit(response["Location"])
    query = parse_qs(location.query)
    assert location.netloc == "s3.example.org"
    assert location.path == f"/parvis-prive/{document.file.name}"
    assert query["X-Amz-Expires"] == ["45"] and "X-Amz-Signature" in query
    assert query["response-content-disposition"] == ['attachment; filename="compte-rendu.pdf"']


@pytest.mark.parametrize("kind", ["agenda.inconnu", "inconnu.document", "agenda", "calls.letter"])
def test_unknown_kinds_and_rows_are_not_found(client, document, kind):
    assert client.get(f"/fichiers/{kind}/{document.pk}/").status_code == 404
    assert client.post(private_url("agenda.document", document)).status_code == 405


def test_a_missing_file_is_not_found(client, document):
    document.file.storage.delete(document.file.name)
    assert client.get(private_url("agenda.document", document)).status_code == 404


@hypothesis_settings(deadline=None)
@given(st.text(max_size=80))
def test_random_names_keep_only_a_plain_extension(filename):
    name = random_name("agenda", filename)
    assert NAME.fullmatch(name), name
    extension = filename.rsplit(".", 1)[-1] if "." in filename else ""
    if re.fullmatch(r"[A-Za-z0-9]{1,10}", extension):
        assert name.endswith(f".{extension.lower()}")


def test_every_stored_file_gets_a_random_name(document):
    other = EventDocument.objects.create(event=document.event, title="Compte rendu",
                                         file=ContentFile(PDF, name="compte-rendu.pdf"))
    assert NAME.fullmatch(document.file.name) and NAME.fullmatch(other.file.name)
    assert document.file.name != other.file.name


def test_the_upgrade_moves_private_files_out_of_the_public_folder(document, settings):
    """Files stored before the private storage existed, under their original names."""
    public, private = storages["default"], storages["private"]
    old = public.save("agenda/ordre du jour.pdf", ContentFile(PDF))
    EventDocument.objects.filter(pk=document.pk).update(file=old)
    private.delete(document.file.name)
    move = field_mover("agenda.EventDocument", "file")
    move(apps, None)
    assert not public.exists(old) and private.exists(old)
    assert not list((settings.MEDIA_ROOT / "agenda").iterdir())
    move(apps, None)  # running it again changes nothing
    assert private.exists(old)
    field_mover("agenda.EventDocument", "file", to_private=False)(apps, None)
    assert public.exists(old) and not private.exists(old)


def test_the_privacy_page_states_the_guarantee(client, db):
    page = client.get("/donnees-personnelles/").content.decode()
    assert "Documents et fichiers joints" in page and "nom aléatoire" in page


def deploy_problems() -> set[str]:
    return {message.id for message in run_checks(include_deployment_checks=True)
            if message.id in {"parvis.E005", "parvis.E006", "parvis.W008", "parvis.W009"}}


@pytest.fixture
def production(settings):
    settings.SERVE_MEDIA = False


def test_the_production_layout_raises_nothing(production):
    assert deploy_problems() == set()


def test_private_files_inside_the_public_folder_are_flagged(production, settings):
    settings.PRIVATE_MEDIA_ROOT = settings.MEDIA_ROOT / "prive"
    assert deploy_problems() == {"parvis.E005"}
    settings.PRIVATE_MEDIA_ROOT = settings.MEDIA_ROOT.parent / "prive"
    settings.PRIVATE_MEDIA_URL = "/media/prive/"
    assert deploy_problems() == {"parvis.E005"}


@pytest.mark.parametrize("options", [{"bucket_name": "parvis"},
                                     {"bucket_name": "parvis-prive", "querystring_auth": False}])
def test_private_files_in_a_public_bucket_are_flagged(production, settings, options):
    s3 = {"BACKEND": "storages.backends.s3.S3Storage"}
    settings.STORAGES = {**settings.STORAGES, "default": {**s3, "OPTIONS": {
        "bucket_name": "parvis", "querystring_auth": False}}, "private": {**s3, "OPTIONS": {
            "querystring_auth": True, **options}}}
    assert deploy_problems() == {"parvis.E006"}


def test_media_served_by_the_application_are_flagged(settings):
    settings.SERVE_MEDIA = True
    assert deploy_problems() == {"parvis.W008"}
    settings.SERVE_MEDIA, settings.PRIVATE_MEDIA_SERVE = False, "lighttpd"
    assert deploy_problems() == {"parvis.W009"}
