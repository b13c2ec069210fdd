from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from parvis.comments.models import Debate


@pytest.mark.django_db
def test_comments_of_a_debate_without_personal_data(client, member, debate, add_comment):
    author = member(pseudonym="Alice", email="alice@example.org", first_name="Alice",
                    last_name="Martin")
    top = add_comment(author, "Un **avis**")
    add_comment(author, "Effacé", parent=top, deleted_at=timezone.now())
    add_comment(author, "Déplacé", parent=top, hidden_at=timezone.now())
    response = client.get("/api/v1/comments",
                          {"target_type": "comments.debate", "target_id": debate.pk})
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 3
    first, deleted, hidden = data["items"]
    assert (first["author"], first["body"], first["depth"]) == ("Alice", "Un **avis**", 0)
    assert first["body_html"] == "<p>Un <strong>avis</strong></p>"
    assert first["url"].endswith(f"{debate.get_absolute_url()}#commentaire-{top.pk}")
    assert (deleted["status"], deleted["body"], deleted["author"]) == ("deleted", "", None)
    assert (hidden["status"], hidden["body"], hidden["parent"]) == ("hidden", "", top.pk)
    assert "alice@example.org" not in response.content.decode()
    assert "Martin" not in response.content.decode()


@pytest.mark.django_db
def test_comments_of_unknown_or_hidden_objects_are_not_found(client, debate):
    Debate.objects.filter(pk=debate.pk).update(hidden_at=timezone.now())
    for params in [{"target_type": "comments.debate", "target_id": debate.pk},
                   {"target_type": "core.user", "target_id": debate.author_id},
                   {"target_type": "comments.debate", "target_id": 999999}]:
        response = client.get("/api/v1/comments", params)
        assert response.status_code == 404 and response.json()["code"] == "not_found"


@pytest.mark.django_db
def test_debates_of_a_process(client, debate, member, add_comment):
    add_comment(member(), "Réponse")
    response = client.get(f"/api/v1/processes/{debate.process.slug}/debates")
    [item] = response.json()["items"]
    assert (item["title"], item["author"], item["comment_count"]) == (
        debate.title, "Initiatrice", 1)
    detail = client.get(f"/api/v1/debates/{debate.pk}").json()
    assert detail["process"] == debate.process.slug
    comments_url = urlsplit(detail["comments_url"])
    assert client.get(f"{comments_url.path}?{comments_url.query}").status_code == 200
    assert client.get("/api/v1/processes/inconnue/debates").status_code == 404
    assert client.get("/api/v1/debates/999999").status_code == 404
