"""The public side of budget projects: budget pages, the project list and page, submission
by people (with every refusal explained in French) and withdrawal by the author."""

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from parvis.budgets.models import Project, ProjectStatus
from parvis.comments.models import Comment
from parvis.core.models import AuditEntry, VerificationLevel
from parvis.notifications.models import Notification
from parvis.processes.models import Action
from tests.budgets.conftest import metropolis
from tests.reports.conftest import jpeg_with_gps

pytestmark = pytest.mark.django_db

BORDEAUX_POINT = ("44.8405", "-0.5750")
MERIGNAC_POINT = ("44.842", "-0.646")


def submission(sub_budget, **fields):
    data = {"title": "Des arceaux vélos devant la médiathèque",
            "description": "Une dizaine d'arceaux, à l'abri.", "sub_budget": sub_budget.pk,
            "theme": "", "commune": "", "address": "", "latitude": "", "longitude": "",
            "estimated_cost": "12000", "image_alt": "", "website": ""}
    data.update(fields)
    return data


def submit_url(budget):
    return reverse("budgets:submit", args=[budget.slug])


# Budget pages ------------------------------------------------------------------------


def test_budget_page_shows_envelopes_counts_and_what_is_open(client, budget, make_project):
    make_project(budget, title="Projet recevable")
    make_project(budget, status=ProjectStatus.SUBMITTED)
    make_project(budget, status=ProjectStatus.DRAFT)
    page = client.get(budget.get_absolute_url()).content.decode()
    assert "Des <strong>projets</strong> pour la métropole." in page  # Markdown rendered
    assert "100\N{NARROW NO-BREAK SPACE}000" in page or "100\xa0000" in page
    assert "Toute la métropole" in page and "Bordeaux" in page
    row = page.split("Toute la métropole</a></th>")[1].split("</tr>")[0]
    assert "<td>2</td><td>1</td>" in row  # the draft is not counted
    assert "Phase en cours" in page
    assert "Connectez-vous pour participer." in page  # submission open, but not anonymously
    assert reverse("budgets:projects", args=[budget.slug]) in page
    assert "/voter" not in page and "résultats du vote" not in page


def test_budget_page_links_to_the_vote_and_results_when_open(client, make_budget,
                                                             make_project):
    budget = make_budget(actions=[Action.VOTE])
    page = client.get(budget.get_absolute_url()).content.decode()
    assert reverse("budgets:vote", args=[budget.slug]) in page
    assert reverse("budgets:results", args=[budget.slug]) not in page
    budget.results_published_at = timezone.now()
    budget.save()
    winner = make_project(budget, status=ProjectStatus.SELECTED)
    page = client.get(budget.get_absolute_url()).content.decode()
    assert reverse("budgets:results", args=[budget.slug]) in page
    explanation = reverse("budgets:project_explanation", args=[budget.slug, winner.pk])
    assert explanation in client.get(winner.get_absolute_url()).content.decode()


def test_budget_list_shows_published_budgets_only(client, make_budget):
    shown = make_budget()
    hidden = make_budget()
    hidden.process.is_published = False
    hidden.process.save()
    page = client.get(reverse("budgets:list")).content.decode()
    assert shown.title in page and hidden.title not in page
    assert client.get(hidden.get_absolute_url()).status_code == 404


def test_a_budget_reserved_to_a_panel_is_not_public(client, make_budget, make_project,
                                                    reserve_for_panel):
    reserved = make_budget()
    project = make_project(reserved, title="Projet des pionniers")
    reserve_for_panel(reserved.process)
    assert reserved.title not in client.get(reverse("budgets:list")).text
    assert client.get(reserved.get_absolute_url()).status_code == 404
    assert client.get(project.get_absolute_url()).status_code == 404
    assert not Project.objects.public().filter(pk=project.pk).exists()


# Project list and page ---------------------------------------------------------------


