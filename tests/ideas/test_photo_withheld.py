"""The photo of a contribution hidden by moderation leaves the public storage: the address
people saw answers no more, until the contribution is shown again."""

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from parvis.core.files import private_storage
from parvis.core.models import Role
from parvis.core.services import photos
from parvis.ideas.models import Idea
from parvis.moderation import services as moderation
from tests.reports.conftest import jpeg_with_gps

from .test_proposals import proposal, propose_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def idea(client, box, author):
    """A published idea with an image, signed out."""
    client.force_login(author)
    upload = SimpleUploadedFile("banc.jpg", jpeg_with_gps(), content_type="image/jpeg")
    client.post(propose_url(box), {**proposal(), "image": upload})
    draft = Idea.objects.get()
    client.post(reverse("ideas:publish", args=[draft.pk]))
    client.logout()
    return Idea.objects.get()


@pytest.fixture
def moderator(make_staff):
    return make_staff(Role.MODERATOR)


def files(idea) -> list[str]:
    return [idea.image.name, idea.thumbnail.name]


def where(names) -> set[str]:
    return {("public" if default_storage.exists(name) else "")
            + ("private" if private_storage().exists(name) else "") for name in names}


def api_image(client, idea):
    return client.get(f"/api/v1/ideas/{idea.pk}").json()


def test_hiding_moves_the_photo_out_of_the_public_storage_and_restoring_brings_it_back(
        client, idea, moderator, author):
    names = files(idea)
    page = client.get(idea.get_absolute_url()).content.decode()
    assert idea.thumbnail.url in page and where(names) == {"public"}
    assert api_image(client, idea)["thumbnail_url"].endswith(idea.thumbnail.url)

    item = moderation.item_for(idea)
    moderation.hide(moderator, item, "Le visage d'un passant est reconnaissable.")
    idea.refresh_from_db()
    assert idea.photo_withheld and files(idea) == names
    assert where(names) == {"private"}
    client.force_login(author)  # the author still reads the page of their hidden idea
    page = client.get(idea.get_absolute_url()).content.decode()
    assert idea.thumbnail.url not in page
    assert "Photo retirée du public tant que la contribution est masquée" in page

    moderation.restore(moderator, item)
    idea.refresh_from_db()
    assert not idea.photo_withheld and where(names) == {"public"}
    assert idea.thumbnail.url in client.get(idea.get_absolute_url()).content.decode()


def test_a_photo_hidden_before_moves_existed_is_moved_by_the_sweep(idea, moderator):
    names = files(idea)
    Idea.objects.filter(pk=idea.pk).update(hidden_at=timezone.now(), hidden_reason="Spam")
    assert where(names) == {"public"}

    assert photos.recover(timezone.now()) == 1
    idea.refresh_from_db()
    assert idea.photo_withheld and where(names) == {"private"}
    assert photos.recover(timezone.now()) == 0  # in place: nothing more to do


def test_a_move_cut_short_is_completed_by_running_it_again(idea):
    names = files(idea)
    Idea.objects.filter(pk=idea.pk).update(hidden_at=timezone.now(), hidden_reason="Spam")
    with default_storage.open(names[0], "rb") as image:  # the worker died after one file
        private_storage().save(names[0], image)
    default_storage.delete(names[0])

    assert photos.place(Idea, idea.pk) == "withheld"
    assert where(names) == {"private"}
    with private_storage().open(names[1], "rb") as thumbnail:
        assert thumbnail.read(3) == b"\xff\xd8\xff"  # the JPEG moved whole


def test_a_photo_processed_while_its_idea_is_hidden_is_never_left_public(idea, moderator):
    moderation.hide(moderator, moderation.item_for(idea), "Spam")
    idea.refresh_from_db()
    with private_storage().open(idea.image.name, "rb") as image:
        photos.attach(idea, photos.keep(image.read(), "autre.jpg"))
    idea.save()
    photos.process_now(idea)

    assert idea.photo_withheld and where(files(idea)) == {"private"}
