"""What leaves the platform about ideas: pages, API and exports carry no personal data;
a person's own data download and account deletion."""

import csv
import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from parvis.core.services import personal_data
from parvis.core.services.accounts import delete_account
from parvis.ideas import services
from parvis.ideas.models import Idea, Status, Support

PRIVATE = ["jeanne.secret@example.org", "Jeanne", "Secret"]


def streamed(response) -> str:
    return b"".join(response.streaming_content).decode()


@pytest.fixture
def answered(box, author, citizen, manager, publish_idea):
    idea = publish_idea(box, title="Un composteur partagé", body="Dans le square.")
    services.support(idea, citizen(email="soutien@example.org"))
    services.answer(idea, manager, Status.ACCEPTED, "Retenue : installation en mai.")
    return idea


@pytest.mark.django_db
def test_pages_api_and_exports_show_no_personal_data(client, box, answered):
    urls = [
        reverse("ideas:list"), box.get_absolute_url(), answered.get_absolute_url(),
        "/api/v1/ideas", f"/api/v1/ideas/{answered.pk}",
    ]
    texts = [client.get(url).content.decode() for url in urls]
    texts += [streamed(client.get(reverse(name, args=[box.slug])))
              for name in ("ideas:export_csv", "ideas:export_json")]
    for text in texts:
        assert not any(value in text for value in [*PRIVATE, "soutien@example.org"]), text
    assert "Autrice" in texts[2] and "Autrice" in texts[4]
    assert all("Autrice" not in text for text in texts[5:])


@pytest.mark.django_db
def test_a_name_shown_by_choice_is_the_public_name(client, box, author, publish_idea):
    author.show_real_name = True
    author.save()
    idea = publish_idea(box)
    assert "Jeanne Secret" in client.get(idea.get_absolute_url()).content.decode()
    assert "jeanne.secret@example.org" not in client.get(idea.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_api_lists_and_details_public_ideas_with_their_answers(client, box, theme, answered,
                                                              publish_idea):
    other = publish_idea(box, title="Des arceaux vélo", theme=theme)
    body = client.get("/api/v1/ideas", {"box": box.slug, "sort": "supports"}).json()
    assert body["count"] == 2 and [item["id"] for item in body["items"]] == [answered.pk,
                                                                            other.pk]
    assert body["items"][0]["supports_count"] == 1
    assert client.get("/api/v1/ideas", {"q": "vélos"}).json()["items"][0]["id"] == other.pk
    assert client.get("/api/v1/ideas", {"theme": "mobilites"}).json()["count"] == 1
    detail = client.get(f"/api/v1/ideas/{answered.pk}").json()
    assert detail["status"] == "accepted" and detail["author"] == "Autrice"
    assert [step["status"] for step in detail["history"]] == ["received", "accepted"]
    assert detail["history"][-1]["message"] == "Retenue : installation en mai."
    assert client.get("/api/v1/ideas", {"box": "inconnue"}).status_code == 404
    assert client.get("/api/v1/ideas", {"status": "draft"}).status_code == 422
    assert client.get("/api/v1/idea-boxes").json()["items"][0]["slug"] == box.slug


@pytest.mark.django_db
def test_hidden_ideas_and_drafts_stay_out_of_api_and_exports(client, box, author, answered):
    Idea.objects.filter(pk=answered.pk).update(hidden_at=timezone.now())
    draft = services.create_draft(box, author, services.Proposal("Brouillon", "Texte"))
    assert client.get("/api/v1/ideas").json()["count"] == 0
    for idea in (answered, draft):
        assert client.get(f"/api/v1/ideas/{idea.pk}").status_code == 404
    export = streamed(client.get(reverse("ideas:export_json", args=[box.slug])))
    assert json.loads(export)["idees"] == []
    assert client.get(answered.get_absolute_url()).status_code == 404
    client.force_login(author)
    assert "masquée par la modération" in client.get(answered.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_exports_of_a_box(client, box, answered):
    Idea.objects.filter(pk=answered.pk).update(body='@SUM(1+1)*cmd|" /C calc"!A0')
    rows = list(csv.DictReader(io.StringIO(streamed(
        client.get(reverse("ideas:export_csv", args=[box.slug]))))))
    assert [(row["titre"], row["statut"], row["soutiens"]) for row in rows] == [
        ("Un composteur partagé", "accepted", "1")
    ]
    assert rows[0]["derniere_reponse"] == "Retenue : installation en mai."
    assert rows[0]["description"] == "'@SUM(1+1)*cmd|\" /C calc\"!A0"  # text, not a formula
    data = json.loads(streamed(client.get(reverse("ideas:export_json", args=[box.slug]))))
    assert data["idees"][0]["id"] == answered.pk and data["boite"] == box.title


@pytest.mark.django_db
def test_my_data_includes_my_ideas_and_supports(author, answered):
    supporter = answered.supports.get().user
    sections = personal_data.export(author)["sections"]
    assert sections["ideas"][0]["title"] == "Un composteur partagé"
    assert sections["followed_ideas"] == [answered.pk]
    assert personal_data.export(supporter)["sections"]["idea_supports"][0]["idea"] == answered.pk


@pytest.mark.django_db
def test_account_deletion_keeps_ideas_and_supports_anonymous(client, box, author, answered):
    draft = services.create_draft(box, author, services.Proposal("Brouillon", "Texte"))
    supporter = answered.supports.get().user
    delete_account(author)
    delete_account(supporter)
    page = client.get(answered.get_absolute_url()).content.decode()
    assert "Compte supprimé" in page and "Autrice" not in page
    answered.refresh_from_db()
    assert answered.supports_count == 1 and answered.supports.get().user is None
    assert not Support.objects.filter(user=supporter).exists()
    assert not Idea.objects.filter(pk=draft.pk).exists()
    assert not answered.followers.filter(user__in=[author, supporter]).exists()
