"""Supports (once per person, gated by phase and verification), the threshold, official
answers and merges, with the notifications they send."""


import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.urls import reverse

from parvis.comments.services import CommentError, post_comment
from parvis.core.models import AuditEntry, Role, VerificationLevel
from parvis.ideas import services
from parvis.ideas.models import Follower, Idea, Status, Support
from parvis.notifications.models import Notification
from tests.race import race


def support_url(idea):
    return reverse("ideas:support", args=[idea.pk])


def notified(user, kind):
    return Notification.objects.filter(recipient=user, kind=kind)


@pytest.mark.django_db
def test_a_person_supports_once_and_then_follows(client, box, citizen, publish_idea):
    idea = publish_idea(box)
    supporter = citizen()
    client.force_login(supporter)
    client.post(support_url(idea))
    response = client.post(support_url(idea), follow=True)
    assert "Vous soutenez déjà cette idée" in response.content.decode()
    idea.refresh_from_db()
    assert idea.supports_count == 1 and idea.supports.count() == 1
    assert Follower.objects.filter(idea=idea, user=supporter).exists()
    assert "Vous soutenez cette idée" in client.get(idea.get_absolute_url()).content.decode()


@pytest.mark.django_db(transaction=True)
def test_concurrent_supports_by_the_same_person_store_one(concurrent_database, box, citizen,
                                                          publish_idea):
    idea = publish_idea(box)
    supporter = citizen()
    results = race(lambda _number: services.support(idea, supporter), 4)
    assert sorted(results) == [False, False, False, True]
    idea.refresh_from_db()
    assert idea.supports_count == 1 and Support.objects.filter(idea=idea).count() == 1


@pytest.mark.django_db
def test_support_needs_the_box_verification_level(client, make_box, citizen, publish_idea):
    idea = publish_idea(make_box(support_level=VerificationLevel.IN_PERSON))
    page = client.get(idea.get_absolute_url()).content.decode()
    assert "Connectez-vous pour soutenir cette idée" in page
    client.force_login(citizen(verification_level=VerificationLevel.EMAIL))
    page = client.post(support_url(idea), follow=True).content.decode()
    assert "demande le niveau de vérification : vérifiée en personne" in page
    client.force_login(citizen(verification_level=VerificationLevel.IDENTITY))
    client.post(support_url(idea))
    idea.refresh_from_db()
    assert idea.supports_count == 1


@pytest.mark.django_db
def test_support_needs_the_support_action_open(client, make_box, citizen, publish_idea):
    idea = publish_idea(make_box(actions=["submit", "comment"]))
    client.force_login(citizen())
    page = client.post(support_url(idea), follow=True).content.decode()
    assert "Les soutiens ne sont pas ouverts dans cette démarche." in page
    assert not Support.objects.exists()


@pytest.mark.django_db
def test_threshold_moves_to_study_and_notifies_managers(make_box, author, citizen, manager,
                                                       make_staff, communes, publish_idea):
    elsewhere = make_staff(Role.PROCESS_MANAGER, commune=communes["cenon"])
    idea = publish_idea(make_box(support_threshold=2))
    services.support(idea, citizen())
    assert idea.status == Status.RECEIVED and not notified(manager, "followed_update")
    services.support(idea, citizen())
    idea.refresh_from_db()
    assert idea.status == Status.STUDYING
    assert "2 soutiens" in idea.history.last().message
    assert notified(manager, "followed_update").get().url == idea.get_absolute_url()
    assert not notified(elsewhere, "followed_update").exists()
    assert notified(author, "idea_answer").exists()
    assert AuditEntry.objects.filter(action="idea.threshold_reached").count() == 1
    services.support(idea, citizen())
    assert idea.history.filter(status=Status.STUDYING).count() == 1


@pytest.mark.django_db
def test_official_answer_is_public_and_notifies_author_and_followers(
    client, box, author, citizen, manager, publish_idea
):
    idea = publish_idea(box)
    supporter = citizen()
    services.support(idea, supporter)
    client.force_login(manager)
    page = client.get(idea.get_absolute_url()).content.decode()
    assert "Réponse officielle (gestionnaires)" in page
    client.post(reverse("ideas:answer", args=[idea.pk]),
                {"status": "accepted", "message": "Retenue pour 2027."})
    idea.refresh_from_db()
    assert idea.status == Status.ACCEPTED
    assert notified(author, "idea_answer").get().message == "Retenue pour 2027."
    assert notified(supporter, "followed_update").exists()
    client.logout()
    page = client.get(idea.get_absolute_url()).content.decode()
    assert "Retenue pour 2027." in page and "Gestion" not in page


@pytest.mark.django_db
def test_not_retained_needs_a_reason(client, box, manager, publish_idea):
    idea = publish_idea(box)
    client.force_login(manager)
    url = reverse("ideas:answer", args=[idea.pk])
    response = client.post(url, {"status": "rejected", "message": " "})
    assert response.status_code == 400
    assert "Indiquez pourquoi l&#x27;idée n&#x27;est pas retenue" in response.content.decode()
    idea.refresh_from_db()
    assert idea.status == Status.RECEIVED
    client.post(url, {"status": "rejected", "message": "Hors compétence de la métropole."})
    idea.refresh_from_db()
    assert idea.status == Status.REJECTED


