import itertools
from datetime import timedelta

import pytest
from django.utils import timezone

from parvis.ideas import services
from parvis.ideas.models import IdeaBox
from parvis.processes.models import Phase, Process

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
def author(citizen):
    return citizen(pseudonym="Autrice", first_name="Jeanne", last_name="Secret",
                   email="jeanne.secret@example.org")


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
