"""The back office of idea boxes and the permanent box about the platform."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from parvis.core.models import AuditEntry, Role
from parvis.ideas.models import IdeaBox
from parvis.ideas.services import PLATFORM_BOX_SLUG
from parvis.processes.models import Action


@pytest.mark.django_db
def test_managers_see_and_set_up_the_boxes_of_their_processes(client, make_box, make_staff,
                                                             communes, publish_idea):
    cenon_box = make_box(communes=[communes["cenon"]])
    metropolis_box = make_box()
    publish_idea(metropolis_box, title="Idée de la métropole")
    manager = make_staff(Role.PROCESS_MANAGER, commune=communes["cenon"])
    client.force_login(manager)

    page = client.get(reverse("admin:ideas_ideabox_changelist")).content.decode()
    assert cenon_box.title in page and metropolis_box.title not in page
    assert client.get(reverse("admin:ideas_ideabox_change",
                              args=[metropolis_box.pk])).status_code == 302
    ideas = client.get(reverse("admin:ideas_idea_changelist")).content.decode()
    assert "Idée de la métropole" not in ideas

    data = {"process": cenon_box.process.pk, "title": "Boîte de Cenon", "slug": cenon_box.slug,
            "description": "", "support_level": 10, "support_threshold": 5,
            "edit_window_hours": 48, "comments_open": "on"}
    client.post(reverse("admin:ideas_ideabox_change", args=[cenon_box.pk]), data)
    cenon_box.refresh_from_db()
    assert cenon_box.support_threshold == 5 and cenon_box.edit_window_hours == 48
    entry = AuditEntry.objects.get(action="idea_box.updated")
    assert entry.actor == manager and entry.data["support_threshold"] == 5

    data.update(slug="autre", process=metropolis_box.process.pk)
    response = client.post(reverse("admin:ideas_ideabox_add"), data)
    assert "Sélectionnez un choix valide" in response.content.decode()


@pytest.mark.django_db
def test_citizens_have_no_back_office_for_ideas(client, make_user):
    client.force_login(make_user(is_staff=True))
    assert client.get(reverse("admin:ideas_idea_changelist")).status_code == 403


@pytest.mark.django_db
def test_the_platform_box_is_created_once_and_open_to_proposals(client):
    for _ in range(2):
        call_command("create_platform_box", stdout=StringIO())
    box = IdeaBox.objects.get(slug=PLATFORM_BOX_SLUG)
    phase = box.process.current_phase()
    assert box.process.is_published and {Action.SUBMIT, Action.SUPPORT} <= set(phase.actions)
    assert client.get(reverse("ideas:propose", args=[box.slug])).status_code == 200
    assert box.title in client.get(reverse("ideas:boxes")).content.decode()
