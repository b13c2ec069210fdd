import itertools
from datetime import timedelta

import pytest

from parvis.core.services.tokens import create_token
from parvis.processes.models import Theme

DAY = timedelta(days=1)
_counter = itertools.count()


@pytest.fixture
def make_process(make_process):
    """Processes whose phases, (title, start, end) in days from now, open submission and
    comments."""

    def make(phases=(("Dépôt", -1, 1),), **options):
        return make_process(phases=[(title, start, end, ["submit", "comment"])
                                    for title, start, end in phases], **options)

    return make


@pytest.fixture
def processes(communes, make_process):
    mobility = Theme.objects.create(name="Mobilités", slug="mobilites")
    return {
        "open": make_process(theme=mobility),
        "upcoming": make_process(phases=[("Vote", 1, 2)], communes=[communes["cenon"]]),
        "closed": make_process(phases=[("Vote", -3, -2)], communes=[communes["pessac"]]),
        "draft": make_process(published=False),
    }


@pytest.fixture
def token_for():
    """An API key for a person, and the `Authorization` header that carries it."""

    def make(user):
        _token, key = create_token(user, "Intégration")
        return {"HTTP_AUTHORIZATION": f"Bearer {key}"}

    return make
