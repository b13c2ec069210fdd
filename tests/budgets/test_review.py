"""The managers' side of budget projects: the review list and page (403 for others), the
feasibility decision, merges and promotion of an idea."""

import pytest
from django.urls import reverse

from parvis.budgets.models import Project, ProjectStatus
from parvis.core.models import AuditEntry, Role
from parvis.ideas.models import Idea, IdeaBox, Status
from parvis.notifications.models import Notification
from parvis.processes.models import Action

pytestmark = pytest.mark.django_db


def review_url(project, name="review_project"):
    return reverse(f"budgets:{name}", args=[project.budget.slug, project.pk])


def decision(**fields):
    data = {"technical_analysis": "Réseau d'eau à dévier", "legal_analysis": "Terrain public",
            "cost": "15000", "status": "eligible", "public_reason": "Recevable après visite."}
    data.update(fields)
    return data


def merging(target, reason="Projets proches."):
    return {"fusion-target": target.pk, "fusion-public_reason": reason}


@pytest.fixture
def author(citizen):
    return citizen(pseudonym="Porteuse")


@pytest.fixture
def submitted(budget, make_project, author):
    return make_project(budget, author=author, status=ProjectStatus.SUBMITTED, cost=12_000)


# Permissions ---------------------------------------------------------------------------


def test_review_pages_are_for_the_budget_managers_only(client, budget, submitted, make_user,
                                                       make_staff, manager, make_project,
                                                       communes):
    target = make_project(budget)
    posts = {
        review_url(submitted, "review_decision"): decision(),
        review_url(submitted, "merge"): merging(target),
        reverse("budgets:promote", args=[budget.slug]): {},
    }
    gets = [reverse("budgets:review", args=[budget.slug]), review_url(submitted)]
    assert client.get(gets[0]).url.startswith(reverse("accounts:login"))
    commune_manager = make_staff(Role.PROCESS_MANAGER, commune=communes["pessac"])
    for outsider in (make_user(), commune_manager):  # the process concerns every commune
        client.force_login(outsider)
        for url in gets:
            assert client.get(url).status_code == 403
        for url, data in posts.items():
            assert client.post(url, data).status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == ProjectStatus.SUBMITTED
    client.force_login(manager)
    for url in gets:
        assert client.get(url).status_code == 200


def test_review_list_filters_and_shows_every_status(client, budget, make_project, manager,
                                                    communes):
    bordeaux = budget.sub_budgets.get(commune=communes["bordeaux"])
    make_project(budget, title="Un brouillon", status=ProjectStatus.DRAFT)
    make_project(budget, title="À Bordeaux", sub_budget=bordeaux,
                 status=ProjectStatus.SUBMITTED)
    client.force_login(manager)
    url = reverse("budgets:review", args=[budget.slug])
    page = client.get(url).content.decode()
    assert "Un brouillon" in page and "À Bordeaux" in page
    page = client.get(url, {"status": "submitted"}).content.decode()
    assert "À Bordeaux" in page and "Un brouillon" not in page
    page = client.get(url, {"sub_budget": bordeaux.pk}).content.decode()
    assert "À Bordeaux" in page and "Un brouillon" not in page


# Feasibility review -------------------------------------------------------------------


def test_in_review_then_eligible_with_the_cost_put_to_the_vote(client, submitted, manager,
                                                               author):
    client.force_login(manager)
    client.post(review_url(submitted, "review_decision"),
                decision(status="reviewing", public_reason="", cost=""))
    submitted.refresh_from_db()
    assert submitted.status == ProjectStatus.REVIEWING and submitted.cost is None
    assert Notification.objects.filter(recipient=author, subject__contains="en cours").exists()

    response = client.post(review_url(submitted, "review_decision"), decision())
    assert response.url == review_url(submitted)
    submitted.refresh_from_db()
    assert submitted.status == ProjectStatus.ELIGIBLE and submitted.cost == 15_000
    assert submitted.vote_cost == 15_000 and submitted.reviewed_by == manager
    assert submitted.technical_analysis == "Réseau d'eau à dévier"
    assert AuditEntry.objects.filter(action="budget_project.reviewed",
                                     data__status="eligible").exists()
    notice = Notification.objects.get(recipient=author, subject__contains="recevable")
    assert notice.message == "Recevable après visite."
    manager_page = client.get(review_url(submitted)).content.decode()
    assert "Réseau d&#x27;eau à dévier" in manager_page
    client.logout()
    public = client.get(submitted.get_absolute_url()).content.decode()
    assert "Recevable après visite." in public and "Réseau d" not in public
    assert "Terrain public" not in public


def test_ineligible_needs_a_public_reason(client, submitted, manager, author):
    client.force_login(manager)
    response = client.post(review_url(submitted, "review_decision"),
                           decision(status="ineligible", public_reason=" "))
    assert response.status_code == 400
    assert "Indiquez le motif de la décision" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == ProjectStatus.SUBMITTED
    client.post(review_url(submitted, "review_decision"),
                decision(status="ineligible", public_reason="Dépense de fonctionnement."))
    submitted.refresh_from_db()
    assert submitted.status == ProjectStatus.INELIGIBLE
    assert Notification.objects.filter(recipient=author,
                                       message="Dépense de fonctionnement.").exists()
    assert "Dépense de fonctionnement." in client.get(
        submitted.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("fields", "message"),
    [({"cost": ""}, "Indiquez le coût retenu"),
     ({"cost": "90000"}, "Le coût dépasse le montant de l&#x27;enveloppe"),
     ({"status": "selected"}, "Sélectionnez un choix valide")],
)
def test_refused_reviews_are_explained(client, submitted, manager, fields, message):
    client.force_login(manager)
    response = client.post(review_url(submitted, "review_decision"), decision(**fields))
    assert response.status_code == 400 and message in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == ProjectStatus.SUBMITTED and submitted.cost is None


