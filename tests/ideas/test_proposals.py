"""Proposing an idea through the pages: the form, the preview with similar ideas, publishing,
editing during the window, withdrawing."""

import re
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from parvis.core.models import AuditEntry, PhotoStatus
from parvis.ideas import services
from parvis.ideas.models import Idea, Status
from parvis.moderation.models import Flag
from parvis.notifications.models import Notification
from tests.reports.conftest import jpeg_with_gps

BORDEAUX = (44.8405, -0.5750)
PARIS = (48.85, 2.35)


def proposal(**fields):
    data = {"title": "Plus d'arceaux à vélos", "body": "Devant la médiathèque.",
            "theme": "", "commune": "", "latitude": "", "longitude": "", "website": ""}
    data.update(fields)
    return data


def propose_url(box):
    return reverse("ideas:propose", args=[box.slug])


@pytest.mark.django_db
def test_propose_preview_with_similar_ideas_then_publish(client, box, author, citizen,
                                                          publish_idea):
    existing = publish_idea(box, title="Des arceaux vélo devant les écoles", by=citizen())
    client.force_login(author)
    assert client.get(propose_url(box)).status_code == 200

    response = client.post(propose_url(box), proposal())
    draft = Idea.objects.get(status=Status.DRAFT)
    assert response.url == reverse("ideas:preview", args=[draft.pk])
    preview = client.get(response.url).content.decode()
    assert "Des idées proches existent peut-être déjà" in preview
    assert existing.get_absolute_url() in preview
    assert draft.title not in client.get(reverse("ideas:list")).content.decode()

    response = client.post(reverse("ideas:publish", args=[draft.pk]))
    assert response.url == draft.get_absolute_url()
    draft.refresh_from_db()
    assert draft.status == Status.RECEIVED and draft.published_at is not None
    assert draft.followers.filter(user=author).exists()
    assert AuditEntry.objects.filter(action="idea.published", target_id=str(draft.pk)).exists()
    assert "Plus d&#x27;arceaux à vélos" in client.get(reverse("ideas:list")).content.decode()


@pytest.mark.django_db
def test_draft_is_private_to_its_author(client, box, author, citizen):
    draft = services.create_draft(box, author, services.Proposal("Brouillon", "Texte"))
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(citizen())
    assert client.get(reverse("ideas:preview", args=[draft.pk])).status_code == 404
    assert client.post(reverse("ideas:publish", args=[draft.pk])).status_code == 404
    client.force_login(author)
    assert client.get(draft.get_absolute_url()).url == reverse("ideas:preview",
                                                               args=[draft.pk])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "data", "message"),
    [
        ("anonymous", {}, "Connectez-vous pour contribuer"),
        ("no_charter", {}, "acceptez la charte de participation"),
        ("author", {"website": "http://spam.example"}, "Votre demande n&#x27;a pas pu être"),
        ("author", {"title": ""}, "Ce champ est obligatoire"),
        ("author", {"body": "Voir https://a.example et https://b.example"}, "2 liens"),
    ],
)
def test_refused_proposals_are_explained_and_keep_the_text(client, box, author, make_user,
                                                          who, data, message):
    users = {"author": author, "no_charter": make_user()}
    if who in users:
        client.force_login(users[who])
    response = client.post(propose_url(box), proposal(**data))
    body = response.content.decode()
    assert response.status_code == 200 and message in body
    assert "Devant la médiathèque" in body or "b.example" in body
    assert not Idea.objects.exists()


@pytest.mark.django_db
def test_proposing_needs_the_submit_action_open(client, make_box, author):
    box = make_box(actions=["comment"])
    client.force_login(author)
    body = client.get(propose_url(box)).content.decode()
    assert "n&#x27;est pas ouvert dans cette démarche" in body and "<textarea" not in body
    client.post(propose_url(box), proposal())
    assert not Idea.objects.exists()


@pytest.mark.django_db
def test_point_outside_the_territory_is_refused_and_inside_gives_the_commune(
    client, box, author, communes
):
    client.force_login(author)
    response = client.post(propose_url(box), proposal(latitude=PARIS[0], longitude=PARIS[1]))
    assert "en dehors du territoire" in response.content.decode()
    client.post(propose_url(box), proposal(latitude=BORDEAUX[0], longitude=BORDEAUX[1]))
    assert Idea.objects.get().commune == communes["bordeaux"]


@pytest.mark.django_db
def test_a_process_about_some_communes_takes_ideas_about_them_only(make_box, author,
                                                                  communes):
    box = make_box(communes=[communes["cenon"]])
    with pytest.raises(services.IdeaError, match="Cenon"):
        services.create_draft(box, author, services.Proposal(
            "Titre", "Texte", commune=communes["pessac"]))
    idea = services.create_draft(box, author, services.Proposal(
        "Titre", "Texte", commune=communes["cenon"]))
    assert idea.commune == communes["cenon"]


