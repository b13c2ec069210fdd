"""Reports in « Mon espace »: mine with their status; an agent's new reports to triage."""

import pytest
from django.urls import reverse

from parvis.core.models import Role
from parvis.core.services.roles import grant_role
from parvis.reports.models import Category
from parvis.reports.services import Submission, submit_report

MY_SPACE = reverse("my_space")
BORDEAUX = (44.8405, -0.5750)


def report(reporter=None, title="Nid-de-poule"):
    return submit_report(Submission(category=Category.objects.get(slug="voirie"), title=title,
                                    description="Un trou profond.", latitude=BORDEAUX[0],
                                    longitude=BORDEAUX[1]), reporter=reporter)


def test_my_reports_show_with_their_tracking_code_and_status(client, routing, citizen, settings,
                                                             django_assert_max_num_queries):
    settings.REPORTS_PER_HOUR_PER_PERSON = 0  # no limit here
    person = citizen()
    first = report(person, "Trou rue Sainte-Catherine")
    client.force_login(person)
    with django_assert_max_num_queries(40) as few:
        client.get(MY_SPACE)
    for number in range(12):
        report(person, f"Trou {number}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(MY_SPACE).content.decode()
    assert "Mes signalements" in page and "nouveau" in page
    assert "Trou 11" in page and first.title not in page  # the latest, and a link to them all
    assert f'href="{reverse("reports:mine")}"' in page


def test_an_agent_sees_the_new_reports_of_their_services(client, routing, make_staff):
    report()
    report()
    agent = make_staff(Role.AGENT, service=routing["voirie-bordeaux"])
    client.force_login(agent)
    page = client.get(MY_SPACE).content.decode()
    assert "2 nouveaux signalements de mes services" in page
    assert f'href="{reverse("reports:inbox")}"' in page


@pytest.mark.parametrize("role", [None, Role.MODERATOR])
def test_nobody_else_sees_the_inbox_entry(client, routing, make_user, role):
    report()
    person = make_user()
    if role:
        grant_role(None, person, role)
    client.force_login(person)
    assert "signalements de mes services" not in client.get(MY_SPACE).content.decode()
