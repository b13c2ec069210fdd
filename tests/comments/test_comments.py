import html
from dataclasses import replace
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from parvis.comments.models import Comment
from parvis.core import modules
from parvis.core.services import personal_data
from parvis.core.services.accounts import delete_account
from parvis.notifications.models import Notification


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def post(client, target, body, **extra):
    data = {"content_type": ContentType.objects.get_for_model(target).pk,
            "object_id": target.pk, "body": body, **extra}
    return client.post(reverse("comments:post"), data)


def assert_comments_closed(client, target, reason: str) -> None:
    """The page says why comments are closed, and a comment posted anyway is refused."""
    assert reason in page_text(client.get(target.get_absolute_url()))
    assert reason in page_text(post(client, target, "Encore un mot"))
    assert not Comment.objects.exists()


def reply(client, comment, body):
    return client.post(reverse("comments:reply", args=[comment.pk]), {"body": body})


@pytest.fixture
def alice(client, member):
    user = member(pseudonym="Alice")
    client.force_login(user)
    return user


@pytest.mark.django_db
def test_a_comment_is_posted_and_shown_on_the_page(client, alice, debate):
    response = post(client, debate, "Le **vélo** d'abord.")
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{debate.get_absolute_url()}#commentaire-{comment.pk}"
    page = page_text(client.get(debate.get_absolute_url()))
    assert "<strong>vélo</strong>" in page
    assert "Alice" in page


@pytest.mark.django_db
def test_replies_go_two_levels_deep_then_join_the_second_level(client, alice, debate):
    post(client, debate, "Premier niveau")
    top = Comment.objects.get()
    reply(client, top, "Deuxième niveau")
    second = Comment.objects.get(depth=1)
    reply(client, second, "Troisième niveau")
    third = Comment.objects.get(depth=2)
    reply(client, third, "Réponse à la réponse de la réponse")
    deeper = Comment.objects.latest("pk")
    assert (second.parent, third.parent) == (top, second)
    assert (deeper.parent, deeper.depth) == (second, 2)
    page = page_text(client.get(debate.get_absolute_url()))
    assert page.index("Premier niveau") < page.index("Deuxième niveau") < page.index(
        "Troisième niveau")


@pytest.mark.django_db
def test_the_author_edits_within_the_window_only(client, alice, debate, settings):
    settings.COMMENTS_EDIT_WINDOW_MINUTES = 15
    post(client, debate, "Premier jet")
    comment = Comment.objects.get()
    edit_url = reverse("comments:edit", args=[comment.pk])
    assert client.post(edit_url, {"body": "Version corrigée"}).status_code == 302
    comment.refresh_from_db()
    assert comment.body == "Version corrigée" and comment.edited_at is not None

    Comment.objects.filter(pk=comment.pk).update(
        created_at=timezone.now() - timedelta(minutes=16))
    assert client.get(edit_url).status_code == 403
    response = client.post(edit_url, {"body": "Trop tard"})
    assert "ne peut plus être modifié" in page_text(response)
    assert "Trop tard" in page_text(response)  # what was typed is kept
    comment.refresh_from_db()
    assert comment.body == "Version corrigée"


@pytest.mark.django_db
def test_only_the_author_edits_or_deletes(client, member, add_comment):
    comment = add_comment(member(), "Mon avis")
    client.force_login(member())
    assert client.get(reverse("comments:edit", args=[comment.pk])).status_code == 403
    edit = client.post(reverse("comments:edit", args=[comment.pk]), {"body": "Pas le mien"})
    assert edit.status_code == 403  # refused before the form, not explained on it
    assert client.post(reverse("comments:delete", args=[comment.pk])).status_code == 403
    comment.refresh_from_db()
    assert comment.body == "Mon avis" and comment.deleted_at is None


@pytest.mark.django_db
def test_deleting_leaves_a_placeholder_and_the_replies(client, alice, member, debate,
                                                       add_comment):
    comment = add_comment(alice, "Je retire ce que j'ai dit")
    add_comment(member(pseudonym="Bruno"), "Une réponse qui reste", parent=comment)
    response = client.post(reverse("comments:delete", args=[comment.pk]))
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.body == "" and comment.deleted_at is not None
    page = page_text(client.get(debate.get_absolute_url()))
    assert "« message supprimé »" in page
    assert "Je retire" not in page
    assert "Une réponse qui reste" in page


@pytest.mark.django_db
def test_markdown_is_sanitised(client, alice, debate):
    body = ("<script>alert('x')</script>\n\n<img src=x onerror=alert(1)>\n\n"
            "[un lien](https://example.org) et [piège](javascript:alert(1))")
    post(client, debate, body)
    page = page_text(client.get(debate.get_absolute_url()))
    comment_html = page[page.index('class="comment-body"'):]
    assert "<script>alert" not in comment_html and "onerror" not in comment_html
    assert "javascript:" not in comment_html
    assert 'href="https://example.org"' in comment_html
    assert 'rel="nofollow ugc noopener noreferrer"' in comment_html


