"""The demo shows a living members' space: its demo member sees its content, the organisers'
dashboard charts months of participation, and nothing of it is public."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from parvis.agenda.models import Event
from parvis.comments.models import Debate
from parvis.consultations.models import Consultation, Response
from parvis.core.models import User
from parvis.ideas.models import Idea
from parvis.panels import demo
from parvis.panels.models import Panel
from parvis.processes.models import Process


@pytest.fixture
def pioneers(demo_db):
    return Panel.objects.get(slug=demo.PIONEERS_PANEL)


def space_counts():
    return [model.objects.filter(**{lookup: demo.SPACE_PROCESS}).count() for model, lookup in [
        (Debate, "process__slug"), (Event, "process__slug"), (Idea, "box__process__slug"),
        (Consultation, "process__slug"), (Response, "consultation__process__slug"),
    ]]


def test_the_demo_space_is_loaded_once(pioneers):
    counts = space_counts()
    assert all(counts), counts
    output = io.StringIO()
    call_command("load_demo", stdout=output)
    assert space_counts() == counts
    assert demo.MEMBER_EMAIL in output.getvalue()


def test_the_demo_member_sees_the_space_and_camille_does_not(client, pioneers):
    member = User.objects.get(email=demo.MEMBER_EMAIL)
    assert pioneers.members.filter(user=member, withdrawn_at=None).exists()
    client.force_login(member)
    page = client.get(reverse("panels:space", args=[pioneers.slug]))
    assert page.status_code == 200
    space = page.context["space"]
    assert space.process == pioneers.space_process
    assert space.debates and space.idea_boxes and space.consultations
    assert len(space.events) == 2 and space.evaluation == pioneers.evaluation_consultation
    content = page.content.decode()
    assert "Baromètre mensuel des pionniers" in content
    assert "Nouveaux services numériques" in content

    camille = User.objects.get(pseudonym=demo.CITIZEN)
    assert not pioneers.members.filter(user=camille).exists()
    client.force_login(camille)
    assert client.get(reverse("panels:space", args=[pioneers.slug])).status_code in {403, 404}


def test_the_dashboard_charts_several_months_of_participation(client, pioneers):
    client.force_login(User.objects.get(pseudonym=demo.MANAGER))
    page = client.get(reverse("panels:dashboard", args=[pioneers.slug]))
    assert page.status_code == 200
    active_months = [rate for rate in page.context["dashboard"].months if rate.participants]
    assert len(active_months) >= 2
    assert all(rate.members >= 99 for rate in active_months)
    assert page.context["dashboard"].evaluation.respondents > 0


def test_the_reserved_content_is_not_public(client, pioneers):
    space = pioneers.space_process
    assert not Process.objects.published().filter(pk=space.pk).exists()
    for consultation in Consultation.objects.filter(process=space):
        assert client.get(consultation.get_absolute_url()).status_code == 404
    assert client.get(space.get_absolute_url()).status_code == 404
    event = Event.objects.filter(process=space).first()
    assert client.get(event.get_absolute_url()).status_code == 404
