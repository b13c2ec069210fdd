"""The organisers' dashboard of a panel and its pseudonymised export."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from parvis.consultations.models import Audience, Consultation, Response
from parvis.core.models import AuditEntry
from parvis.panels.models import Member
from tests.panels.test_followup import add_members

DAY = timedelta(days=1)


def url(panel, name="dashboard"):
    return reverse(f"panels:{name}", args=[panel.slug])


@pytest.fixture
def members(space_panel):
    return list(space_panel.members.select_related("user", "volunteer").order_by("pk"))


def answer_in_space(panel, user, at):
    consultation, _created = Consultation.objects.get_or_create(
        slug="avis-du-panel", defaults={
            "title": "Avis", "process": panel.space_process, "is_published": True,
            "opens_at": at - 90 * DAY, "closes_at": at + 90 * DAY})
    Response.objects.create(consultation=consultation, respondent=user, submitted_at=at)


@pytest.mark.django_db
def test_only_organisers_see_the_dashboard_and_its_export(client, space_panel, members,
                                                          organiser, make_user):
    for name in ("dashboard", "dashboard_csv"):
        assert client.get(url(space_panel, name))["Location"].startswith(
            reverse("accounts:login"))
        for someone in (members[0].user, make_user()):
            client.force_login(someone)
            assert client.get(url(space_panel, name)).status_code == 403
        client.force_login(organiser)
        assert client.get(url(space_panel, name)).status_code == 200
        client.logout()
    assert not AuditEntry.objects.filter(action="panel.activity_exported",
                                         actor__in=[member.user for member in members]).exists()


@pytest.mark.django_db
def test_participation_by_month(client, space_panel, members, organiser):
    now = timezone.now()
    for member in members[:2]:
        answer_in_space(space_panel, member.user, now)
    client.force_login(organiser)
    page = client.get(url(space_panel)).content.decode()
    assert '<svg class="chart" role="img"' in page and "Taux de participation par mois" in page

    def row(day):
        return f'<th scope="row">{date_format(day, "F Y")}</th>'

    this_month = timezone.localdate(now)
    assert f"{row(this_month)}<td>4</td><td>2</td><td>50 %</td>" in page
    assert f"{row(space_panel.starts_on)}<td>4</td><td>0</td><td>0 %</td>" in page
    assert row(this_month + timedelta(days=31)) not in page


def quota_row(page: str, label: str) -> str:
    row = page[page.index(f'<th scope="row">{label}</th>'):]
    return row[:row.index("</tr>")]


@pytest.mark.django_db
def test_representativeness_warns_when_active_members_fall_below_a_minimum(
        client, space_panel, members, organiser):
    # The draw kept at least one member from Bordeaux (quota: 1 to 3).
    bordeaux = [member for member in members
                if member.volunteer.profile["commune"] == "bordeaux"]
    client.force_login(organiser)
    row = quota_row(client.get(url(space_panel)).content.decode(), "Bordeaux")
    assert f"<td>1 à 3</td>\n      <td>{len(bordeaux)}</td>\n      <td>{len(bordeaux)}</td>" in row
    assert row.count("sous le minimum") == 1  # none of them took part for 30 days
    answer_in_space(space_panel, bordeaux[0].user, timezone.now() - 2 * DAY)
    row = quota_row(client.get(url(space_panel)).content.decode(), "Bordeaux")
    assert "sous le minimum" not in row and "<td>1</td>" in row
    Member.objects.filter(pk__in=[member.pk for member in bordeaux]).update(
        withdrawn_at=timezone.now())
    row = quota_row(client.get(url(space_panel)).content.decode(), "Bordeaux")
    assert row.count("sous le minimum") == 2


@pytest.mark.django_db
def test_the_evaluation_response_rate(client, space_panel, members, organiser):
    now = timezone.now()
    evaluation = Consultation.objects.create(
        title="Bilan du panel", slug="bilan", audience=Audience.PANEL, panel=space_panel,
        is_published=True, opens_at=now - DAY, closes_at=now + 9 * DAY)
    space_panel.evaluation_consultation = evaluation
    space_panel.save()
    Response.objects.create(consultation=evaluation, respondent=members[0].user,
                            submitted_at=now)
    Response.objects.create(consultation=evaluation, respondent=members[1].user, is_draft=True)
    client.force_login(organiser)
    page = client.get(url(space_panel)).content.decode()
    assert "« Bilan du panel » : 1 réponse(s) sur 4 membres, soit 25 %." in page


@pytest.mark.django_db
def test_the_export_is_pseudonymised_and_audited(client, space_panel, members, organiser):
    now = timezone.now()
    answer_in_space(space_panel, members[0].user, now)
    members[3].withdrawn_at = now
    members[3].save()
    members[3].volunteer.profile["commune"] = "-2+3"
    members[3].volunteer.save()
    client.force_login(organiser)
    response = client.get(url(space_panel, "dashboard_csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode()
    rows = list(csv.reader(io.StringIO(text)))
    categories = ["commune", "age", "genre", "numerique"]
    assert rows[0] == ["identifiant_public", *categories, "statut", "reponses", "idees",
                       "messages", "evenements", "derniere_activite"]
    first = members[0].volunteer
    assert rows[1] == [first.pool_id, *(first.profile[key] for key in categories), "actif",
                       "1", "0", "0", "0", timezone.localtime(now).strftime("%Y-%m")]
    assert rows[4][0] == members[3].volunteer.pool_id and rows[4][5] == "retire"
    assert rows[4][1] == "'-2+3"  # read as text, not a formula
    for member in members:
        for personal in (member.user.email, member.user.pseudonym,
                         str(member.volunteer.birth_date)):
            assert personal not in text
    entry = AuditEntry.objects.get(action="panel.activity_exported")
    assert entry.actor == organiser and entry.data == {"count": 4}


@pytest.mark.django_db
def test_dashboard_queries_do_not_grow_with_members(client, count_queries, space_panel,
                                                     organiser, make_volunteer):
    client.force_login(organiser)
    add_members(space_panel, make_volunteer, 1)
    with_5 = [count_queries(url(space_panel)), count_queries(url(space_panel, "space")),
              count_queries(url(space_panel, "space_members"))]
    add_members(space_panel, make_volunteer, 45)
    assert [count_queries(url(space_panel)), count_queries(url(space_panel, "space")),
            count_queries(url(space_panel, "space_members"))] == with_5
