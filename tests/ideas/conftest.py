import itertools
import sqlite3
from datetime import timedelta

import pytest
from django.db import connection, connections
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


@pytest.fixture
def concurrent_database(transactional_db, tmp_path):
    """A database that threads write to at the same time as in production.

    SQLite's in-memory test database (shared cache) refuses a second writer at once
    ("database table is locked") where a database file waits for the lock (busy timeout):
    on SQLite, the test runs on a copy of the test database in a file, with the project's
    own connection options (WAL, IMMEDIATE transactions, timeout). Threads open their own
    connections to it. PostgreSQL needs nothing."""
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        yield
        return
    path = tmp_path / "concurrent.sqlite3"
    connection.ensure_connection()
    copy = sqlite3.connect(path)
    connection.connection.backup(copy)
    copy.close()
    in_memory = connections["default"]
    settings_dict = in_memory.settings_dict
    memory_name, settings_dict["NAME"] = settings_dict["NAME"], str(path)
    on_file = type(in_memory)(settings_dict, "default")
    connections["default"] = on_file
    try:
        yield
    finally:
        on_file.close()
        connections["default"] = in_memory
        settings_dict["NAME"] = memory_name
