import functools
import html
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from parvis.comments.models import Comment, Debate
from parvis.core.models import Role
from parvis.processes.models import Action

DAY = timedelta(days=1)


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def flag_url(content):
    content_type = ContentType.objects.get_for_model(content)
    return reverse("moderation:flag", args=[content_type.pk, content.pk])


def flag(client, content, reason="insulting", details=""):
    return client.post(flag_url(content), {"reason": reason, "details": details})


@pytest.fixture
def make_process(make_process):
    return functools.partial(make_process, [Action.COMMENT], slug="panel-talence")


@pytest.fixture
def author(make_user):
    return make_user(pseudonym="Autrice")


@pytest.fixture
def debate(make_process, communes, author):
    process = make_process(communes=[communes["talence"]])
    return Debate.objects.create(process=process, author=author, title="Les pistes cyclables",
                                 body="Parlons-en.")


@pytest.fixture
def comment(debate, author):
    return Comment.objects.create(
        content_type=ContentType.objects.get_for_model(debate), object_id=debate.pk,
        author=author, body="Un texte qui enfreint la charte.",
    )


@pytest.fixture
def moderator(make_staff, communes):
    def make(commune_slug=None):
        return make_staff(Role.MODERATOR,
                          commune=communes[commune_slug] if commune_slug else None)

    return make