@pytest.mark.django_db
def test_image_is_re_encoded_without_metadata(client, box, author):
    client.force_login(author)
    upload = SimpleUploadedFile("photo.jpg", jpeg_with_gps(), content_type="image/jpeg")
    client.post(propose_url(box), {**proposal(), "image": upload})
    idea = Idea.objects.get()
    with Image.open(idea.image) as image:
        assert image.format == "JPEG" and not image.getexif()
    with Image.open(idea.thumbnail) as thumbnail:
        assert max(thumbnail.size) <= 320
    fake = SimpleUploadedFile("photo.jpg", b"not an image", content_type="image/jpeg")
    response = client.post(propose_url(box), {**proposal(), "image": fake})
    assert "pas une image lisible" in response.content.decode()


@pytest.mark.django_db
def test_the_image_is_kept_when_the_form_is_refused(client, box, author):
    client.force_login(author)
    upload = SimpleUploadedFile("velo.jpg", jpeg_with_gps(), content_type="image/jpeg")
    page = client.post(propose_url(box), {**proposal(latitude=PARIS[0], longitude=PARIS[1]),
                                          "image": upload}).content.decode()
    assert "en dehors du territoire" in page and not Idea.objects.exists()
    assert "Photo conservée : velo.jpg" in page
    token = re.search(r'name="image_token" value="([^"]+)"', page).group(1)

    client.post(propose_url(box), {**proposal(), "image_token": token})
    idea = Idea.objects.get()
    assert idea.photo_status == PhotoStatus.READY
    with Image.open(idea.image) as image:
        assert image.format == "JPEG" and not image.getexif()


@pytest.mark.django_db
def test_markdown_body_is_sanitised(client, box, publish_idea):
    idea = publish_idea(box, body="**Important** <script>alert(1)</script>")
    body = client.get(idea.get_absolute_url()).content.decode()
    assert "<strong>Important</strong>" in body and "<script>alert" not in body


@pytest.mark.django_db
def test_author_edits_during_the_window_only(client, make_box, author, publish_idea):
    idea = publish_idea(make_box(edit_window_hours=2))
    client.force_login(author)
    edit_url = reverse("ideas:edit", args=[idea.pk])
    assert client.get(edit_url).status_code == 200
    client.post(edit_url, proposal(title="Des arceaux vélo et des abris"))
    idea.refresh_from_db()
    assert idea.title == "Des arceaux vélo et des abris" and idea.edited_at is not None

    Idea.objects.filter(pk=idea.pk).update(published_at=timezone.now() - timedelta(hours=3))
    assert client.get(edit_url).url == idea.get_absolute_url()
    client.post(edit_url, proposal(title="Trop tard"))
    idea.refresh_from_db()
    assert idea.title == "Des arceaux vélo et des abris"


@pytest.mark.django_db
def test_only_the_author_edits(client, box, citizen, publish_idea):
    idea = publish_idea(box)
    client.force_login(citizen())
    assert client.get(reverse("ideas:edit", args=[idea.pk])).status_code == 404


@pytest.mark.django_db
def test_an_answered_idea_cannot_be_edited(box, author, manager, publish_idea):
    idea = publish_idea(box)
    services.answer(idea, manager, Status.STUDYING)
    with pytest.raises(services.IdeaError):
        services.edit(idea, author, services.Proposal("Nouveau", "Texte"))


@pytest.mark.django_db
def test_author_withdraws_and_supporters_are_told(client, box, author, citizen, publish_idea):
    idea = publish_idea(box)
    supporter = citizen()
    services.support(idea, supporter)
    client.force_login(author)
    withdraw_url = reverse("ideas:withdraw", args=[idea.pk])
    assert "définitif" in client.get(withdraw_url).content.decode()
    client.post(withdraw_url)
    idea.refresh_from_db()
    assert idea.status == Status.WITHDRAWN
    assert Notification.objects.filter(recipient=supporter, kind="followed_update").exists()
    assert idea.title not in client.get(reverse("ideas:list")).content.decode()
    assert "Son auteur a retiré cette idée" in client.get(idea.get_absolute_url()).content.decode()
    with pytest.raises(services.IdeaError, match="ne peut plus recevoir"):
        services.support(idea, citizen())



@pytest.mark.django_db
def test_a_draft_cannot_be_read_or_flagged_through_the_flag_form(client, box, author, citizen):
    draft = services.create_draft(box, author, services.Proposal("Brouillon", "Secret"))
    url = reverse("moderation:flag", args=[ContentType.objects.get_for_model(Idea).pk,
                                           draft.pk])
    client.force_login(citizen())
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": "spam", "details": ""}).status_code == 404
    assert not Flag.objects.exists()