def test_project_list_filters(client, budget, make_project, communes, make_budget):
    bordeaux = budget.sub_budgets.get(commune=communes["bordeaux"])
    make_project(budget, title="Piste des quais", sub_budget=bordeaux,
                 commune=communes["bordeaux"])
    make_project(budget, title="Fontaines", status=ProjectStatus.INELIGIBLE)
    make_project(budget, title="Brouillon caché", status=ProjectStatus.DRAFT)
    make_project(make_budget(), title="Autre budget")
    url = reverse("budgets:projects", args=[budget.slug])
    page = client.get(url).content.decode()
    assert "2 projets" in page and "Brouillon caché" not in page and "Autre budget" not in page
    page = client.get(url, {"sub_budget": bordeaux.pk}).content.decode()
    assert "Piste des quais" in page and "Fontaines" not in page
    page = client.get(url, {"status": "ineligible"}).content.decode()
    assert "Fontaines" in page and "Piste des quais" not in page
    page = client.get(url, {"commune": "bordeaux"}).content.decode()
    assert "Piste des quais" in page and "Fontaines" not in page
    response = client.get(url, {"status": "draft", "sub_budget": "oops"})
    assert response.status_code == 200 and "2 projets" in response.content.decode()


@pytest.mark.parametrize("status", [ProjectStatus.ELIGIBLE, ProjectStatus.SELECTED])
def test_project_list_query_count_does_not_grow(budget, make_project, count_queries, theme,
                                                communes, status):
    """Winners too, whose realisation's follow-up is read for the whole page at once."""
    url = reverse("budgets:projects", args=[budget.slug])
    make_project(budget, theme=theme, commune=communes["pessac"], status=status)
    count_queries(url)  # a first read may fill the content-type cache: not counted
    few = count_queries(url)
    for _ in range(8):
        make_project(budget, theme=theme, commune=communes["pessac"], status=status)
    assert count_queries(url) == few


def test_budget_page_query_count_does_not_grow(budget, make_project, count_queries):
    make_project(budget)
    few = count_queries(budget.get_absolute_url())
    for _ in range(8):
        make_project(budget)
    assert count_queries(budget.get_absolute_url()) == few


def test_project_page_query_count_does_not_grow(budget, make_project, count_queries):
    project = make_project(budget)
    make_project(budget, status=ProjectStatus.MERGED, merged_into=project)
    count_queries(project.get_absolute_url())  # caches warmed (content types)
    few = count_queries(project.get_absolute_url())
    for _ in range(5):
        make_project(budget, status=ProjectStatus.MERGED, merged_into=project)
    assert count_queries(project.get_absolute_url()) == few


def test_project_page_shows_costs_reason_and_merge_links(client, budget, make_project):
    kept = make_project(budget, title="Projet conservé", cost=20_000,
                        public_reason="Recevable après visite.", estimated_cost=15_000)
    merged = make_project(budget, title="Projet fusionné", status=ProjectStatus.MERGED,
                          merged_into=kept, public_reason="Projets proches.")
    page = client.get(kept.get_absolute_url()).content.decode()
    assert "Recevable après visite." in page
    assert "15\N{NARROW NO-BREAK SPACE}000" in page or "15\xa0000" in page
    assert "20\N{NARROW NO-BREAK SPACE}000" in page or "20\xa0000" in page
    assert merged.get_absolute_url() in page
    page = client.get(merged.get_absolute_url()).content.decode()
    assert "Ce projet a été fusionné" in page and kept.get_absolute_url() in page


def test_hidden_and_draft_projects_are_not_public(client, budget, make_project, citizen):
    author = citizen()
    draft = make_project(budget, status=ProjectStatus.DRAFT, author=author)
    hidden = make_project(budget, hidden_reason="Spam", author=author)
    Project.objects.filter(pk=hidden.pk).update(hidden_at=hidden.created_at)
    for project in (draft, hidden):
        assert client.get(project.get_absolute_url()).status_code == 404
    client.force_login(author)
    assert client.get(hidden.get_absolute_url()).status_code == 200
    other_budget_url = reverse("budgets:project", args=["autre-budget", hidden.pk])
    assert client.get(other_budget_url).status_code == 404


def test_public_pages_show_no_personal_data_nor_internal_analyses(client, budget, make_project,
                                                                   citizen):
    author = citizen(pseudonym="PorteuseDeProjet", first_name="Jeanne", last_name="Secret",
                     email="jeanne.secret@example.org")
    project = make_project(budget, author=author, technical_analysis="Réseau à dévier",
                           legal_analysis="Terrain privé à acquérir",
                           public_reason="Recevable.")
    pages = [client.get(url).content.decode() for url in (
        project.get_absolute_url(), reverse("budgets:projects", args=[budget.slug]),
        budget.get_absolute_url(), reverse("budgets:list"),
    )]
    assert "PorteuseDeProjet" in pages[0]
    for page in pages:
        for secret in ("Jeanne", "Secret", "jeanne.secret", "Réseau à dévier",
                       "Terrain privé"):
            assert secret not in page


