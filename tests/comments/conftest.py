from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from parvis.comments.models import Comment, Debate
from parvis.moderation.services import accept_charter
from parvis.processes.models import Action

DAY = timedelta(days=1)


@pytest.fixture
def make_process(make_process):
    def make(actions=(Action.COMMENT,), slug="pionniers", communes=()):
        return make_process(actions, slug=slug, communes=communes)

    return make


@pytest.fixture
def member(make_user):
    """A person who accepted the charter and may contribute."""

    def make(**fields):
        user = make_user(**fields)
        user.date_joined = timezone.now() - timedelta(days=30)
        user.save(update_fields=["date_joined"])
        accept_charter(user)
        return user

    return make


@pytest.fixture
def debate(make_process, member):
    return Debate.objects.create(
        process=make_process(), author=member(pseudonym="Initiatrice"),
        title="Quels services tester en premier ?", body="Donnez vos idées.",
    )


@pytest.fixture
def add_comment(debate):
    """A comment written straight in the database (for setting up a page)."""

    def add(author, body="Un avis.", parent=None, target=None, **fields):
        target = target or debate
        return Comment.objects.create(
            content_type=ContentType.objects.get_for_model(target),
            object_id=target.pk, author=author, parent=parent,
            depth=parent.depth + 1 if parent else 0, body=body, **fields,
        )

    return add
