"""Participatory budgets in « Mon espace »: ballots with their receipt code, my projects,
and for managers the projects awaiting their review."""

from django.urls import reverse

from parvis.budgets.models import ProjectStatus

MY_SPACE = reverse("my_space")


def test_my_ballots_show_their_receipt_code(client, make_vote, voter, cast,
                                            django_assert_max_num_queries):
    client.force_login(voter)
    budget = make_vote()
    ballot = cast(budget, list(budget.projects.all()[:2]), voter=voter)
    with django_assert_max_num_queries(40) as few:
        page = client.get(MY_SPACE).content.decode()
    assert "Mes votes" in page and f"code de reçu : {ballot.receipt_code}" in page
    assert f'href="{reverse("budgets:vote_receipt", args=[budget.slug])}"' in page
    for _ in range(3):
        other = make_vote()
        cast(other, list(other.projects.all()[:1]), voter=voter)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(MY_SPACE)


def test_my_projects_show_their_status(client, make_budget, make_project, citizen):
    author = citizen()
    project = make_project(make_budget(), author=author, title="Jardin partagé",
                           status=ProjectStatus.SUBMITTED)
    client.force_login(author)
    page = client.get(MY_SPACE).content.decode()
    assert f'<a href="{project.get_absolute_url()}">Jardin partagé</a>' in page
    assert "déposé" in page


def test_a_manager_sees_the_projects_to_review(client, make_budget, make_project, manager):
    budget = make_budget()
    make_project(budget, status=ProjectStatus.SUBMITTED)
    make_project(budget, status=ProjectStatus.REVIEWING)
    make_project(budget, status=ProjectStatus.ELIGIBLE)
    client.force_login(manager)
    page = client.get(MY_SPACE).content.decode()
    assert f"2 projets à analyser : {budget.title}" in page
    assert f'href="{reverse("budgets:review", args=[budget.slug])}"' in page
