"""The members' space: who enters it, what it shows, the member directory, leaving."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from parvis.agenda.models import Event
from parvis.comments.models import Debate
from parvis.consultations.models import Audience, Consultation, Response
from parvis.core.models import AuditEntry
from parvis.ideas.models import IdeaBox

DAY = timedelta(days=1)


def space_url(panel, name="space"):
    return reverse(f"panels:{name}", args=[panel.slug])


def consultation(slug, **fields) -> Consultation:
    now = timezone.now()
    fields = {"opens_at": now - DAY, "closes_at": now + 10 * DAY, "is_published": True,
              "audience": Audience.PANEL, **fields}
    return Consultation.objects.create(title=f"Consultation {slug}", slug=slug, **fields)


@pytest.fixture
def members(space_panel):
    return list(space_panel.members.select_related("user", "volunteer").order_by("pk"))


@pytest.mark.django_db
def test_only_members_and_organisers_enter(client, space_panel, members, organiser, make_user):
    for name in ("space", "space_members"):
        url = space_url(space_panel, name)
        assert client.get(url)["Location"].startswith(reverse("accounts:login"))
        client.force_login(make_user())
        assert client.get(url).status_code == 403
        client.force_login(members[0].user)
        assert client.get(url).status_code == 200
        client.force_login(organiser)
        assert client.get(url).status_code == 200
        members[1].withdrawn_at = timezone.now()
        members[1].save()
        client.force_login(members[1].user)
        assert client.get(url).status_code == 403
        client.logout()


@pytest.mark.django_db
def test_the_space_shows_what_is_reserved_to_the_panel(client, space_panel, members,
                                                        organiser):
    space, now = space_panel.space_process, timezone.now()
    open_one = consultation("ouverte", process=space)
    consultation("close", process=space, opens_at=now - 9 * DAY, closes_at=now - DAY)
    addressed = consultation("adressee", panel=space_panel)
    Response.objects.create(consultation=addressed, respondent=members[0].user,
                            submitted_at=now)
    Debate.objects.create(process=space, author=members[1].user, title="Quels services ?",
                          body="Parlons-en.")
    Event.objects.create(title="Atelier tablettes", slug="atelier-tablettes", process=space,
                         is_published=True, starts_at=now + 3 * DAY,
                         ends_at=now + 3 * DAY + timedelta(hours=2))
    Event.objects.create(title="Atelier passé", slug="atelier-passe", process=space,
                         is_published=True, starts_at=now - 3 * DAY,
                         ends_at=now - 3 * DAY + timedelta(hours=2))
    IdeaBox.objects.create(process=space, title="Services numériques de demain",
                           slug="services-de-demain")
    client.force_login(members[0].user)
    page = client.get(space_url(space_panel)).content.decode()
    for shown in (open_one.title, addressed.title, "Vous avez répondu.", "Quels services ?",
                  members[1].user.pseudonym, "Atelier tablettes",
                  "Services numériques de demain", "Ma participation", "Quitter le panel"):
        assert shown in page, shown
    for hidden in ("Consultation close", "Atelier passé", "Tableau de bord du panel"):
        assert hidden not in page, hidden
    client.force_login(organiser)
    page = client.get(space_url(space_panel)).content.decode()
    assert "Tableau de bord du panel" in page and "Ma participation" not in page


@pytest.mark.django_db
def test_the_evaluation_survey_is_offered_while_it_is_open(client, space_panel, members):
    evaluation = consultation("evaluation", panel=space_panel, opens_at=timezone.now() + DAY)
    space_panel.evaluation_consultation = evaluation
    space_panel.save()
    client.force_login(members[0].user)
    assert "Répondre au questionnaire d'évaluation" not in client.get(
        space_url(space_panel)).content.decode()
    evaluation.opens_at = timezone.now() - DAY
    evaluation.save()
    page = client.get(space_url(space_panel)).content.decode()
    assert "Répondre au questionnaire d'évaluation" in page
    assert evaluation.get_absolute_url() in page
    Response.objects.create(consultation=evaluation, respondent=members[0].user,
                            submitted_at=timezone.now())
    page = client.get(space_url(space_panel)).content.decode()
    assert "vous avez répondu au questionnaire d'évaluation" in page


@pytest.mark.django_db
def test_the_directory_shows_pseudonyms_only(client, space_panel, members):
    someone = members[2].user
    someone.first_name, someone.last_name, someone.show_real_name = "Jeanne", "Secret", True
    someone.save()
    members[3].withdrawn_at = timezone.now()
    members[3].save()
    client.force_login(members[0].user)
    page = client.get(space_url(space_panel, "space_members")).content.decode()
    for member in members[:3]:
        assert member.user.pseudonym in page
        assert member.user.email not in page
        assert member.volunteer.pool_id not in page
    assert "Secret" not in page and "Jeanne" not in page
    assert members[3].user.pseudonym not in page


@pytest.mark.django_db
def test_a_member_leaves_the_panel(client, space_panel, members):
    member = members[0]
    client.force_login(member.user)
    url = space_url(space_panel, "space_leave")
    page = client.post(url, {"reason": "Déménagement"}).content.decode()
    assert "Cochez la case pour confirmer votre départ." in page
    member.refresh_from_db()
    assert member.is_active
    response = client.post(url, {"reason": "Déménagement", "confirm": "on"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert not member.is_active and member.withdrawal_reason == "Déménagement"
    assert AuditEntry.objects.filter(action="panel.member_withdrawn", target_id=str(member.pk),
                                     actor=member.user).exists()
    assert client.get(space_url(space_panel)).status_code == 403
    assert client.post(url, {"confirm": "on"}).status_code == 403


@pytest.mark.django_db
def test_organisers_cannot_leave_in_a_members_place(client, space_panel, organiser):
    client.force_login(organiser)
    assert client.get(space_url(space_panel, "space_leave")).status_code == 403


@pytest.mark.django_db
def test_unknown_panels_are_not_found(client, members):
    client.force_login(members[0].user)
    for name in ("space", "space_members", "space_leave", "dashboard", "dashboard_csv"):
        assert client.get(reverse(f"panels:{name}", args=["inconnu"])).status_code == 404


@pytest.mark.django_db
def test_a_space_still_in_preparation_shows_nothing_of_it(client, space_panel, members):
    space = space_panel.space_process
    consultation("en-preparation", process=space)
    Debate.objects.create(process=space, author=members[1].user, title="Brouillon de débat",
                          body="Texte")
    space.is_published = False
    space.save()
    client.force_login(members[0].user)
    page = client.get(space_url(space_panel)).content.decode()
    assert "Les débats du panel ne sont pas encore ouverts." in page
    assert "Brouillon de débat" not in page and "Consultation en-preparation" not in page
