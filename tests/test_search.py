"""The site's search: processes, ideas, budget projects, events, consultations, calls for
projects and the site's pages, whatever the accents and case typed; never what the reader
may not see; a bounded number of queries."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from parvis.agenda.models import Event
from parvis.budgets.models import Budget, Project, ProjectStatus, SubBudget
from parvis.calls.models import Call
from parvis.consultations.models import Consultation
from parvis.core import modules
from parvis.core.search import LIMIT, Result
from parvis.ideas import search as idea_search
from parvis.ideas.models import Idea, IdeaBox, Status

SEARCH = reverse("search")
DAY = timedelta(days=1)


def found(client, query) -> str:
    response = client.get(SEARCH, {"q": query})
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def content(make_process, citizen):
    """One of each kind of content, all about « l'éclairage »."""
    now = timezone.now()
    process = make_process(title="Éclairage des quais", slug="eclairage")
    box = IdeaBox.objects.create(process=process, title="Boîte", slug="boite")
    idea = Idea.objects.create(box=box, author=citizen(), title="Un éclairage plus doux",
                               body="La nuit.", status=Status.RECEIVED, published_at=now)
    idea_search.index(idea)
    budget = Budget.objects.create(process=process, title="Budget", slug="budget",
                                   amount=100_000)
    sub_budget = SubBudget.objects.create(budget=budget, name="Toute la métropole",
                                          amount=100_000)
    Project.objects.create(budget=budget, sub_budget=sub_budget, title="Lampadaires solaires",
                           description="Un ÉCLAIRAGE autonome.", estimated_cost=1000,
                           status=ProjectStatus.ELIGIBLE)
    Event.objects.create(title="Balade de l'éclairage nocturne", slug="balade",
                         starts_at=now + DAY, ends_at=now + 2 * DAY, place_name="Quai",
                         is_published=True)
    Consultation.objects.create(title="Votre avis sur l'eclairage", slug="avis",
                                opens_at=now - DAY, closes_at=now + DAY, is_published=True)
    Call.objects.create(
        process=process, title="Appel Éclairage solidaire", slug="appel", description="Aide.",
        eligibility="Associations", launched_at=now - DAY, deadline=now + DAY,
        jury_at=(now + 2 * DAY).date(), decision_at=(now + 3 * DAY).date(),
        start_at=(now + 4 * DAY).date(), evaluation_at=(now + 300 * DAY).date(),
        is_published=True,
    )
    return process


@pytest.mark.parametrize("query", ["eclairage", "ÉCLAIRAGE", "  Éclairage  "])
def test_every_kind_of_content_is_found_whatever_the_accents(client, content, query):
    page = found(client, query)
    for title in ["Éclairage des quais", "Un éclairage plus doux", "Lampadaires solaires",
                  "Balade de l&#x27;éclairage nocturne", "Votre avis sur l&#x27;eclairage",
                  "Appel Éclairage solidaire"]:
        assert title in page, title


def test_every_word_must_match(client, content):
    page = found(client, "éclairage quais")
    assert "Éclairage des quais" in page and "Lampadaires solaires" not in page


def test_the_site_pages_are_found(client, db):
    page = found(client, "mentions legales")
    assert f'href="{reverse("legal")}"' in page
    assert f'href="{reverse("moderation:charter")}"' in found(client, "charte")


def test_unpublished_content_never_appears(client, make_process, manager):
    make_process(title="Éclairage en préparation", published=False)
    Event.objects.create(title="Éclairage caché", slug="cache", starts_at=timezone.now(),
                         ends_at=timezone.now() + DAY, place_name="Quai", is_published=False)
    page = found(client, "eclairage")
    assert "Éclairage en préparation" not in page and "Éclairage caché" not in page
    client.force_login(manager)  # who manages the draft finds it
    assert "Éclairage en préparation" in found(client, "eclairage")


def test_a_process_reserved_to_a_panel_stays_out_for_others(client, make_process,
                                                            reserve_for_panel):
    reserve_for_panel(make_process(title="Éclairage des membres"))
    assert "Éclairage des membres" not in found(client, "eclairage")


def test_a_short_or_empty_query_asks_for_more(client, db):
    assert "Tapez au moins deux caractères." in found(client, "a")
    assert "résultat" not in client.get(SEARCH).content.decode()


def test_a_module_answers_through_its_search_hook(client, db, register_module):
    register_module(search=lambda query, user: [Result("Essai", f"Trouvé : {query}", "/")])
    assert "Trouvé : vélo" in found(client, "vélo")


def test_the_queries_do_not_grow_with_the_results(client, make_process,
                                                  django_assert_max_num_queries):
    for number in range(LIMIT + 5):
        make_process(title=f"Vélo {number}")
    expected = len(modules.all_modules()) + 8
    with django_assert_max_num_queries(expected):
        page = found(client, "velo")
    assert page.count("Vélo ") == LIMIT
