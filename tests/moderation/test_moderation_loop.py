import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from parvis.comments.models import Comment
from parvis.core.models import AuditEntry
from parvis.moderation.models import Appeal, Decision, Flag, ModeratedItem
from parvis.notifications.models import Notification

from .conftest import flag, flag_url, page_text

QUEUE = reverse("moderation:queue")


def item_url(content):
    item = ModeratedItem.objects.get(
        content_type=ContentType.objects.get_for_model(content), object_id=content.pk
    )
    return reverse("moderation:item", args=[item.pk])


def decide(client, content, action, reason=""):
    return client.post(item_url(content), {"action": action, f"{action}-reason": reason})


def render_flag_button(user, content):
    request = RequestFactory().get("/")
    request.user = user
    template = Template("{% load moderation %}{% flag_button content %}")
    return template.render(Context({"request": request, "content": content}))


@pytest.fixture
def flagged(client, comment, make_user):
    """The comment flagged by someone; the client is left signed out."""
    client.force_login(make_user())
    flag(client, comment, "insulting", "Des insultes envers un voisin.")
    client.logout()
    return comment


def test_the_flag_link_is_offered_to_signed_in_people_other_than_the_author(
        comment, author, make_user):
    link = render_flag_button(make_user(), comment)
    assert f'href="{flag_url(comment)}"' in link
    assert "Signaler" in link and "commentaire" in link
    assert render_flag_button(author, comment).strip() == ""
    assert render_flag_button(AnonymousUser(), comment).strip() == ""


@pytest.mark.django_db
def test_flagging_needs_an_account(client, comment):
    response = flag(client, comment)
    assert response["Location"].startswith(reverse("accounts:login"))
    assert not Flag.objects.exists()


def test_a_flag_returns_to_the_contribution_and_counts_once_per_person(
        client, comment, make_user):
    client.force_login(make_user())
    form = page_text(client.get(flag_url(comment)))
    assert "Un texte qui enfreint la charte." in form
    assert "Données personnelles d'autrui" in form
    response = flag(client, comment, "spam")
    assert response["Location"] == comment.get_absolute_url()
    again = flag(client, comment, "insulting")
    assert "déjà signalé cette contribution" in page_text(client.get(again["Location"]))
    assert Flag.objects.get().reason == "spam"
    assert AuditEntry.objects.filter(action="moderation.flagged").count() == 1


def test_other_reason_needs_details(client, comment, make_user):
    client.force_login(make_user())
    response = flag(client, comment, "other")
    assert response.status_code == 200
    assert "Précisez le motif de votre signalement." in page_text(response)
    assert not Flag.objects.exists()


def test_the_author_cannot_flag_their_own_contribution(client, comment, author):
    client.force_login(author)
    response = flag(client, comment)
    assert "votre propre contribution" in page_text(client.get(response["Location"]))
    assert not Flag.objects.exists()


def test_the_queue_is_scoped_to_the_moderators_communes(client, flagged, moderator, make_user):
    for allowed in (moderator("talence"), moderator()):
        client.force_login(allowed)
        page = page_text(client.get(QUEUE))
        assert "Un texte qui enfreint la charte." in page
        assert "Propos injurieux, haineux ou irrespectueux (1)" in page
        assert client.get(item_url(flagged)).status_code == 200
    client.force_login(moderator("cenon"))
    page = page_text(client.get(QUEUE))
    assert "Un texte qui enfreint la charte." not in page
    assert "Rien à traiter" in page
    assert client.get(item_url(flagged)).status_code == 403
    assert decide(client, flagged, "hide", "Injures").status_code == 403
    client.force_login(make_user())
    assert client.get(QUEUE).status_code == 403
    assert client.get(item_url(flagged)).status_code == 403
    client.logout()
    assert client.get(QUEUE)["Location"].startswith(reverse("accounts:login"))


