import itertools

import pytest

from parvis.ideas import services
from parvis.ideas.models import IdeaBox

OPEN = ["submit", "support", "comment"]
_counter = itertools.count()


@pytest.fixture
def make_box(make_process):
    """An idea box in a published process whose current phase opens `actions`."""

    def make(actions=OPEN, communes=(), **settings):
        number = next(_counter)
        process = make_process(title=f"Démarche {number}", slug=f"demarche-{number}",
                               communes=communes, phases=[("Idées", -1, 1, actions)])
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
