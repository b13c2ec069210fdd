import itertools
from datetime import timedelta

import pytest
from django.utils import timezone

from parvis.core.services.tokens import create_token
from parvis.processes.models import Phase, Process, Theme

DAY = timedelta(days=1)
_counter = itertools.count()


@pytest.fixture
def make_process(db):
    def make(phases=(("Dépôt", -1, 1),), communes=(), published=True, theme=None):
        number = next(_counter)
        process = Process.objects.create(
            title=f"Démarche {number}", slug=f"demarche-{number}", summary="Résumé",
            description="Description", is_published=published, theme=theme,
        )
        process.communes.set(communes)
        now = timezone.now().replace(microsecond=0)
        for title, start, end in phases:
            Phase.objects.create(process=process, title=title, starts_at=now + start * DAY,
                                 ends_at=now + end * DAY, actions=["submit", "comment"])
        return process

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