@pytest.mark.django_db
def test_only_managers_of_the_process_answer(client, box, citizen, make_staff, communes,
                                            publish_idea):
    idea = publish_idea(box)
    commune_manager = make_staff(Role.PROCESS_MANAGER, commune=communes["cenon"])
    for user in (citizen(), commune_manager):
        client.force_login(user)
        assert "Réponse officielle" not in client.get(idea.get_absolute_url()).content.decode()
        response = client.post(reverse("ideas:answer", args=[idea.pk]),
                               {"status": "accepted", "message": "Oui"})
        assert response.status_code == 403


@pytest.mark.django_db
def test_merge_moves_supports_and_followers_without_double_counting(
    client, box, citizen, make_staff, publish_idea
):
    kept = publish_idea(box, title="Des arceaux vélo")
    duplicate_author = citizen()
    duplicate = publish_idea(box, title="Des arceaux pour vélos", by=duplicate_author)
    both, only_kept, only_duplicate = citizen(), citizen(), citizen()
    for person in (both, only_kept):
        services.support(kept, person)
    for person in (both, only_duplicate):
        services.support(duplicate, person)
    moderator = make_staff(Role.MODERATOR)
    client.force_login(moderator)

    response = client.post(reverse("ideas:merge", args=[duplicate.pk]), {"kept": kept.pk})
    assert response.url == kept.get_absolute_url()
    kept.refresh_from_db()
    duplicate.refresh_from_db()
    assert kept.supports_count == 3 and kept.supports.count() == 3
    assert duplicate.status == Status.MERGED and duplicate.merged_into == kept
    assert duplicate.supports_count == 0
    followers = set(kept.followers.values_list("user", flat=True))
    assert {both.pk, only_kept.pk, only_duplicate.pk, duplicate_author.pk} <= followers
    assert notified(duplicate_author, "idea_answer").exists()
    assert notified(only_duplicate, "followed_update").exists()
    page = client.get(duplicate.get_absolute_url()).content.decode()
    assert f'href="{kept.get_absolute_url()}"' in page and "fusionnée" in page
    assert AuditEntry.objects.filter(action="idea.merged").get().actor == moderator


@pytest.mark.django_db
def test_merge_is_refused_across_boxes_and_for_citizens(client, make_box, citizen,
                                                       manager, publish_idea):
    first, other_box = make_box(), make_box()
    idea = publish_idea(first)
    elsewhere = publish_idea(other_box)
    client.force_login(citizen())
    assert client.post(reverse("ideas:merge", args=[idea.pk]),
                       {"kept": elsewhere.pk}).status_code == 403
    client.force_login(manager)
    response = client.post(reverse("ideas:merge", args=[idea.pk]), {"kept": elsewhere.pk})
    assert response.status_code == 400
    assert "même boîte à idées" in response.content.decode()
    assert Idea.objects.get(pk=idea.pk).status == Status.RECEIVED


@pytest.mark.django_db
def test_comments_follow_the_box_setting(client, make_box, citizen, publish_idea):
    open_idea = publish_idea(make_box())
    post_comment(open_idea, citizen(), "Je suis pour.")
    assert "Je suis pour." in client.get(open_idea.get_absolute_url()).content.decode()
    closed_idea = publish_idea(make_box(comments_open=False))
    with pytest.raises(CommentError, match="fermés dans cette boîte"):
        post_comment(closed_idea, citizen(), "Et moi ?")
    page = client.get(closed_idea.get_absolute_url()).content.decode()
    assert "Les commentaires sont fermés dans cette boîte à idées." in page


@pytest.mark.django_db
def test_a_title_with_a_line_break_is_answered_commented_and_emailed(
    client, box, author, citizen, manager, publish_idea, django_capture_on_commit_callbacks
):
    """A title stored before titles were cleaned on input (or through the back office)."""
    idea = publish_idea(box, title="Des arceaux\r\nvélo\u2028devant les écoles")
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        answered = client.post(reverse("ideas:answer", args=[idea.pk]),
                               {"status": "accepted", "message": "Retenue pour 2027."})
    assert answered.status_code == 302
    client.force_login(citizen())
    with django_capture_on_commit_callbacks(execute=True):
        commented = client.post(reverse("comments:post"), {
            "content_type": ContentType.objects.get_for_model(Idea).pk,
            "object_id": idea.pk, "body": "Je suis pour.", "website": ""})
    assert commented.status_code == 302
    subjects = [message.subject for message in mail.outbox]
    assert subjects == ["Votre idée « Des arceaux vélo devant les écoles » : retenue",
                        "Nouveau commentaire sur « Des arceaux vélo devant les écoles »"]


@pytest.mark.django_db
def test_titles_are_one_line_on_input(client, box, author):
    client.force_login(author)
    client.post(reverse("ideas:propose", args=[box.slug]), {
        "title": "Plus d'arceaux\r\n\tà vélos", "body": "Devant la médiathèque.",
        "theme": "", "commune": "", "latitude": "", "longitude": "", "website": ""})
    assert Idea.objects.get().title == "Plus d'arceaux à vélos"
