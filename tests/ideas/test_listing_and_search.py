"""The listings (sorts, filters, random order per visitor, query counts) and the full-text
search with French stemming, on the database the suite runs on (SQLite or PostgreSQL)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from parvis.comments.services import post_comment
from parvis.ideas import search, services
from parvis.ideas.models import Idea, Status
from parvis.ideas.selectors import DEFAULT_SORT

LIST = reverse("ideas:list")


def titles(response) -> list[str]:
    return [idea.title for idea in response.context["page_obj"]]


def bulk_ideas(box, author, count, start=0):
    now = timezone.now()
    Idea.objects.bulk_create(
        Idea(box=box, author=author, title=f"Idée {n}", body="…", status=Status.RECEIVED,
             published_at=now, supports_count=n % 5)
        for n in range(start, start + count)
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("vélos", True),          # plural typed, singular written
        ("velo", True),           # no accent
        ("arceaux", True),        # -aux plural
        ("écoles", True),
        ("Des pistes cyclables", False),
    ],
)
def test_search_uses_french_stemming(box, publish_idea, typed, found):
    idea = publish_idea(box, title="Un arceau vélo devant l'école", body="Attacher son vélo.")
    assert (idea in search.matching(Idea.objects.all(), typed)) is found


@pytest.mark.django_db
def test_search_follows_edits_and_needs_every_word(box, author, publish_idea):
    idea = publish_idea(box, title="Un arceau vélo")
    services.edit(idea, author, services.Proposal("Des bancs au soleil", "Pour se reposer."))
    assert list(search.matching(Idea.objects.all(), "banc soleil")) == [idea]
    assert not search.matching(Idea.objects.all(), "vélo").exists()
    assert not search.matching(Idea.objects.all(), "banc piscine").exists()
    assert not search.matching(Idea.objects.all(), "de la").exists()  # stop words only


@pytest.mark.django_db
def test_similar_ideas_while_typing(client, make_box, box, citizen, publish_idea):
    close = publish_idea(box, title="Des vélos en libre-service")
    closer = publish_idea(box, title="Vélos en libre-service la nuit", body="Vélos la nuit.")
    publish_idea(box, title="Des bancs au soleil", body="Pour se reposer.")
    publish_idea(make_box(), title="Des vélos en libre-service partout")
    hidden = publish_idea(box, title="Vélo libre-service caché")
    Idea.objects.filter(pk=hidden.pk).update(hidden_at=timezone.now())
    services.create_draft(box, citizen(), services.Proposal("Vélo libre-service", "Brouillon"))

    url = reverse("ideas:similar", args=[box.slug])
    ideas = client.get(url, {"q": "un vélo la nuit"}).json()["ideas"]
    assert [idea["id"] for idea in ideas] == [closer.pk, close.pk]
    assert ideas[0]["url"] == closer.get_absolute_url() and ideas[0]["status_label"] == "reçue"
    assert client.get(url, {"q": ""}).json() == {"ideas": []}
    assert client.get(url, {"q": "<script> \" OR * NEAR("}).status_code == 200


@pytest.mark.django_db
def test_search_box_and_filters_of_the_listing(client, box, theme, communes, publish_idea,
                                               manager):
    cycling = publish_idea(box, title="Des arceaux vélo", theme=theme,
                           commune=communes["bordeaux"])
    benches = publish_idea(box, title="Des bancs", commune=communes["pessac"])
    services.answer(benches, manager, Status.ACCEPTED, "Oui")
    assert titles(client.get(LIST, {"q": "vélos"})) == [cycling.title]
    assert titles(client.get(LIST, {"theme": "mobilites"})) == [cycling.title]
    assert titles(client.get(LIST, {"commune": "pessac"})) == [benches.title]
    assert titles(client.get(LIST, {"status": "accepted"})) == [benches.title]
    box_page = client.get(box.get_absolute_url(), {"q": "banc"})
    assert titles(box_page) == [benches.title]
    response = client.get(LIST, {"commune": "atlantis", "sort": "sideways"})
    assert response.status_code == 200 and len(titles(response)) == 2


@pytest.mark.django_db
def test_sorts(client, box, citizen, publish_idea):
    old, supported, commented = (publish_idea(box, title=title)
                                 for title in ("Ancienne", "Soutenue", "Commentée"))
    services.support(supported, citizen())
    post_comment(commented, citizen(), "Bonne idée !")
    assert titles(client.get(LIST, {"sort": "newest"})) == ["Commentée", "Soutenue", "Ancienne"]
    assert titles(client.get(LIST, {"sort": "supports"}))[0] == "Soutenue"
    assert titles(client.get(LIST, {"sort": "comments"}))[0] == "Commentée"
    assert "1 commentaire" in client.get(LIST).content.decode()


def seeded_client(client_class, seed):
    client = client_class()
    session = client.session
    session["ideas_seed"] = seed
    session.save()
    return client


@pytest.mark.django_db
def test_random_order_is_stable_for_a_visitor_and_differs_between_visitors(
    client, box, author
):
    assert DEFAULT_SORT == "random"
    bulk_ideas(box, author, 30)
    first = seeded_client(type(client), 11)
    pages = [titles(first.get(LIST, {"page": page})) for page in (1, 2)]
    assert sorted(pages[0] + pages[1]) == sorted(f"Idée {n}" for n in range(30))
    assert titles(first.get(LIST, {"page": 1})) == pages[0]
    other = seeded_client(type(client), 12)
    assert titles(other.get(LIST, {"page": 1})) != pages[0]
    assert pages[0] != sorted(pages[0], key=lambda title: int(title.split()[1]))


@pytest.mark.django_db
def test_a_visitor_gets_a_seed_kept_in_the_session(client, box, publish_idea):
    publish_idea(box)
    client.get(LIST)
    seed = client.session["ideas_seed"]
    client.get(box.get_absolute_url())
    assert client.session["ideas_seed"] == seed


@pytest.mark.django_db
@pytest.mark.parametrize("sort", ["random", "supports", "comments"])
def test_listing_queries_do_not_grow_with_ideas(client, count_queries, box, author, sort):
    bulk_ideas(box, author, 10)
    client.get(LIST)  # the session and its seed exist from now on
    pages = [(LIST, {"sort": sort}), (box.get_absolute_url(), {"sort": sort}),
             (reverse("ideas:boxes"), {}), ("/api/v1/ideas", {"sort": "supports"})]
    few = [count_queries(url, **params) for url, params in pages]
    bulk_ideas(box, author, 990, start=10)
    assert [count_queries(url, **params) for url, params in pages] == few
