"""The budgets API: budgets and envelopes, public projects without personal data, and the
published results (404 before)."""

import pytest

from parvis.budgets import results
from parvis.budgets.models import BallotFormat, ProjectStatus


def get(client, path, status=200, **params):
    response = client.get(f"/api/v1{path}", params)
    assert response.status_code == status, response.content
    return response.json()


@pytest.fixture
def voted(closed_budget, make_project, make_user, cast):
    """A closed vote: in the 60 000 € envelope, 3 voters choose A and B (30 000 € each), 2
    choose C (30 000 €); an ineligible and a draft project."""
    budget = closed_budget(ballot_format=BallotFormat.APPROVAL)
    author = make_user(pseudonym="Porteuse", email="porteuse@example.org", first_name="Anne",
                       last_name="Dupont")
    a, b, c = (make_project(budget, cost=30_000, title=f"Projet {letter}", author=author)
               for letter in "ABC")
    make_project(budget, status=ProjectStatus.INELIGIBLE, title="Hors sujet",
                 public_reason="Ne relève pas de la métropole.")
    make_project(budget, status=ProjectStatus.DRAFT, title="Brouillon")
    for _ in range(3):
        cast(budget, [a, b])
    for _ in range(2):
        cast(budget, [c])
    return budget, (a, b, c)


def test_budgets_are_listed_with_their_envelopes(client, voted, make_budget):
    budget, _projects = voted
    listing = get(client, "/budgets")
    assert listing["count"] == 1
    item = listing["items"][0]
    assert (item["slug"], item["amount"], item["rule"]) == (budget.slug, 100_000, "equal-shares")
    assert item["results_url"] is None
    detail = get(client, f"/budgets/{budget.slug}")
    assert [(envelope["name"], envelope["commune"], envelope["amount"])
            for envelope in detail["sub_budgets"]] == [
        ("Toute la métropole", None, 60_000), ("Bordeaux", "bordeaux", 40_000)]


def test_budgets_of_unpublished_processes_are_not_found(client, voted):
    budget, _projects = voted
    budget.process.is_published = False
    budget.process.save()
    assert get(client, "/budgets")["count"] == 0
    error = get(client, f"/budgets/{budget.slug}", status=404)
    assert error["code"] == "not_found" and budget.slug in error["detail"]


def test_projects_are_public_ones_with_a_pseudonym_only(client, voted):
    budget, _projects = voted
    listing = get(client, f"/budgets/{budget.slug}/projects", page_size=2)
    assert listing["count"] == 4  # not the draft
    assert len(listing["items"]) == 2
    projects = get(client, f"/budgets/{budget.slug}/projects")["items"]
    ineligible = next(item for item in projects if item["title"] == "Hors sujet")
    assert ineligible["status"] == "ineligible"
    assert ineligible["public_reason"] == "Ne relève pas de la métropole."
    assert {item["author"] for item in projects} == {"Porteuse", None}
    body = str(projects)
    for personal in ["porteuse@example.org", "Dupont", "Anne"]:
        assert personal not in body


def test_results_are_not_found_before_publication(client, voted, manager):
    budget, _projects = voted
    assert get(client, f"/budgets/{budget.slug}/results", status=404)["code"] == "not_found"
    assert get(client, "/budgets/inconnu/results", status=404)["code"] == "not_found"


def test_published_results_give_each_project_its_votes_and_outcome(client, voted):
    budget, (a, b, c) = voted
    results.publish(budget, None)
    data = get(client, f"/budgets/{budget.slug}/results")
    assert (data["budget"], data["rule"], data["ballots"]) == (budget.slug, "equal-shares", 5)
    envelope = data["sub_budgets"][0]
    assert (envelope["name"], envelope["ballots"], envelope["spent"]) == (
        "Toute la métropole", 5, 60_000)
    assert envelope["selected"] == [a.pk, c.pk]
    assert envelope["endowment"] == "15000"  # raised from 60 000 / 5 until C is affordable
    outcomes = {item["project"]: item for item in envelope["projects"]}
    assert (outcomes[a.pk]["votes"], outcomes[a.pk]["selected"],
            outcomes[a.pk]["selected_by"], outcomes[a.pk]["share"]) == (
        3, True, "equal-shares", 50.0)
    assert (outcomes[b.pk]["votes"], outcomes[b.pk]["selected"]) == (3, False)
    assert envelope["ballots_url"].endswith(f"/bulletins-{envelope['id']}.pb")
    listing = get(client, "/budgets")["items"][0]
    assert listing["results_url"].endswith(f"/budgets/{budget.slug}/resultats/")


def test_invalid_slugs_are_rejected_as_json(client):
    error = get(client, "/budgets/pas%20un%20slug/results", status=422)
    assert error["code"] == "invalid"