# Submission ---------------------------------------------------------------------------


def test_submit_a_project(client, budget, citizen, communes, theme):
    author = citizen(commune=communes["bordeaux"])
    client.force_login(author)
    bordeaux = budget.sub_budgets.get(commune=communes["bordeaux"])
    form = client.get(submit_url(budget)).content.decode()
    assert "Toute la métropole" in form and "Bordeaux (40" in form
    response = client.post(submit_url(budget), submission(
        bordeaux, theme=theme.slug, address="Place Pey-Berland", latitude=BORDEAUX_POINT[0],
        longitude=BORDEAUX_POINT[1],
    ))
    project = Project.objects.get()
    assert response.url == project.get_absolute_url()
    assert project.status == ProjectStatus.SUBMITTED and project.submitted_at is not None
    assert project.author == author and project.commune == communes["bordeaux"]
    assert project.estimated_cost == 12_000 and project.cost is None
    assert AuditEntry.objects.filter(action="budget_project.submitted",
                                     target_id=str(project.pk)).exists()
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Votre projet est déposé" in page and "Place Pey-Berland" in page


def test_submitted_image_is_reencoded_and_needs_its_description(client, budget, citizen):
    client.force_login(citizen())
    envelope = metropolis(budget)

    def image():
        return SimpleUploadedFile("photo.jpg", jpeg_with_gps(), content_type="image/jpeg")

    response = client.post(submit_url(budget), {**submission(envelope), "image": image()})
    assert response.status_code == 400 and not Project.objects.exists()
    page = response.content.decode()
    assert "Décrivez l&#x27;image en quelques mots" in page
    assert "Photo conservée : photo.jpg" in page  # no need to send it again
    token = re.search(r'name="image_token" value="([^"]+)"', page).group(1)
    client.post(submit_url(budget), {**submission(envelope, image_alt="Des vélos garés"),
                                     "image_token": token})
    project = Project.objects.get()
    assert project.image_alt == "Des vélos garés" and project.thumbnail
    assert b"Phone X" not in project.image.read()
    fake = SimpleUploadedFile("photo.jpg", b"not an image", content_type="image/jpeg")
    response = client.post(submit_url(budget), {**submission(envelope, image_alt="x"),
                                                "image": fake})
    assert "Ce fichier n&#x27;est pas une image lisible." in response.content.decode()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"estimated_cost": "70000"},
         "Le coût dépasse le montant de l&#x27;enveloppe « Toute la métropole »"),
        ({"estimated_cost": "0"}, "supérieure ou égale à 1"),
        ({"estimated_cost": "9" * 30}, "inférieure ou égale à 2"),
        ({"estimated_cost": "12 000,50"}, "Saisissez un nombre entier."),
        ({"title": ""}, "Ce champ est obligatoire."),
        ({"latitude": "48.85", "longitude": "2.35"}, "en dehors du territoire"),
        ({"latitude": "44.84"}, "Indiquez la latitude et la longitude"),
        ({"description": "Voir https://a.example et https://b.example"}, "2 liens"),
    ],
)
def test_refused_submissions_are_explained_and_keep_the_text(client, budget, citizen, fields,
                                                             message):
    client.force_login(citizen())
    data = submission(metropolis(budget), **fields)
    response = client.post(submit_url(budget), data)
    page = response.content.decode()
    assert response.status_code == 400 and not Project.objects.exists()
    assert message in page
    if data["title"]:
        assert data["title"] in page.replace("&#x27;", "'")


def test_cost_over_the_budget_maximum(client, make_budget, citizen):
    budget = make_budget(max_project_cost=5_000)
    client.force_login(citizen())
    response = client.post(submit_url(budget), submission(metropolis(budget)))
    assert "Le coût d&#x27;un projet ne peut pas dépasser 5" in response.content.decode()
    assert not Project.objects.exists()


def test_only_the_metropolis_and_ones_own_commune_envelopes(client, budget, citizen, communes):
    bordeaux = budget.sub_budgets.get(commune=communes["bordeaux"])
    client.force_login(citizen(commune=communes["pessac"]))
    response = client.post(submit_url(budget), submission(bordeaux))
    assert response.status_code == 400 and not Project.objects.exists()
    assert "Sélectionnez un choix valide" in response.content.decode()


