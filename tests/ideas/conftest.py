import itertools
from datetime import timedelta

import pytest
from django.utils import timezone

from parvis.core.models import Role, VerificationLevel
from parvis.core.services.roles import grant_role
from parvis.ideas import services
from parvis.ideas.models import IdeaBox
from parvis.moderation.services import accept_charter
from parvis.processes.models import Phase, Process, Theme

DAY = timedelta(days=1)
OPEN = ["submit", "support", "comment"]
_counter = itertools.count()


@pytest.fixture
def make_box(db):
    """An idea box in a published process whose current phase opens `actions`."""

    def make(actions=OPEN, communes=(), **settings):
        number = next(_counter)
        process = Process.objects.create(
            title=f"Démarche {number}", slug=f"demarche-{number}", summary="Résumé",
            description="Description", is_published=True,
        )
        process.communes.set(communes)
        now = timezone.now()
        Phase.objects.create(process=process, title="Idées", starts_at=now - DAY,
                             ends_at=now + DAY, actions=list(actions))
        return IdeaBox.objects.create(process=process, title=f"Boîte {number}",
                                      slug=f"boite-{number}", **settings)

    return make


@pytest.fixture
def box(make_box):
    return make_box()


@pytest.fixture
def citizen(make_user):
    """Someone who may contribute: confirmed e-mail, charter accepted."""

    def make(**fields):
        fields.setdefault("verification_level", VerificationLevel.EMAIL)
        user = make_user(**fields)
        accept_charter(user)
        return user

    return make


@pytest.fixture
def author(citizen):
    return citizen(pseudonym="Autrice", first_name="Jeanne", last_name="Secret",
                   email="jeanne.secret@example.org")


@pytest.fixture
def manager(make_user):
    user = make_user(pseudonym="Gestion")
    grant_role(None, user, Role.PROCESS_MANAGER)
    return user


@pytest.fixture
def theme(db):
    return Theme.objects.create(name="Mobilités", slug="mobilites")


@pytest.fixture
def publish_idea(author):
    """A published idea (through the services), by `author` unless told otherwise."""

    def make(box, title="Des arceaux vélo devant les écoles",
             body="Une proposition pour le quartier.", by=None, **fields):
        by = by or author
        idea = services.create_draft(box, by, services.Proposal(title=title, body=body,
                                                                **fields))
        return services.publish(idea, by)

    return make