def test_hide_appeal_once_restore(client, flagged, author, moderator, make_user):
    debate_page = flagged.get_absolute_url().split("#")[0]
    talence = moderator("talence")
    client.force_login(talence)

    refused = decide(client, flagged, "hide", "")
    assert refused.status_code == 200
    assert "Ce champ est obligatoire." in page_text(refused)
    assert decide(client, flagged, "hide", "Propos injurieux envers un voisin")["Location"] == QUEUE

    flagged.refresh_from_db()
    assert flagged.is_hidden and flagged.hidden_by == talence
    assert "Rien à traiter" in page_text(client.get(QUEUE))
    assert "Un texte qui enfreint la charte." in page_text(client.get(QUEUE, {"etat": "masquees"}))
    assert AuditEntry.objects.filter(action="moderation.hide", actor=talence).exists()
    assert not Flag.objects.filter(closed_at=None).exists()
    notice = Notification.objects.get(recipient=author, kind="moderation")
    assert "Propos injurieux envers un voisin" in notice.message
    appeal_url = notice.url
    assert appeal_url == reverse("moderation:appeal", args=[ModeratedItem.objects.get().pk])

    client.logout()
    public = page_text(client.get(debate_page))
    assert ("Contribution masquée par la modération : Propos injurieux envers un voisin"
            in public)
    assert "Un texte qui enfreint la charte." not in public

    client.force_login(make_user())
    assert client.get(appeal_url).status_code == 404
    client.force_login(author)
    assert "Faire un recours" in page_text(client.get(appeal_url))
    client.post(appeal_url, {"text": "C'était une citation, pas une insulte."})
    second = page_text(client.post(appeal_url, {"text": "J'insiste."}))
    assert "déjà fait un recours pour cette contribution : un seul est possible" in second
    assert "Faire un recours" not in second
    assert Appeal.objects.get().text == "C'était une citation, pas une insulte."

    client.force_login(moderator())
    queue = page_text(client.get(QUEUE))
    assert "Recours en attente" in queue
    page = page_text(client.get(item_url(flagged)))
    assert "C'était une citation, pas une insulte." in page
    decide(client, flagged, "restore", "Citation mal comprise.")

    flagged.refresh_from_db()
    assert not flagged.is_hidden and flagged.hidden_reason == ""
    assert Appeal.objects.get().decided_at is not None
    assert "Rien à traiter" in page_text(client.get(QUEUE))
    restored = Notification.objects.filter(recipient=author, kind="moderation").first()
    assert restored.subject == "Votre contribution a été rétablie"
    assert "Citation mal comprise." in restored.message
    client.logout()
    assert "Un texte qui enfreint la charte." in page_text(client.get(debate_page))
    assert list(Decision.objects.order_by("created_at").values_list("action", flat=True)) == [
        "hide", "restore"]


def test_an_appeal_can_be_rejected_with_a_reason(client, flagged, author, moderator):
    talence = moderator("talence")
    client.force_login(talence)
    decide(client, flagged, "hide", "Injures")
    appeal_url = reverse("moderation:appeal", args=[ModeratedItem.objects.get().pk])
    client.force_login(author)
    client.post(appeal_url, {"text": "Je conteste."})
    client.force_login(talence)
    assert "laissez une autre personne" in page_text(client.get(item_url(flagged)))

    client.force_login(moderator())
    assert "laissez une autre personne" not in page_text(client.get(item_url(flagged)))
    refused = decide(client, flagged, "uphold", "")
    assert "Ce champ est obligatoire." in page_text(refused)
    decide(client, flagged, "uphold", "Les injures sont avérées.")
    flagged.refresh_from_db()
    assert flagged.is_hidden
    latest = Notification.objects.filter(recipient=author).first()
    assert latest.subject == "Votre recours a été examiné"
    assert "Les injures sont avérées." in latest.message
    client.force_login(author)
    page = page_text(client.get(appeal_url))
    assert "Examiné le" in page
    assert "Faire un recours" not in page


def test_dismissing_flags_keeps_the_contribution(client, flagged, author, moderator):
    client.force_login(moderator("talence"))
    decide(client, flagged, "dismiss")
    flagged.refresh_from_db()
    assert not flagged.is_hidden
    assert Flag.objects.get().closed_at is not None
    assert "Rien à traiter" in page_text(client.get(QUEUE))
    assert AuditEntry.objects.filter(action="moderation.dismiss").exists()
    assert not Notification.objects.filter(recipient=author).exists()


def test_hidden_contributions_cannot_be_flagged_and_offer_no_link(
        client, flagged, moderator, make_user):
    client.force_login(moderator("talence"))
    decide(client, flagged, "hide", "Injures")
    flagged.refresh_from_db()
    someone = make_user()
    assert render_flag_button(someone, flagged).strip() == ""
    client.force_login(someone)
    response = flag(client, flagged, "spam")
    assert "déjà masquée" in page_text(client.get(response["Location"]))
    assert Flag.objects.filter(reporter=someone).count() == 0


@pytest.mark.django_db
def test_unregistered_or_missing_content_cannot_be_flagged(client, make_user, comment):
    client.force_login(make_user())
    user_type = ContentType.objects.get_for_model(make_user())
    assert client.get(reverse("moderation:flag", args=[user_type.pk, 1])).status_code == 404
    comment_type = ContentType.objects.get_for_model(comment)
    missing = reverse("moderation:flag", args=[comment_type.pk, comment.pk + 100])
    assert client.get(missing).status_code == 404


def test_the_queue_lists_the_latest_flagged_first(client, debate, author, make_user, moderator):
    older, newer = (
        Comment.objects.create(content_type=ContentType.objects.get_for_model(debate),
                               object_id=debate.pk, author=author, body=body)
        for body in ("Premier message signalé", "Second message signalé")
    )
    client.force_login(make_user())
    flag(client, newer, "spam")
    flag(client, older, "spam")
    client.force_login(moderator())
    page = page_text(client.get(QUEUE))
    assert page.index("Premier message signalé") < page.index("Second message signalé")


@pytest.mark.django_db
def test_the_flag_form_shows_only_what_its_own_page_shows(client, comment, make_user):
    """A debate and its comments in a process not yet published: 404, nothing flagged."""
    debate = comment.target
    debate.process.is_published = False
    debate.process.save()
    client.force_login(make_user())
    for content in (debate, comment):
        assert client.get(flag_url(content)).status_code == 404
        assert flag(client, content).status_code == 404
    assert not Flag.objects.exists()
