"""Lists of reports cost the same with a million rows as with ten thousand: counts stop at
COUNT_CAP (here lowered to 30), and the pages say « plus de … »."""

import pytest
from django.urls import reverse

from parvis.core import pagination
from parvis.core.models import Role
from parvis.reports.models import Category
from tests.reports.factories import bulk_reports


@pytest.fixture
def cap(monkeypatch):
    monkeypatch.setattr(pagination, "COUNT_CAP", 30)


@pytest.fixture
def many(routing, communes):
    """45 reports of the Bordeaux road service, of every status in turn."""
    service = routing["voirie-bordeaux"]
    bulk_reports(45, service, Category.objects.get(slug="voirie-nid-de-poule"),
                 communes["bordeaux"])
    return service


def test_the_public_list_says_more_than_the_cap(client, cap, many):
    body = client.get(reverse("reports:list")).content.decode()
    assert "plus de 30 signalements : affinez les filtres" in body
    assert "45" not in body.split("<h2>")[1].split("</h2>")[0]


def test_under_the_cap_the_count_is_exact(client, many):
    body = client.get(reverse("reports:list")).content.decode()
    assert "45 signalements" in body


def test_the_inbox_counts_each_status_up_to_the_cap(client, cap, many, make_staff):
    agent = make_staff(Role.AGENT, service=many)
    client.force_login(agent)
    response = client.get(reverse("reports:inbox"))
    counts = {value: number for value, _label, number in response.context["counts"]}
    # 45 reports over 8 statuses: 29 open, 16 closed, 6 new, 5 duplicates; all of them: capped
    assert (counts[""], counts["open"], counts["closed"]) == (31, 29, 16)
    assert counts["new"] == 6 and counts["duplicate"] == 5
    body = response.content.decode()
    assert "Tous <strong>plus de 30</strong>" in body
    assert "<strong>6</strong>" in body
    assert response.context["page_obj"].paginator.num_pages == 1  # 31 rows of 50 a page


def test_the_api_says_when_its_count_is_capped(client, cap, many):
    body = client.get("/api/v1/reports").json()
    assert body["count"] == 31 and body["count_capped"] is True
    few = client.get("/api/v1/reports", {"status": "new"}).json()
    assert few["count"] == 6 and few["count_capped"] is False