def test_no_review_once_the_vote_started(client, make_budget, make_project, manager):
    project = make_project(make_budget(actions=[Action.VOTE]))
    client.force_login(manager)
    page = client.get(review_url(project)).content.decode()
    assert 'id="analyse"' not in page
    response = client.post(review_url(project, "review_decision"),
                           decision(status="ineligible"))
    assert "Ce projet ne peut plus être analysé" in response.content.decode()
    project.refresh_from_db()
    assert project.status == ProjectStatus.ELIGIBLE


# Merge ---------------------------------------------------------------------------------


def test_merge_into_a_project_of_the_same_envelope(client, budget, submitted, make_project,
                                                   manager, author, citizen, communes):
    other_author = citizen()
    target = make_project(budget, title="Projet conservé", author=other_author)
    earlier = make_project(budget, status=ProjectStatus.MERGED, merged_into=submitted)
    elsewhere = make_project(budget, sub_budget=budget.sub_budgets.get(
        commune=communes["bordeaux"]))
    client.force_login(manager)
    response = client.post(review_url(submitted, "merge"),
                           merging(elsewhere))
    assert response.status_code == 400
    assert "Sélectionnez un choix valide" in response.content.decode()
    response = client.post(review_url(submitted, "merge"),
                           merging(target, "Deux projets proches."))
    assert response.status_code == 302
    submitted.refresh_from_db()
    earlier.refresh_from_db()
    assert submitted.status == ProjectStatus.MERGED and submitted.merged_into == target
    assert submitted.public_reason == "Deux projets proches."
    assert earlier.merged_into == target
    assert Notification.objects.filter(recipient=author).exists()
    assert Notification.objects.filter(recipient=other_author).exists()
    assert AuditEntry.objects.filter(action="budget_project.merged",
                                     target_id=str(submitted.pk)).exists()
    page = client.get(target.get_absolute_url()).content.decode()
    assert submitted.get_absolute_url() in page


def test_merge_needs_a_public_reason(client, budget, submitted, make_project, manager):
    target = make_project(budget)
    client.force_login(manager)
    response = client.post(review_url(submitted, "merge"),
                           merging(target, ""))
    assert response.status_code == 400 and "Ce champ est obligatoire." in (
        response.content.decode())
    submitted.refresh_from_db()
    assert submitted.status == ProjectStatus.SUBMITTED


# Promotion of an idea ------------------------------------------------------------------


@pytest.fixture
def idea(budget, citizen, communes):
    box = IdeaBox.objects.create(process=budget.process, title="Boîte", slug="boite")
    return Idea.objects.create(
        box=box, author=citizen(pseudonym="Idéaliste"), title="Un jardin partagé",
        body="Des parcelles pour le quartier.", commune=communes["bordeaux"],
        status=Status.RECEIVED, latitude=44.8405, longitude=-0.575,
    )


def test_promote_an_idea_into_a_project(client, budget, idea, manager, communes):
    bordeaux = budget.sub_budgets.get(commune=communes["bordeaux"])
    client.force_login(manager)
    page = client.get(reverse("budgets:review", args=[budget.slug])).content.decode()
    assert "Un jardin partagé" in page
    url = reverse("budgets:promote", args=[budget.slug])
    response = client.post(url, {"idea": idea.pk, "sub_budget": bordeaux.pk,
                                 "estimated_cost": "18000"})
    project = Project.objects.get()
    assert response.url == review_url(project)
    assert (project.idea, project.author, project.title) == (idea, idea.author, idea.title)
    assert project.description == idea.body and project.commune == communes["bordeaux"]
    assert project.latitude == idea.latitude and project.status == ProjectStatus.SUBMITTED
    assert Notification.objects.filter(recipient=idea.author,
                                       url=project.get_absolute_url()).exists()
    assert AuditEntry.objects.filter(action="budget_project.promoted").exists()
    response = client.post(url, {"idea": idea.pk, "sub_budget": bordeaux.pk,
                                 "estimated_cost": "18000"})
    assert response.status_code == 400 and Project.objects.count() == 1  # already promoted


def test_promoted_idea_must_fit_the_envelope(client, budget, idea, manager, communes,
                                             make_budget):
    client.force_login(manager)
    url = reverse("budgets:promote", args=[budget.slug])
    other_budget = make_budget()
    response = client.post(url, {"idea": idea.pk, "sub_budget": other_budget.sub_budgets
                                 .first().pk, "estimated_cost": "1000"})
    assert response.status_code == 400
    response = client.post(url, {"idea": idea.pk, "sub_budget": budget.sub_budgets.get(
        commune=communes["bordeaux"]).pk, "estimated_cost": "900000"})
    assert "Le coût dépasse le montant de l&#x27;enveloppe" in response.content.decode()
    assert not Project.objects.exists()
