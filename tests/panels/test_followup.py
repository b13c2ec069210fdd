"""Follow-up of a panel: activity per member, in bounded queries, and inactivity alerts."""

import itertools
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from parvis.agenda.models import Event, Registration, RegistrationStatus
from parvis.comments.models import Comment, Debate
from parvis.consultations.models import Audience, Consultation, Response
from parvis.core.models import AuditEntry
from parvis.ideas.models import Idea, IdeaBox, Status
from parvis.notifications.models import Notification
from parvis.panels import activity
from parvis.panels.models import Member, PanelStatus
from parvis.processes.models import Process

DAY = timedelta(days=1)
_numbers = itertools.count()


def make_consultation(**fields) -> Consultation:
    number = next(_numbers)
    now = timezone.now()
    return Consultation.objects.create(title=f"Consultation {number}", slug=f"suivi-{number}",
                                       opens_at=now - 90 * DAY, closes_at=now + 90 * DAY,
                                       is_published=True, **fields)


def answer(consultation, user, at, draft=False) -> Response:
    return Response.objects.create(consultation=consultation, respondent=user, is_draft=draft,
                                   submitted_at=None if draft else at)


def comment(target, user, at, **fields) -> Comment:
    return Comment.objects.create(content_type=ContentType.objects.get_for_model(target),
                                  object_id=target.pk, author=user, body="Un avis.",
                                  created_at=at, **fields)


def event(process, starts_at) -> Event:
    number = next(_numbers)
    return Event.objects.create(title=f"Atelier {number}", slug=f"atelier-{number}",
                                process=process, is_published=True, starts_at=starts_at,
                                ends_at=starts_at + timedelta(hours=2))


def register(event, user, status=RegistrationStatus.CONFIRMED) -> Registration:
    return Registration.objects.create(event=event, user=user, name="Membre",
                                       email=user.email, status=status)


@pytest.fixture
def public_process(db):
    return Process.objects.create(title="Démarche publique", slug="publique", summary="R",
                                  description="D", is_published=True)


@pytest.mark.django_db
def test_activity_counts_what_members_did_in_the_panel(space_panel, public_process):
    space, now = space_panel.space_process, timezone.now()
    before_start = now - 61 * DAY  # the mandate started 60 days ago
    members = list(space_panel.members.select_related("user").order_by("pk"))
    user = members[0].user
    in_space = make_consultation(process=space)
    answer(in_space, user, now - 10 * DAY)
    answer(make_consultation(audience=Audience.PANEL, panel=space_panel), user, now - 9 * DAY)
    evaluation = make_consultation(process=public_process)
    space_panel.evaluation_consultation = evaluation
    space_panel.save()
    answer(evaluation, user, now - 8 * DAY)
    answer(make_consultation(process=space), user, now, draft=True)
    answer(make_consultation(process=public_process), user, now)
    answer(make_consultation(process=space), user, before_start)
    box = IdeaBox.objects.create(process=space, title="Boîte", slug="boite-du-panel")
    idea = Idea.objects.create(box=box, author=user, title="Idée", body="Texte",
                               status=Status.RECEIVED, published_at=now - 7 * DAY)
    Idea.objects.create(box=box, author=user, title="Brouillon", body="Texte")
    public_box = IdeaBox.objects.create(process=public_process, title="Publique", slug="pub")
    Idea.objects.create(box=public_box, author=user, title="Ailleurs", body="Texte",
                        status=Status.RECEIVED, published_at=now)
    debate = Debate.objects.create(process=space, author=user, title="Débat", body="Texte",
                                   created_at=now - 6 * DAY)
    comment(debate, user, now - 5 * DAY)
    comment(idea, user, now - 4 * DAY)
    comment(debate, user, now - 3 * DAY, deleted_at=now)
    elsewhere = Debate.objects.create(process=public_process, author=members[1].user,
                                      title="Public", body="Texte")
    comment(elsewhere, user, now)
    attended = event(space, now - 2 * DAY)
    register(attended, user)
    register(event(space, now - 20 * DAY), user, RegistrationStatus.CANCELLED)
    register(event(space, now + 2 * DAY), user)
    register(event(public_process, now - DAY), user)

    found = activity.activities(space_panel, members)
    mine = found[members[0].pk]
    assert (mine.responses, mine.ideas, mine.comments, mine.events) == (3, 1, 3, 1)
    assert mine.last_at == attended.starts_at
    assert mine.months == {timezone.localdate(at).replace(day=1) for at in (
        now - 10 * DAY, now - 9 * DAY, now - 8 * DAY, now - 7 * DAY, now - 6 * DAY,
        now - 5 * DAY, now - 4 * DAY, now - 2 * DAY)}
    others = found[members[1].pk]
    assert others.total == 0 and others.last_at is None


