"""Photos are processed by a background task (the shared pipeline of
`parvis.core.services.photos`, seen through reports): the request keeps the file sent, the
task re-encodes it, deletes the original and marks the photo ready or refused."""

import io
import re
from datetime import timedelta

import pytest
from django.core import signing
from django.core.files.storage import storages
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from PIL import Image

from parvis.core import tasks
from parvis.core.errors import DomainError
from parvis.core.files import private_storage
from parvis.core.models import PhotoStatus, Role
from parvis.core.services import photos, retention
from parvis.reports.models import Report
from tests.reports.test_public import NEW, form_data, photo_upload


def post_report(client, data: bytes, **fields):
    return client.post(NEW, form_data(photo=photo_upload(data), **fields))


def stored_files(storage, folder: str) -> list[str]:
    """Every file under `folder` (month folders included)."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return []
    return [f"{folder}/{name}" for name in files] + [
        name for sub in folders for name in stored_files(storage, f"{folder}/{sub}")]


def truncated_jpeg(photo_bytes: bytes) -> bytes:
    """A JPEG whose header is sound (the request's checks pass) and whose data is cut."""
    return photo_bytes[: len(photo_bytes) // 3]


@pytest.mark.django_db
def test_the_request_keeps_the_photo_and_a_worker_processes_it(client, routing, photo_bytes,
                                                              run_worker):
    response = post_report(client, photo_bytes)
    report = Report.objects.get()
    assert response.status_code == 302 and report.photo_status == PhotoStatus.PENDING
    assert not report.photo and not report.thumbnail
    assert report.photo_original.name.startswith(photos.HOLDING_FOLDER + "/")
    with private_storage().open(report.photo_original.name, "rb") as original:
        assert original.read() == photo_bytes  # as sent, not decoded
    for url in (report.get_absolute_url(), response["Location"]):
        assert "Photo en cours de traitement" in client.get(url).content.decode()

    run_worker()
    report.refresh_from_db()
    assert report.photo_status == PhotoStatus.READY and not report.photo_original
    assert stored_files(private_storage(), photos.HOLDING_FOLDER) == []
    with report.photo.open("rb") as stored:
        image = Image.open(io.BytesIO(stored.read()))
        assert image.format == "JPEG" and not image.getexif() and image.size == (600, 800)
    page = client.get(report.get_absolute_url()).content.decode()
    assert "en cours de traitement" not in page and report.thumbnail.url in page


@pytest.mark.django_db
def test_the_task_run_twice_writes_the_same_files_once(client, routing, photo_bytes,
                                                       database_tasks):
    post_report(client, photo_bytes)
    report = Report.objects.get()
    # A worker that died after writing the images and before marking the photo ready.
    photos.process.call("reports.report", report.pk)
    Report.objects.filter(pk=report.pk).update(
        photo_status=PhotoStatus.PENDING, photo="", thumbnail="",
        photo_original=report.photo_original.name)
    private_storage().save(report.photo_original.name, io.BytesIO(photo_bytes))

    assert photos.process.call("reports.report", report.pk) == "ready"
    assert photos.process.call("reports.report", report.pk) == "done"
    report.refresh_from_db()
    assert report.photo_status == PhotoStatus.READY
    assert sorted(stored_files(storages["default"], "reports")) == sorted(
        [report.photo.name, report.thumbnail.name])
    assert stored_files(private_storage(), photos.HOLDING_FOLDER) == []


@pytest.mark.django_db
def test_a_photo_that_cannot_be_decoded_is_refused_with_its_reason(client, routing,
                                                                  photo_bytes, make_staff):
    response = post_report(client, truncated_jpeg(photo_bytes))
    report = Report.objects.get()
    assert response.status_code == 302 and report.photo_status == PhotoStatus.REFUSED
    assert report.photo_refusal == "unreadable" and not report.photo
    assert not report.photo_original and stored_files(private_storage(), "photos") == []
    reason = "Photo refusée : Ce fichier n&#x27;est pas une image lisible."
    assert reason in client.get(response["Location"]).content.decode()  # its author
    assert reason not in client.get(report.get_absolute_url()).content.decode()  # the public
    agent = make_staff(Role.AGENT, service=routing["voirie-bordeaux"])
    client.force_login(agent)
    page = client.get(reverse("reports:inbox_detail", args=[report.tracking_code]))
    assert reason in page.content.decode()


@pytest.mark.django_db
def test_a_lost_task_is_enqueued_again_by_the_sweep(client, routing, photo_bytes,
                                                    database_tasks):
    post_report(client, photo_bytes)
    DBTaskResult.objects.all().delete()  # the task was lost
    assert tasks.sweep()["photos"] == 0  # not yet: it may still be queued
    later = timezone.now() + tasks.lease() + timedelta(seconds=1)
    assert tasks.sweep(later)["photos"] == 1
    assert DBTaskResult.objects.ready().count() == 1


@pytest.mark.django_db
def test_a_photo_is_kept_across_a_failed_post_under_a_signed_token(client, routing,
                                                                   photo_bytes):
    page = post_report(client, photo_bytes, title="").content.decode()
    assert "Photo conservée : photo.jpg" in page and not Report.objects.exists()
    token = re.search(r'name="photo_token" value="([^"]+)"', page).group(1)

    response = client.post(NEW, form_data(photo_token=token))
    assert response.status_code == 302
    assert Report.objects.get().photo_status == PhotoStatus.READY


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["forged", "expired", "outside"])
def test_a_forged_or_expired_token_gives_a_clear_error(client, routing, photo_bytes, kind,
                                                        monkeypatch):
    held = photos.hold(photo_bytes, "photo.jpg", DomainError)
    token = {
        "forged": "reports/2024/01/x.jpg",
        "expired": photos.token(held),
        "outside": signing.dumps(["reports/2024/01/x.jpg", "x.jpg"], salt=photos.HELD_SALT,
                                 compress=True),
    }[kind]
    if kind == "expired":
        monkeypatch.setattr(photos, "HELD_MAX_AGE", timedelta(seconds=-1))
    page = client.post(NEW, form_data(photo_token=token)).content.decode()
    assert "La photo conservée n&#x27;est plus disponible" in page
    assert not Report.objects.exists()


@pytest.mark.django_db
def test_purge_deletes_the_held_photos_no_contribution_took(
        client, routing, photo_bytes, database_tasks, django_capture_on_commit_callbacks):
    post_report(client, photo_bytes)  # pending: its original is in the holding area
    post_report(client, photo_bytes, title="")  # a failed post: a held photo
    taken = Report.objects.get().photo_original.name
    left = [name for name in stored_files(private_storage(), photos.HOLDING_FOLDER)
            if name != taken]
    assert len(left) == 1
    assert retention.run(timezone.now())["held_photos"] == 0  # too recent
    with django_capture_on_commit_callbacks(execute=True):
        later = timezone.now() + photos.HELD_MAX_AGE + timedelta(minutes=1)
        assert retention.run(later)["held_photos"] == 1
    assert stored_files(private_storage(), photos.HOLDING_FOLDER) == [taken]


@pytest.mark.django_db
def test_a_throttled_post_keeps_nothing(client, routing, photo_bytes, settings):
    settings.REPORTS_PER_HOUR_PER_IP = 1
    client.post(NEW, form_data())
    page = post_report(client, photo_bytes).content.decode()
    assert "beaucoup de signalements" in page and "Photo conservée" not in page
    assert stored_files(private_storage(), photos.HOLDING_FOLDER) == []
