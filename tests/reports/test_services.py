import io
from datetime import timedelta

import pytest
from django.utils import timezone
from PIL import Image

from parvis.core.models import AuditEntry
from parvis.reports.models import Category, Follower, Report, Status
from parvis.reports.services import (
    ReportError,
    Submission,
    change_status,
    follow,
    nearby_open_reports,
    purge_contacts,
    service_figures,
    submit_report,
)

BORDEAUX = (44.8405, -0.5750)
PESSAC = (44.8060, -0.6320)


def submission(slug="voirie", point=BORDEAUX, **fields):
    fields.setdefault("title", "Nid-de-poule")
    fields.setdefault("description", "Un trou profond devant le numéro 12.")
    latitude, longitude = point if point else (None, None)
    return Submission(category=Category.objects.get(slug=slug), latitude=latitude,
                      longitude=longitude, **fields)


@pytest.mark.django_db
def test_routing_prefers_the_most_specific_rule(routing, communes):
    assert submit_report(submission()).service == routing["voirie-bordeaux"]
    assert submit_report(submission(point=PESSAC)).service == routing["voirie"]
    # A sub-category follows its parent's rules; an unrouted category goes to triage.
    assert submit_report(submission("voirie-nid-de-poule", PESSAC)).service == routing["voirie"]
    assert submit_report(submission("eclairage")).service == routing["triage"]


@pytest.mark.django_db
def test_commune_is_deduced_from_the_point_and_outside_is_refused(routing, communes):
    assert submit_report(submission(point=PESSAC)).commune == communes["pessac"]
    with pytest.raises(ReportError, match="en dehors du territoire") as error:
        submit_report(submission(point=(48.85, 2.35)))
    assert error.value.field == "location"
    with pytest.raises(ReportError, match="la commune"):
        submit_report(submission(point=None))
    without_point = submit_report(submission(point=None, commune=communes["cenon"],
                                             address="Place du 8 mai 1945"))
    assert without_point.commune == communes["cenon"] and without_point.latitude is None


@pytest.mark.django_db
def test_new_report_starts_its_history_and_acknowledges(routing, mailoutbox, make_user):
    person = make_user()
    report = submit_report(submission(), reporter=person)
    assert report.status == Status.NEW and len(report.tracking_code) == 8
    assert list(report.history.values_list("status", flat=True)) == [Status.NEW]
    assert Follower.objects.get(report=report).user == person
    assert AuditEntry.objects.filter(action="report.submitted", target_id=str(report.pk)).exists()
    recipients = sorted(address for mail in mailoutbox for address in mail.to)
    assert recipients == [person.email]  # the Bordeaux road team has no address
    assert report.follow_token in mailoutbox[0].body


@pytest.mark.django_db
def test_photo_is_re_encoded_without_metadata(routing, photo_bytes):
    report = submit_report(submission(photo=photo_bytes))
    report.refresh_from_db()  # processed by a task (run at once in tests)
    with report.photo.open("rb") as stored:
        image = Image.open(io.BytesIO(stored.read()))
        assert image.format == "JPEG"
        assert not image.getexif()  # no GPS, no camera model
        assert image.size == (600, 800)  # orientation applied, then dropped
    with report.thumbnail.open("rb") as stored:
        assert max(Image.open(io.BytesIO(stored.read())).size) == 320


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.4 not an image", "pas une image lisible"),
        (b"GIF89a" + b"\x00" * 20, "pas une image lisible"),
    ],
)
def test_bad_photos_are_refused_with_a_reason(routing, data, message):
    with pytest.raises(ReportError, match=message) as error:
        submit_report(submission(photo=data))
    assert error.value.field == "photo"
    assert not Report.objects.exists()


@pytest.mark.django_db
def test_oversized_photo_is_refused(routing, settings, photo_bytes):
    settings.PHOTO_MAX_BYTES = len(photo_bytes) - 1
    with pytest.raises(ReportError, match="taille maximale"):
        submit_report(submission(photo=photo_bytes))


@pytest.mark.django_db
def test_rate_limit_per_person_and_per_address(routing, settings, make_user):
    settings.REPORTS_PER_HOUR_PER_PERSON = 2
    settings.REPORTS_PER_HOUR_PER_IP = 3
    person = make_user()
    for _ in range(2):
        submit_report(submission(), reporter=person, ip_address="192.0.2.1")
    with pytest.raises(ReportError, match="beaucoup de signalements"):
        submit_report(submission(), reporter=person, ip_address="192.0.2.9")
    submit_report(submission(), ip_address="192.0.2.1")
    with pytest.raises(ReportError, match="beaucoup de signalements"):
        submit_report(submission(), ip_address="192.0.2.1")
    submit_report(submission(), ip_address="192.0.2.2")


@pytest.mark.django_db
def test_nearby_open_reports_of_the_same_category(routing):
    near = submit_report(submission(point=(44.84050, -0.57500)))
    submit_report(submission(point=(44.84100, -0.57500)))  # 56 m north
    submit_report(submission("eau", point=(44.84051, -0.57500)))  # other category
    closed = submit_report(submission(point=(44.84052, -0.57501)))
    change_status(closed, None, Status.RESOLVED)
    also_near = submit_report(submission(point=(44.84060, -0.57530)))  # about 26 m
    found = nearby_open_reports(Category.objects.get(slug="voirie"), 44.84050, -0.57500)
    assert found == [near, also_near]