@pytest.mark.django_db
def test_hidden_comments_show_the_moderation_placeholder(client, member, debate, add_comment):
    add_comment(member(), "Propos déplacés", hidden_at=timezone.now(),
                hidden_reason="propos injurieux")
    page = page_text(client.get(debate.get_absolute_url()))
    assert "Propos déplacés" not in page
    assert "masquée par la modération : propos injurieux" in page


@pytest.mark.django_db
def test_a_person_who_has_not_accepted_the_charter_is_told_so(client, make_user, debate):
    client.force_login(make_user())
    response = post(client, debate, "Bonjour")
    assert response.status_code == 200
    assert "acceptez la charte de participation" in page_text(response)
    assert reverse("moderation:charter") in page_text(response)
    assert "Bonjour" in page_text(response)
    assert not Comment.objects.exists()


@pytest.mark.django_db
def test_the_rate_limit_is_explained(client, alice, debate, settings):
    settings.MODERATION_CONTRIBUTIONS_PER_HOUR = 1
    post(client, debate, "Un")
    response = post(client, debate, "Deux")
    assert "limite de 1 contribution par heure" in page_text(response)
    assert Comment.objects.count() == 1


@pytest.mark.django_db
def test_the_honeypot_stops_bots(client, alice, debate):
    response = post(client, debate, "Achetez !", website="http://spam.example")
    assert response.status_code == 200
    assert "n'a pas pu être publié" in page_text(response)
    assert not Comment.objects.exists()


@pytest.mark.django_db
def test_visitors_are_invited_to_log_in(client, debate):
    page = page_text(client.get(debate.get_absolute_url()))
    assert "Connectez-vous pour participer." in page
    assert 'action="/commentaires/publier/"' not in page
    response = post(client, debate, "Anonyme")
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    assert not Comment.objects.exists()


@pytest.mark.django_db
def test_comments_close_with_the_phase(client, alice, make_process, debate):
    debate.process.phases.update(actions=["vote"])
    assert_comments_closed(client, debate,
                           "Les commentaires ne sont pas ouverts dans cette démarche.")


@pytest.mark.django_db
def test_a_reply_notifies_the_parent_author_and_a_comment_the_content_author(
    client, alice, member, debate, add_comment
):
    bruno = member(pseudonym="Bruno")
    parent = add_comment(bruno, "Qu'en pensez-vous ?")
    reply(client, parent, "Plutôt d'accord")
    post(client, debate, "Et moi je réponds au débat")
    notified = sorted((n.recipient.pseudonym, n.kind, n.subject)
                      for n in Notification.objects.select_related("recipient"))
    assert notified == [
        ("Bruno", "comment_reply", "Alice a répondu à votre commentaire"),
        ("Initiatrice", "comment_reply", "Nouveau commentaire sur « Quels services tester en"
                                         " premier ? »"),
        ("Initiatrice", "comment_reply", "Nouveau commentaire sur « Quels services tester en"
                                         " premier ? »"),
    ]
    assert not Notification.objects.filter(recipient=alice).exists()


@pytest.mark.django_db
def test_query_count_does_not_grow_with_comments(client, member, debate, add_comment,
                                                 count_queries):
    authors = [member() for _ in range(3)]

    def add(count):
        for number in range(count):
            top = add_comment(authors[number % 3], f"Avis {number}")
            add_comment(authors[(number + 1) % 3], "Réponse", parent=top)

    add(5)
    few = count_queries(debate.get_absolute_url())
    add(100)
    many = count_queries(debate.get_absolute_url())
    assert few == many


@pytest.mark.django_db
def test_deleted_accounts_show_as_deleted(client, member, debate, add_comment):
    author = member(pseudonym="Partie")
    add_comment(author, "Je reste")
    delete_account(author)
    page = page_text(client.get(debate.get_absolute_url()))
    assert "Je reste" in page and "Compte supprimé" in page and "Partie" not in page


@pytest.mark.django_db
def test_others_can_flag_a_comment_but_not_their_own(client, alice, member, debate,
                                                     add_comment):
    own = add_comment(alice, "Le mien")
    other = add_comment(member(), "Celui d'un autre")
    page = page_text(client.get(debate.get_absolute_url()))
    content_type = ContentType.objects.get_for_model(Comment).pk
    assert reverse("moderation:flag", args=[content_type, other.pk]) in page
    assert reverse("moderation:flag", args=[content_type, own.pk]) not in page


@pytest.mark.django_db
def test_a_commentable_model_can_close_its_comments(client, alice, debate, monkeypatch):
    module = next(module for module in modules.all_modules() if module.app == "comments")
    closing = replace(module.commentable[0],
                      closed=lambda debate: "Les commentaires de ce débat sont fermés.")
    monkeypatch.setitem(modules._modules, "comments", replace(module, commentable=[closing]))
    assert_comments_closed(client, debate, "Les commentaires de ce débat sont fermés.")


@pytest.mark.django_db
def test_comments_are_in_the_authors_data(alice, debate, add_comment):
    add_comment(alice, "Mon avis")
    section = personal_data.export(alice)["sections"]["comments"]
    assert [item["body"] for item in section] == ["Mon avis"]
    assert section[0]["url"].startswith(debate.get_absolute_url())
