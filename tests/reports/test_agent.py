"""The agents' inbox: who sees what, filters and counts, handling a report, figures."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from parvis.core.models import AuditEntry, Role
from parvis.core.services.roles import grant_role
from parvis.reports.models import Category, InternalNote, Report, Status
from parvis.reports.services import (
    Submission,
    change_status,
    follow,
    submit_report,
)
from parvis.reports.views_agent import format_duration
from tests.reports.factories import bulk_reports

pytestmark = pytest.mark.django_db

INBOX = reverse("reports:inbox")
FIGURES = reverse("reports:figures")
BORDEAUX = (44.8405, -0.5750)
PESSAC = (44.8060, -0.6320)


def report_in(slug="voirie", point=BORDEAUX, **fields):
    """A report submitted as a citizen would (Voirie in Bordeaux: the Bordeaux road team)."""
    fields.setdefault("title", "Nid-de-poule")
    fields.setdefault("description", "Un trou profond devant le numéro 12.")
    return submit_report(Submission(category=Category.objects.get(slug=slug),
                                    latitude=point[0], longitude=point[1], **fields))


def detail_url(report):
    return reverse("reports:inbox_detail", args=[report.tracking_code])


@pytest.fixture
def agent_of(make_user):
    def make(*services):
        agent = make_user()
        for service in services:
            grant_role(None, agent, Role.AGENT, service=service)
        return agent

    return make


@pytest.fixture
def road_agent(agent_of, routing):
    return agent_of(routing["voirie-bordeaux"])


@pytest.fixture
def report(routing):
    return report_in(contact_email="riverain@example.org", contact_name="Alex Martin",
                     contact_phone="0556000000")


def status_form(status, message="", target_service="", duplicate_of=""):
    return {"action": "status", "status-status": status, "status-message": message,
            "status-target_service": target_service, "status-duplicate_of": duplicate_of}


# Who may do what


def test_anonymous_people_are_sent_to_login(client, report):
    for url in (INBOX, FIGURES, detail_url(report)):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))


def test_citizens_are_refused(client, make_user, report):
    client.force_login(make_user())
    for url in (INBOX, FIGURES, detail_url(report)):
        assert client.get(url).status_code == 403
    assert client.post(detail_url(report), status_form("resolved")).status_code == 403
    report.refresh_from_db()
    assert report.status == Status.NEW


def test_agents_of_another_service_do_not_learn_the_report_exists(client, agent_of, routing,
                                                                   report):
    client.force_login(agent_of(routing["eau"]))
    assert report.tracking_code not in client.get(INBOX).content.decode()
    assert client.get(detail_url(report)).status_code == 404
    assert client.post(detail_url(report), status_form("resolved")).status_code == 404
    report.refresh_from_db()
    assert report.status == Status.NEW


def test_the_service_agent_sees_everything_including_contact(client, road_agent, report):
    client.force_login(road_agent)
    assert report.tracking_code in client.get(INBOX).content.decode()
    body = client.get(detail_url(report)).content.decode()
    for private in ("riverain@example.org", "Alex Martin", "0556000000"):
        assert private in body
    assert "Un trou profond devant le numéro 12." in body


def test_administrators_see_every_service(client, make_user, routing, report):
    water = report_in("eau")
    client.force_login(make_user(is_staff=True, is_superuser=True))
    body = client.get(INBOX).content.decode()
    assert report.tracking_code in body and water.tracking_code in body
    assert "Toutes mes files" in body  # several services: a selector
    assert client.get(detail_url(water)).status_code == 200


# The inbox: filters, counts, sort


def test_service_selector_only_for_several_services(client, agent_of, routing, report):
    water = report_in("eau")
    both = agent_of(routing["voirie-bordeaux"], routing["eau"])
    client.force_login(both)
    body = client.get(INBOX).content.decode()
    assert "Toutes mes files" in body
    assert report.tracking_code in body and water.tracking_code in body
    body = client.get(INBOX, {"service": routing["eau"].slug}).content.decode()
    assert water.tracking_code in body and report.tracking_code not in body

    client.force_login(agent_of(routing["eau"]))
    assert "Toutes mes files" not in client.get(INBOX).content.decode()


def codes(response) -> list[str]:
    return [report.tracking_code for report in response.context["page_obj"]]


def counts(response) -> dict[str, int]:
    return {value: number for value, _label, number in response.context["counts"]}


def test_filters_and_counts(client, road_agent, communes, routing):
    pothole = report_in("voirie-nid-de-poule")
    pavement = report_in("voirie-trottoir")
    resolved = report_in("voirie")
    change_status(resolved, None, Status.RESOLVED)
    rejected = report_in("voirie")
    change_status(rejected, None, Status.REJECTED, message="Hors domaine public.")
    elsewhere = report_in("voirie", point=(44.8436, -0.5720))  # still Bordeaux
    Report.objects.filter(pk=elsewhere.pk).update(
        created_at=timezone.now() - timedelta(days=40))
    report_in("eau")  # another service's
    client.force_login(road_agent)

    response = client.get(INBOX)
    assert counts(response) == {"": 5, "open": 3, "closed": 2, "new": 3, "acknowledged": 0,
                                "planned": 0, "in_progress": 0, "resolved": 1, "rejected": 1,
                                "transferred": 0, "duplicate": 0}
    assert "Ouverts <strong>3</strong>" in response.content.decode()
    assert set(codes(client.get(INBOX, {"status": "open"}))) == {
        pothole.tracking_code, pavement.tracking_code, elsewhere.tracking_code}
    assert set(codes(client.get(INBOX, {"status": "closed"}))) == {
        resolved.tracking_code, rejected.tracking_code}
    assert codes(client.get(INBOX, {"status": "rejected"})) == [rejected.tracking_code]

    # A parent category includes its sub-categories; the counts follow the other filters.
    response = client.get(INBOX, {"category": "voirie-nid-de-poule"})
    assert codes(response) == [pothole.tracking_code]
    assert counts(response)["open"] == 1
    response = client.get(INBOX, {"category": "voirie", "status": "open"})
    assert len(codes(response)) == 3 and counts(response)["closed"] == 2

    since = (timezone.localdate() - timedelta(days=7)).isoformat()
    response = client.get(INBOX, {"since": since, "status": "open"})
    assert elsewhere.tracking_code not in codes(response) and counts(response)[""] == 4
    until = (timezone.localdate() - timedelta(days=30)).isoformat()
    assert codes(client.get(INBOX, {"until": until})) == [elsewhere.tracking_code]
    assert codes(client.get(INBOX, {"commune": "pessac"})) == []

    response = client.get(INBOX, {"since": "2026-03-10", "until": "2026-03-01"})
    assert "La date de fin précède la date de début." in response.content.decode()


def test_sort_orders(client, road_agent, routing):
    first, second, third = (report_in(title=f"Trou {n}") for n in range(3))
    follow(first, email="a@example.org")
    follow(first, email="b@example.org")
    follow(third, email="c@example.org")
    change_status(first, None, Status.ACKNOWLEDGED)
    client.force_login(road_agent)
    expected = {
        "newest": [third, second, first],
        "oldest": [first, second, third],
        "updated": [first, third, second],
        "me_too": [first, third, second],
    }
    for sort, reports in expected.items():
        assert codes(client.get(INBOX, {"sort": sort})) == [r.tracking_code for r in reports]


def test_inbox_query_count_does_not_grow(client, count_queries, agent_of, routing, communes):
    service = routing["voirie-bordeaux"]
    agent = agent_of(service, routing["eau"])
    voirie = Category.objects.get(slug="voirie-nid-de-poule")
    bulk_reports(10, service, voirie, communes["bordeaux"])
    client.force_login(agent)
    filters = {"category": "voirie", "status": "open", "sort": "me_too", "page": "1"}
    few = (count_queries(INBOX), count_queries(INBOX, **filters))
    bulk_reports(9990, service, voirie, communes["bordeaux"], start=10)
    many = (count_queries(INBOX), count_queries(INBOX, **filters))
    assert few == many
    response = client.get(INBOX, {"page": "3"})
    assert len(response.context["page_obj"]) == 50
    assert response.context["page_obj"].paginator.num_pages == 200


# Handling a report


def test_rejection_needs_a_reason_and_keeps_what_was_typed(client, road_agent, report):
    client.force_login(road_agent)
    response = client.post(detail_url(report), status_form("rejected", message="  ",
                                                           duplicate_of="zzzz"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Indiquez le motif du rejet : il sera communiqué publiquement." in body
    assert '<option value="rejected" selected>' in body
    assert 'value="zzzz"' in body
    report.refresh_from_db()
    assert report.status == Status.NEW

    response = client.post(detail_url(report),
                           status_form("rejected", message="Terrain privé."), follow=True)
    assert response.redirect_chain == [(detail_url(report), 302)]
    assert "Le signalement" in response.content.decode()  # the success message
    report.refresh_from_db()
    assert report.status == Status.REJECTED
    assert report.history.last().message == "Terrain privé."
    assert AuditEntry.objects.filter(action="report.status_changed", actor=road_agent).exists()


def test_status_change_informs_followers(client, road_agent, report, mailoutbox,
                                         django_capture_on_commit_callbacks):
    client.force_login(road_agent)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(detail_url(report), status_form("planned", message="Intervention lundi."))
    assert [mail.to for mail in mailoutbox] == [["riverain@example.org"]]
    assert "Intervention lundi." in mailoutbox[0].body
    assert "Intervention lundi." in client.get(detail_url(report)).content.decode()


def test_transfer_moves_the_report_to_the_other_inbox(client, road_agent, agent_of, routing,
                                                      report):
    client.force_login(road_agent)
    response = client.post(detail_url(report), status_form("transferred"))
    assert "Choisissez le service vers lequel transférer ce signalement." in (
        response.content.decode())
    response = client.post(detail_url(report), status_form(
        "transferred", message="Relève de l'eau.", target_service=routing["eau"].pk))
    assert response.status_code == 302 and response.url == INBOX  # no longer ours
    assert report.tracking_code not in codes(client.get(INBOX))

    client.force_login(agent_of(routing["eau"]))
    assert report.tracking_code in client.get(INBOX).content.decode()
    assert client.get(detail_url(report)).status_code == 200


def test_duplicate_merges_followers_into_the_original(client, road_agent, make_user, report):
    original = report_in(title="Même trou")
    neighbour = make_user()
    follow(report, user=neighbour)
    client.force_login(road_agent)
    response = client.post(detail_url(report), status_form("duplicate", duplicate_of="ZZZZ2222"))
    assert "Aucun signalement ne porte ce numéro." in response.content.decode()
    response = client.post(detail_url(report), status_form(
        "duplicate", duplicate_of=original.tracking_code.lower()))
    assert response.status_code == 302
    report.refresh_from_db()
    original.refresh_from_db()
    assert report.status == Status.DUPLICATE and report.duplicate_of == original
    followers = {(f.user_id, f.email) for f in original.followers.all()}
    assert followers == {(neighbour.pk, ""), (None, "riverain@example.org")}
    assert original.me_too_count == 1
    assert original.tracking_code in client.get(detail_url(report)).content.decode()


def test_public_messages_are_public_and_internal_notes_never(client, road_agent, report,
                                                             mailoutbox,
                                                             django_capture_on_commit_callbacks):
    client.force_login(road_agent)
    response = client.post(detail_url(report), {"action": "note", "note-text": ""})
    assert "Ce champ est obligatoire." in response.content.decode()
    response = client.post(detail_url(report),
                           {"action": "note", "note-text": "Rappeler le riverain mardi."})
    assert response.status_code == 302
    assert "Rappeler le riverain mardi." in client.get(detail_url(report)).content.decode()
    assert InternalNote.objects.get(report=report).author == road_agent
    assert AuditEntry.objects.filter(action="report.note_added").exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(detail_url(report), status_form("in_progress", message="Équipe sur place."))
    assert mailoutbox and all("Rappeler" not in mail.body for mail in mailoutbox)

    report.refresh_from_db()
    for url in (report.get_absolute_url(), reverse("reports:follow", args=[report.follow_token])):
        for viewer in (road_agent, None):  # even an agent sees the public version there
            client.logout()
            if viewer is not None:
                client.force_login(viewer)
            body = client.get(url).content.decode()
            assert "Équipe sur place." in body
            for private in ("Rappeler", "riverain@example.org", "Alex Martin", "0556000000"):
                assert private not in body


# Figures


@pytest.mark.parametrize(("duration", "text"), [
    (timedelta(seconds=20), "moins d'une minute"),
    (timedelta(minutes=45), "45 min"),
    (timedelta(hours=3, minutes=20), "3 h 20 min"),
    (timedelta(hours=5), "5 h"),
    (timedelta(days=2, hours=4, minutes=10), "2 j 4 h"),
    (timedelta(days=3), "3 j"),
    (None, "—"),
])
def test_durations_read_in_french(duration, text):
    assert format_duration(duration) == text


def test_figures_per_visible_service(client, road_agent, routing):
    start = timezone.now() - timedelta(days=10)
    reports = [report_in() for _ in range(3)]
    for hours, report in zip([2, 4, 30], reports, strict=True):
        change_status(report, None, Status.ACKNOWLEDGED)
        Report.objects.filter(pk=report.pk).update(
            created_at=start, first_response_at=start + timedelta(hours=hours, minutes=20))
    reports[0].refresh_from_db()
    change_status(reports[0], None, Status.RESOLVED)
    Report.objects.filter(pk=reports[0].pk).update(closed_at=start + timedelta(days=2, hours=4))
    client.force_login(road_agent)

    response = client.get(FIGURES)
    ((service, open_count, first, resolution),) = response.context["rows"]
    assert (service, open_count, first, resolution) == (
        routing["voirie-bordeaux"], 2, "4 h 20 min", "2 j 4 h")
    body = response.content.decode()
    assert "4 h 20 min" in body and "Direction de l&#x27;eau" not in body

    Report.objects.update(created_at=start - timedelta(days=30))
    response = client.get(FIGURES, {"days": "30"})
    assert response.context["rows"][0][1:] == (2, "—", "—")
    assert len(client.get(FIGURES, {"days": "365"}).context["rows"]) == 1