def test_a_commune_envelope_takes_projects_in_that_commune(client, budget, citizen, communes):
    bordeaux = budget.sub_budgets.get(commune=communes["bordeaux"])
    client.force_login(citizen(commune=communes["bordeaux"]))
    for fields in ({"commune": "pessac"},
                   {"latitude": MERIGNAC_POINT[0], "longitude": MERIGNAC_POINT[1]}):
        response = client.post(submit_url(budget), submission(bordeaux, **fields))
        assert "finance des projets situés à Bordeaux seulement" in response.content.decode()
    assert not Project.objects.exists()
    client.post(submit_url(budget), submission(bordeaux))
    assert Project.objects.get().commune == communes["bordeaux"]


def test_submission_closed_outside_the_submission_phase(client, make_budget, citizen):
    budget = make_budget(actions=[Action.COMMENT])
    client.force_login(citizen())
    page = client.get(submit_url(budget)).content.decode()
    assert "Le dépôt des propositions n&#x27;est pas ouvert dans cette démarche." in page
    assert "<form method=\"post\" enctype" not in page
    response = client.post(submit_url(budget), submission(metropolis(budget)))
    assert response.status_code == 403 and not Project.objects.exists()


@pytest.mark.parametrize(
    ("who", "message"),
    [("anonymous", "Connectez-vous pour participer."),
     ("unverified", "Cette action demande le niveau de vérification"),
     ("no_charter", "acceptez la charte de participation")],
)
def test_submission_needs_a_verified_account_and_the_charter(client, budget, citizen,
                                                             make_user, who, message):
    if who == "unverified":
        client.force_login(citizen(verification_level=VerificationLevel.NONE))
    elif who == "no_charter":
        client.force_login(make_user(verification_level=VerificationLevel.EMAIL))
    response = client.post(submit_url(budget), submission(metropolis(budget)))
    assert message in response.content.decode()
    assert not Project.objects.exists()


# Withdrawal ----------------------------------------------------------------------------


def test_author_withdraws_before_the_vote(client, budget, make_project, citizen):
    author = citizen()
    project = make_project(budget, author=author, status=ProjectStatus.SUBMITTED)
    url = reverse("budgets:withdraw", args=[budget.slug, project.pk])
    client.force_login(citizen())
    assert client.post(url).status_code == 404  # not theirs
    client.force_login(author)
    assert "Retirer mon projet" in client.get(project.get_absolute_url()).content.decode()
    assert client.get(url).status_code == 200
    client.post(url)
    project.refresh_from_db()
    assert project.status == ProjectStatus.WITHDRAWN
    assert AuditEntry.objects.filter(action="budget_project.withdrawn").exists()
    assert "Son porteur a retiré ce projet." in client.get(
        project.get_absolute_url()).content.decode()


def test_no_withdrawal_once_the_vote_started(client, make_budget, make_project, citizen):
    budget = make_budget(actions=[Action.VOTE])
    author = citizen()
    project = make_project(budget, author=author)
    client.force_login(author)
    response = client.post(reverse("budgets:withdraw", args=[budget.slug, project.pk]),
                           follow=True)
    assert "Ce projet ne peut plus être retiré." in response.content.decode()
    project.refresh_from_db()
    assert project.status == ProjectStatus.ELIGIBLE


# Comments ------------------------------------------------------------------------------


def comment_on(client, project, body):
    return client.post(reverse("comments:post"), {
        "content_type": ContentType.objects.get_for_model(project).pk,
        "object_id": project.pk, "body": body,
    })


def test_people_comment_on_a_project_and_its_author_hears_of_it(client, make_budget,
                                                                 make_project, citizen):
    budget = make_budget(actions=[Action.SUBMIT, Action.COMMENT])
    author = citizen()
    project = make_project(budget, author=author)
    client.force_login(citizen())
    comment_on(client, project, "Très bonne idée pour le quartier.")
    assert "Très bonne idée pour le quartier." in client.get(
        project.get_absolute_url()).content.decode()
    assert Notification.objects.filter(recipient=author).exists()
    merged = make_project(budget, status=ProjectStatus.MERGED, merged_into=project)
    comment_on(client, merged, "Et celui-ci ?")
    assert not Comment.objects.filter(object_id=merged.pk).exists()
