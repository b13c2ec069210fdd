"""The follow-up of a realisation: who may change it, milestones and their notification."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from parvis.core import modules
from parvis.core.models import AuditEntry, Role
from parvis.core.services.roles import grant_role
from parvis.notifications.models import Notification
from parvis.realisations import services
from parvis.realisations.models import Milestone, Realisation, Status
from tests.reports.conftest import jpeg_with_gps


@pytest.fixture
def agent(make_staff, make_service):
    """An agent of the service in charge of the winning project's realisation."""
    return make_staff(Role.AGENT, service=make_service(name="Direction de la nature"),
                      pseudonym="AgentJardins", is_staff=True)


@pytest.fixture
def project(realisations, agent):
    realisation = realisations["budgets"]
    realisation.service = agent.role_grants.get().service
    realisation.save()
    return realisation


def milestone_url(realisation):
    return reverse("realisations:milestone_new", args=[realisation.pk])


def step(**fields):
    return {"on": "2026-03-02", "title": "Début des travaux",
            "text": "Le chantier commence.", **fields}


def test_supporters_and_voters_are_told_of_a_new_milestone(client, project, adopted, agent):
    client.force_login(agent)
    response = client.post(milestone_url(project), step())
    assert response.status_code == 302 and response["Location"] == project.get_absolute_url()
    milestone = Milestone.objects.get()
    assert (milestone.on, milestone.title, milestone.created_by) == (
        date(2026, 3, 2), "Début des travaux", agent)
    told = Notification.objects.filter(kind="realisation_milestone")
    assert sorted(told.values_list("recipient__pseudonym", flat=True)) == [
        "Porteuse", "Votante"]
    assert told.first().url == project.get_absolute_url()
    assert "Début des travaux" in told.first().subject


def test_an_idea_s_supporters_and_a_laureate_s_contact_are_told(realisations, manager):
    for source in ("ideas", "calls"):
        services.add_milestone(realisations[source], services.Step(date(2026, 1, 5), "Lancement"),
                               manager)
    assert sorted(Notification.objects.values_list("recipient__pseudonym", flat=True)) == [
        "Candidate", "Porteuse", "Soutien"]


def test_a_milestone_is_published_when_the_adopting_tool_is_gone(realisations, manager,
                                                                 monkeypatch):
    monkeypatch.delitem(modules._modules, "calls")
    services.add_milestone(realisations["calls"], services.Step(date(2026, 1, 5), "Lancement"),
                           manager)
    assert realisations["calls"].milestones.get().title == "Lancement"
    assert not Notification.objects.exists()


def test_a_milestone_photo_is_re_encoded_without_metadata(client, project, agent):
    client.force_login(agent)
    photo = SimpleUploadedFile("chantier.jpg", jpeg_with_gps(), content_type="image/jpeg")
    client.post(milestone_url(project), step(photo=photo, photo_alt="Le chantier"))
    milestone = Milestone.objects.get()
    with Image.open(milestone.photo) as image:
        assert image.format == "JPEG" and not image.getexif()
    with Image.open(milestone.thumbnail) as thumbnail:
        assert max(thumbnail.size) <= 320
    assert not milestone.photo.name.endswith("chantier.jpg")
    page = client.get(project.get_absolute_url()).content.decode()
    assert milestone.thumbnail.url in page and 'alt="Le chantier"' in page


@pytest.mark.parametrize(("fields", "message"), [
    ({"photo": SimpleUploadedFile("x.jpg", b"not an image")}, "pas une image lisible"),
    ({"on": "3001-01-01"}, "entre 1900 et 2999"),
    ({"title": ""}, "Ce champ est obligatoire"),
])
def test_a_refused_milestone_is_explained_and_nothing_is_told(client, project, agent, fields,
                                                               message):
    client.force_login(agent)
    response = client.post(milestone_url(project), step(**fields))
    assert response.status_code == 200 and message in response.content.decode()
    assert not Milestone.objects.exists() and not Notification.objects.exists()


def test_a_photo_needs_its_description(project, agent):
    with pytest.raises(services.RealisationRefused, match="Décrivez la photo"):
        services.add_milestone(project, services.Step(date(2026, 1, 5), "Pose",
                                                      photo=jpeg_with_gps()), agent)


def test_a_citizen_or_another_service_cannot_follow_a_realisation_up(
        client, project, adopted, make_user, make_service):
    other = make_user(pseudonym="AgentVoirie", is_staff=True)
    grant_role(None, other, Role.AGENT, service=make_service(name="Voirie"))
    for person in (adopted.voter, other):
        client.force_login(person)
        assert client.get(milestone_url(project)).status_code == 403
        assert client.post(milestone_url(project), step()).status_code == 403
    assert not project.milestones.exists()
    assert "Publier une étape" not in client.get(project.get_absolute_url()).content.decode()
    client.logout()
    assert client.get(milestone_url(project)).status_code == 302  # to the sign-in page


def test_the_process_manager_follows_up_every_realisation(client, realisations, manager):
    client.force_login(manager)
    for realisation in realisations.values():
        page = client.get(realisation.get_absolute_url()).content.decode()
        assert "Publier une étape" in page
        assert client.get(milestone_url(realisation)).status_code == 200


def admin_change(realisation):
    return reverse("admin:realisations_realisation_change", args=[realisation.pk])


def follow_up(realisation, **fields):
    return {"status": realisation.status, "progress": realisation.progress,
            "service": realisation.service_id or "", "planned_amount": 28_000,
            "spent_amount": "", "commune": realisation.commune_id or "", "latitude": "",
            "longitude": "", "milestones-TOTAL_FORMS": 0, "milestones-INITIAL_FORMS": 0,
            **fields}


def test_the_agent_in_charge_updates_it_in_the_back_office(client, project, realisations,
                                                          agent):
    client.force_login(agent)
    changelist = client.get(reverse("admin:realisations_realisation_changelist"))
    assert [row.pk for row in changelist.context["cl"].result_list] == [project.pk]
    response = client.post(admin_change(project), follow_up(
        project, status=Status.IN_PROGRESS, progress=35, spent_amount=12_000,
        latitude=44.85, longitude=-0.57))
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.status, project.progress, project.spent_amount) == (
        Status.IN_PROGRESS, 35, 12_000)
    assert AuditEntry.objects.filter(action="realisation_updated", actor=agent).exists()
    assert client.get(admin_change(realisations["ideas"])).status_code in (302, 403)


@pytest.mark.parametrize(("fields", "message"), [
    ({"status": Status.DONE, "progress": 80}, "terminée est avancée à 100"),
    ({"status": Status.IN_PROGRESS, "progress": 120}, "entre 0 et 100"),
    ({"status": Status.IN_PROGRESS, "latitude": 48.85, "longitude": 2.35}, "hors de la métropole"),
    ({"status": Status.IN_PROGRESS, "latitude": 44.85}, "la latitude et la longitude"),
])
def test_an_incoherent_follow_up_is_refused_in_french(client, project, agent, fields, message):
    client.force_login(agent)
    response = client.post(admin_change(project), follow_up(project, **fields))
    assert response.status_code == 200 and message in response.content.decode()
    project.refresh_from_db()
    assert (project.status, project.progress) == (Status.PLANNED, 0)


def test_only_process_managers_synchronise_from_the_back_office(client, adopted, agent,
                                                                 manager):
    url = reverse("admin:realisations_realisation_synchronise")
    client.force_login(agent)
    assert client.post(url).status_code == 403
    assert not Realisation.objects.exists()
    manager.is_staff = True
    manager.save()
    client.force_login(manager)
    assert client.post(url).status_code == 302
    assert Realisation.objects.count() == 4
