import io
import re
import zipfile

import icalendar
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from parvis.agenda.models import Event
from parvis.core.models import AuditEntry, Role

FEED = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Mairie//Agenda//FR
BEGIN:VEVENT
UID:conseil-quartier-42@mairie.example.org
DTSTAMP:20261101T090000Z
DTSTART;TZID=Europe/Paris:20261203T183000
DTEND;TZID=Europe/Paris:20261203T203000
SUMMARY:{summary}
DESCRIPTION:Ordre du jour\\, questions diverses
LOCATION:Salle Jean Vilar
GEO:44.85;-0.57
END:VEVENT
BEGIN:VEVENT
UID:balade-7@mairie.example.org
DTSTAMP:20261101T090000Z
DTSTART:20261205
SUMMARY:Balade urbaine
END:VEVENT
END:VCALENDAR
"""


def parse(response) -> icalendar.Calendar:
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


def test_event_ics_parses_with_stable_uid_paris_time_and_escaping(client, make_event):
    event = make_event(title="Réunion, budget; vote", summary="Ligne 1\nLigne 2, fin; ok")
    first = parse(client.get(reverse("agenda:ics", args=[event.slug])))
    second = parse(client.get(reverse("agenda:ics", args=[event.slug])))
    vevent = first.walk("VEVENT")[0]
    assert str(vevent["UID"]) == str(second.walk("VEVENT")[0]["UID"]) == event.uid
    assert vevent["DTSTART"].params["TZID"] == "Europe/Paris"
    assert vevent.decoded("DTSTART") == event.starts_at.replace(microsecond=0)
    assert "DTSTAMP" in vevent and "LAST-MODIFIED" in vevent
    assert str(vevent["SUMMARY"]) == "Réunion, budget; vote"
    assert str(vevent["DESCRIPTION"]).startswith("Ligne 1\nLigne 2, fin; ok")
    assert [tz["TZID"] for tz in first.walk("VTIMEZONE")] == ["Europe/Paris"]
    raw = client.get(reverse("agenda:ics", args=[event.slug])).content.decode()
    assert "SUMMARY:Réunion\\, budget\\; vote" in raw
    assert all(len(line.encode()) <= 75 for line in raw.split("\r\n"))


def test_feeds_per_commune_and_per_process(client, make_event, make_process, communes):
    process = make_process()
    in_process = make_event(process=process, commune=communes["bordeaux"])
    elsewhere = make_event(commune=communes["pessac"])
    make_event(is_published=False)

    def uids(url):
        return {str(vevent["UID"]) for vevent in parse(client.get(url)).walk("VEVENT")}

    assert uids(reverse("agenda:feed")) == {in_process.uid, elsewhere.uid}
    assert uids(reverse("agenda:commune_feed", args=["pessac"])) == {elsewhere.uid}
    assert uids(reverse("agenda:process_feed", args=[process.slug])) == {in_process.uid}


def test_a_change_raises_the_sequence(client, make_event, make_user):
    from parvis.agenda.services import save_event

    event = make_event()
    event.title = "Nouveau titre"
    save_event(event, make_user(), created=False)
    vevent = parse(client.get(reverse("agenda:ics", args=[event.slug]))).walk("VEVENT")[0]
    assert vevent["SEQUENCE"] == 1


def write_feed(tmp_path, summary="Conseil de quartier"):
    path = tmp_path / "agenda.ics"
    path.write_text(FEED.format(summary=summary).replace("\n", "\r\n"))
    return str(path)


def test_import_is_idempotent_by_uid_and_updates_changes(tmp_path, make_process, communes):
    process = make_process()
    call_command("import_events", write_feed(tmp_path), "--process", process.slug,
                 "--commune", "talence", stdout=io.StringIO())
    call_command("import_events", write_feed(tmp_path), "--process", process.slug,
                 stdout=io.StringIO())
    assert Event.objects.count() == 2
    call_command("import_events", write_feed(tmp_path, "Conseil de quartier (reporté)"),
                 "--process", process.slug, stdout=io.StringIO())
    assert Event.objects.count() == 2
    event = Event.objects.get(uid="conseil-quartier-42@mairie.example.org")
    assert event.title == "Conseil de quartier (reporté)" and event.sequence == 1
    assert event.summary == "Ordre du jour, questions diverses"
    assert (event.process, event.commune.slug, event.latitude) == (process, "talence", 44.85)
    all_day = Event.objects.get(uid="balade-7@mairie.example.org")
    assert all_day.ends_at > all_day.starts_at


def test_import_refuses_what_is_not_icalendar(db, tmp_path):
    path = tmp_path / "page.html"
    path.write_text("<html><body>Agenda</body></html>")
    with pytest.raises(CommandError, match="Not an iCalendar file"):
        call_command("import_events", str(path))
    with pytest.raises(CommandError, match="only http and https"):
        call_command("import_events", "ftp://example.org/agenda.ics")
    assert not Event.objects.exists()


def test_back_office_import_form(client, manager, make_process):
    process = make_process()
    client.force_login(manager)
    url = reverse("admin:agenda_event_import")
    bad = client.post(url, {"process": process.pk,
                            "file": SimpleUploadedFile("a.ics", b"not a calendar")})
    assert "n&#x27;est pas un fichier iCalendar" in bad.content.decode()
    feed = FEED.format(summary="Conseil").encode()
    response = client.post(url, {"process": process.pk,
                                 "file": SimpleUploadedFile("a.ics", feed)})
    assert response.status_code == 302
    assert set(Event.objects.values_list("process", flat=True)) == {process.pk}
    assert AuditEntry.objects.filter(action="event.imported").exists()


def test_an_import_never_rewrites_another_process_event(client, make_staff, communes,
                                                       make_process, tmp_path):
    """A commune's manager imports a file whose UID is an event of another process: the
    import is refused whole, with the reason, and the other event keeps its title."""
    elsewhere = make_process()
    call_command("import_events", write_feed(tmp_path), "--process", elsewhere.slug,
                 stdout=io.StringIO())
    original = Event.objects.get(uid="conseil-quartier-42@mairie.example.org")
    commune_manager = make_staff(Role.PROCESS_MANAGER, commune=communes["pessac"])
    mine = make_process()
    mine.communes.set([communes["pessac"]])
    client.force_login(commune_manager)
    feed = FEED.format(summary="Titre détourné").encode()
    response = client.post(reverse("admin:agenda_event_import"), {
        "process": mine.pk, "file": SimpleUploadedFile("a.ics", feed)})
    assert "est celui d&#x27;un événement d&#x27;une autre démarche" in response.content.decode()
    original.refresh_from_db()
    assert original.title == "Conseil de quartier" and original.process == elsewhere
    assert not Event.objects.filter(process=mine).exists()
    with pytest.raises(CommandError, match="autre démarche"):
        call_command("import_events", write_feed(tmp_path, "Autre titre"), stdout=io.StringIO())


def test_commune_managers_see_only_the_events_of_their_processes(client, make_user, make_staff,
                                                                 communes, make_process,
                                                                 make_event):
    commune_manager = make_staff(Role.PROCESS_MANAGER, commune=communes["pessac"])
    mine = make_process()
    mine.communes.set([communes["pessac"]])
    make_event(title="Atelier de Pessac", process=mine)
    make_event(title="Atelier de Bordeaux", process=make_process())
    client.force_login(commune_manager)
    content = client.get(reverse("admin:agenda_event_changelist")).content.decode()
    assert "Atelier de Pessac" in content and "Atelier de Bordeaux" not in content
    client.force_login(make_user())
    assert client.get(reverse("admin:agenda_event_changelist")).status_code == 302


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def event_form(process, **documents) -> dict:
    return {
        "title": "Atelier", "slug": "atelier", "process": process.pk,
        "starts_at_0": "2026-12-03", "starts_at_1": "18:00",
        "ends_at_0": "2026-12-03", "ends_at_1": "20:00", "is_published": "on",
        "documents-TOTAL_FORMS": "1", "documents-INITIAL_FORMS": "0",
        "documents-0-title": "Ordre du jour", **documents,
    }


def test_event_created_in_the_back_office_with_a_checked_document(client, manager,
                                                                  make_process):
    process = make_process()
    client.force_login(manager)
    url = reverse("admin:agenda_event_add")
    fake = SimpleUploadedFile("ordre.pdf", b"MZ executable")
    response = client.post(url, event_form(process, **{"documents-0-file": fake}))
    assert "ne correspond pas à un document PDF" in response.content.decode()
    good = SimpleUploadedFile("ordre.docx", docx_bytes())
    response = client.post(url, event_form(process, **{"documents-0-file": good}))
    assert response.status_code == 302
    event = Event.objects.get(slug="atelier")
    document = event.documents.get()
    assert document.extension == "DOCX"
    assert re.fullmatch(r"[0-9a-f-]{36}@[^@\s]+", event.uid)
    assert AuditEntry.objects.filter(action="event.created").exists()
    page = client.get(reverse("admin:agenda_event_change", args=[event.pk])).content.decode()
    assert reverse("private_file", args=["agenda.document", document.pk]) in page
    assert document.file.name not in page  # the stored name leads nowhere, it is not shown
    data = event_form(process, **{"documents-INITIAL_FORMS": "1", "documents-0-id": document.pk,
                                  "documents-0-event": event.pk, "documents-0-title": "Plan"})
    response = client.post(reverse("admin:agenda_event_change", args=[event.pk]), data)
    assert response.status_code == 302  # saved again without sending the file again
    document.refresh_from_db()
    assert (document.title, document.extension) == ("Plan", "DOCX")