@pytest.mark.django_db
def test_me_too_counts_once_per_person(routing, make_user):
    report = submit_report(submission())
    person = make_user()
    assert follow(report, user=person)
    assert not follow(report, user=person)
    assert follow(report, email="voisine@example.org")
    assert not follow(report, email="voisine@example.org")
    assert follow(report)  # anonymous, no e-mail: counted, nobody to inform
    assert report.me_too_count == 3
    assert report.followers.count() == 2


@pytest.mark.django_db
def test_status_rules(routing, make_user, mailoutbox, django_capture_on_commit_callbacks):
    agent = make_user()
    report = submit_report(submission(contact_email="riverain@example.org"))
    follow(report, email="voisin@example.org")
    mailoutbox.clear()
    with pytest.raises(ReportError, match="motif du rejet"):
        change_status(report, agent, Status.REJECTED, message="  ")
    with pytest.raises(ReportError, match="transférer"):
        change_status(report, agent, Status.TRANSFERRED)
    with django_capture_on_commit_callbacks(execute=True):
        change_status(report, agent, Status.ACKNOWLEDGED, message="Équipe prévenue.")
    assert report.first_response_at is not None and report.closed_at is None
    assert sorted(mail.to[0] for mail in mailoutbox) == ["riverain@example.org",
                                                          "voisin@example.org"]
    assert "Équipe prévenue." in mailoutbox[0].body
    change_status(report, agent, Status.TRANSFERRED, target_service=routing["eau"])
    assert report.service == routing["eau"] and report.is_open
    change_status(report, agent, Status.RESOLVED, message="Rebouché.")
    assert report.closed_at is not None
    assert list(report.history.values_list("status", flat=True)) == [
        "new", "acknowledged", "transferred", "resolved"]
    assert AuditEntry.objects.filter(action="report.status_changed").count() == 3


@pytest.mark.django_db
def test_duplicate_merges_followers_without_double_counting(routing, make_user):
    person, other = make_user(), make_user()
    original = submit_report(submission(), reporter=person)
    duplicate = submit_report(submission(), reporter=other)
    follow(duplicate, user=person)
    follow(duplicate, email="passant@example.org")
    with pytest.raises(ReportError, match="original"):
        change_status(duplicate, None, Status.DUPLICATE, duplicate_of=duplicate)
    change_status(duplicate, None, Status.DUPLICATE, duplicate_of=original)
    original.refresh_from_db()
    followers = {(f.user_id, f.email) for f in original.followers.all()}
    assert followers == {(person.pk, ""), (other.pk, ""), (None, "passant@example.org")}
    assert original.me_too_count == 2
    assert duplicate.duplicate_of == original and not duplicate.is_open


@pytest.mark.django_db
def test_service_figures(routing):
    service = routing["voirie-bordeaux"]
    start = timezone.now() - timedelta(days=10)
    reports = [submit_report(submission()) for _ in range(3)]
    for hours, report in zip([2, 4, 30], reports, strict=True):
        Report.objects.filter(pk=report.pk).update(created_at=start)
        report.refresh_from_db()
        change_status(report, None, Status.ACKNOWLEDGED)
        Report.objects.filter(pk=report.pk).update(
            first_response_at=start + timedelta(hours=hours))
    report = Report.objects.get(pk=reports[0].pk)
    change_status(report, None, Status.RESOLVED)
    Report.objects.filter(pk=report.pk).update(closed_at=start + timedelta(days=2))
    (figures,) = service_figures([service])
    assert figures.open_count == 2
    assert figures.median_first_response == timedelta(hours=4)
    assert figures.median_resolution == timedelta(days=2)


@pytest.mark.django_db
def test_contact_details_are_purged_after_retention(routing, settings):
    settings.RETENTION_DAYS = {**settings.RETENTION_DAYS, "report_contacts": 365}
    old = submit_report(submission(contact_email="a@example.org", contact_name="Alice",
                                   contact_phone="0600000000"), ip_address="192.0.2.5")
    recent = submit_report(submission(contact_email="b@example.org"))
    for report in (old, recent):
        change_status(report, None, Status.RESOLVED)
    now = timezone.now()
    Report.objects.filter(pk=old.pk).update(closed_at=now - timedelta(days=400))
    assert purge_contacts(now) == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.contact_email, old.contact_name, old.contact_phone, old.submitted_ip) == (
        "", "", "", None)
    assert not old.followers.exists()
    assert recent.contact_email == "b@example.org"


@pytest.mark.django_db
def test_same_status_needs_a_message(routing):
    report = submit_report(submission())
    with pytest.raises(ReportError, match="déjà ce statut"):
        change_status(report, None, Status.NEW)
    change_status(report, None, Status.NEW, message="Nous attendons le passage du technicien.")
    assert report.history.count() == 2