def add_members(panel, make_volunteer, count):
    """`count` more members of `panel`, each with five activities in its space: an answer,
    an idea, a debate opened and commented, an event attended."""
    draw, space, now = panel.draws.get(), panel.space_process, timezone.now()
    consultation = make_consultation(process=space)
    box = IdeaBox.objects.get_or_create(process=space, slug="boite-du-panel",
                                        defaults={"title": "Boîte"})[0]
    past = event(space, now - 3 * DAY)
    for _ in range(count):
        volunteer = make_volunteer(panel)
        Member.objects.create(panel=panel, volunteer=volunteer, user=volunteer.user, draw=draw,
                              joined_at=now - 60 * DAY)
        answer(consultation, volunteer.user, now - DAY)
        Idea.objects.create(box=box, author=volunteer.user, title="Idée", body="Texte",
                            status=Status.RECEIVED, published_at=now - DAY)
        debate = Debate.objects.create(process=space, author=volunteer.user, title="Débat",
                                       body="Texte", created_at=now - DAY)
        comment(debate, volunteer.user, now - DAY)
        register(past, volunteer.user)


@pytest.mark.django_db
def test_activity_is_read_in_a_bounded_number_of_queries(space_panel, make_volunteer):
    add_members(space_panel, make_volunteer, 1)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            members = list(activity.panel_members(space_panel))
            found = activity.activities(space_panel, members)
        assert sum(done.total for done in found.values()) == 5 * (len(members) - 4)
        return len(captured)

    with_5 = queries()
    add_members(space_panel, make_volunteer, 45)
    assert space_panel.members.count() == 50
    assert queries() == with_5 <= 6


@pytest.fixture
def quiet_panel(space_panel):
    """`space_panel` where only the first member did something (5 days ago)."""
    members = list(space_panel.members.select_related("user").order_by("pk"))
    answer(make_consultation(process=space_panel.space_process), members[0].user,
           timezone.now() - 5 * DAY)
    return space_panel, members


def alerts(organiser):
    return list(Notification.objects.filter(recipient=organiser).order_by("pk"))


@pytest.mark.django_db
def test_organisers_hear_once_of_members_gone_quiet(quiet_panel, organiser, make_user):
    panel, members = quiet_panel
    make_user(pseudonym="Sans rôle")
    before = Notification.objects.count()
    reported = activity.send_inactivity_alerts(panel)
    assert reported == members[1:]
    [notification] = alerts(organiser)
    assert "3 membres sans activité depuis 30 jours" in notification.subject
    for member in members[1:]:
        assert member.user.pseudonym in notification.message
        assert member.user.email not in notification.message
    assert members[0].user.pseudonym not in notification.message
    assert notification.url == f"/panels/{panel.slug}/tableau-de-bord/"
    assert Notification.objects.count() == before + 1
    assert AuditEntry.objects.filter(action="panel.member_inactive").count() == 3
    assert activity.send_inactivity_alerts(panel) == []
    assert len(alerts(organiser)) == 1


@pytest.mark.django_db
def test_a_member_is_reported_again_after_a_new_silence(quiet_panel, organiser):
    panel, members = quiet_panel
    activity.send_inactivity_alerts(panel)
    comment(Debate.objects.create(process=panel.space_process, author=members[1].user,
                                  title="De retour", body="Texte"), members[1].user,
            timezone.now())
    later = timezone.now() + 31 * DAY
    assert activity.send_inactivity_alerts(panel, at=later) == members[:2]
    assert members[2].user.pseudonym not in alerts(organiser)[-1].message


@pytest.mark.django_db
def test_withdrawn_members_and_inactive_panels_raise_no_alert(quiet_panel, organiser):
    panel, members = quiet_panel
    Member.objects.filter(pk__in=[member.pk for member in members[1:3]]).update(
        withdrawn_at=timezone.now())
    panel.status = PanelStatus.CLOSED
    panel.save()
    assert activity.send_inactivity_alerts(panel) == []
    panel.status = PanelStatus.ACTIVE
    panel.save()
    assert activity.send_inactivity_alerts(panel) == [members[3]]


@pytest.mark.django_db
def test_the_daily_command_sends_the_alerts(quiet_panel, organiser, capsys):
    panel, _members = quiet_panel
    call_command("panel_inactivity_alerts")
    assert f"{panel.slug}: 3 inactive member(s) reported" in capsys.readouterr().out
    call_command("panel_inactivity_alerts")
    assert "for 0 panel(s)" in capsys.readouterr().out
    assert len(alerts(organiser)) == 1
