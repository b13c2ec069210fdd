import itertools
import sqlite3
from datetime import datetime, timedelta

import pytest
from django.core.management import call_command
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import settings as hypothesis_settings

from parvis.core import modules
from parvis.core.models import Commune, Role, Service, User, VerificationLevel
from parvis.core.services.roles import grant_role
from parvis.core.services.territory import load_communes
from parvis.moderation.services import accept_charter
from parvis.processes.models import Action, Phase, Process, Theme
from tests.browser import browser, new_context  # noqa: F401 - offered to every test
from tests.demo_snapshot import DemoSnapshot

pytest_plugins = ["tests.figures"]

_counter = itertools.count()

# Property tests check behaviour, never speed: no per-example deadline (a loaded machine
# would fail them at random); benchmarks under bench/ measure time.
hypothesis_settings.register_profile("parvis", deadline=None)
hypothesis_settings.load_profile("parvis")


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings, request):
    """Argon2 costs almost a second per hash on a small machine: tests use a fast hasher,
    except those marked `argon2` that check the production hasher itself."""
    if "argon2" not in request.keywords:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    """Tests enqueue tasks as the site does, and django-tasks' immediate backend runs each
    one at once, so a test sees its effect; tests/core/test_tasks.py runs the database
    backend and real `parvis worker` processes."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def database_tasks(settings):
    """The production backend: tasks are rows in the database, run by `parvis worker`."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def run_worker(database_tasks, monkeypatch):
    """`run_worker()` runs `parvis worker --batch` in the test: the tasks queued so far, then
    it stops. Between tasks the worker drops a database connection that is too old or inside
    a transaction (`close_old_connections`): inside a test's transaction that would close
    the test's own connection (PostgreSQL), so the check is left out here."""
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def run():
        call_command("worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    return run


@pytest.fixture(autouse=True)
def _two_factor_as_configured_per_test(settings):
    """Production requires two-factor authentication for staff roles; tests that sign staff
    in with `force_login` do not, unless they switch it on (tests/core/test_two_factor.py)."""
    settings.TWO_FACTOR_REQUIRED = False


@pytest.fixture
def communes(db):
    load_communes()
    return {commune.slug: commune for commune in Commune.objects.all()}


@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo data, loaded once in the session (by the first test that needs it) and
    restored by `demo_snapshot.restore()` (see tests/demo_snapshot.py)."""
    with django_db_blocker.unblock():
        return DemoSnapshot.capture(tmp_path_factory.mktemp("demo"))


@pytest.fixture
def demo_db(demo_snapshot, db, settings):
    """The demo data in this test's transaction (gone after it), and its files in the test's
    media folders."""
    demo_snapshot.restore(settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT)


@pytest.fixture
def make_user(db):
    def make(email=None, password="un-mot-de-passe-solide", **fields):
        number = next(_counter)
        email = email or f"personne{number}@example.org"
        fields.setdefault("pseudonym", f"Personne{number}")
        return User.objects.create_user(email, password, **fields)

    return make


@pytest.fixture
def make_service(db):
    def make(name=None, communes=(), **fields):
        number = next(_counter)
        service = Service.objects.create(
            name=name or f"Service {number}", slug=f"service-{number}", **fields
        )
        service.communes.set(communes)
        return service

    return make


@pytest.fixture
def count_queries(client):
    """Number of queries a GET of `url` makes (and asserts it answered 200)."""

    def count(url, **params):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, params)
        assert response.status_code == 200, (url, response.status_code)
        return len(queries)

    return count


@pytest.fixture
def fast_password_hasher(settings):
    """Argon2 is deliberately slow: tests that create many accounts hash with MD5."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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


@pytest.fixture
def reserve_for_panel(db):
    """Reserve a process to the members of a new panel (its members' space)."""
    from datetime import date, timedelta

    from django.utils import timezone

    from parvis.panels.models import Panel

    def reserve(process):
        today = date.today()
        return Panel.objects.create(
            process=process, space_process=process, title=f"Panel {process.slug}",
            slug=f"panel-{process.slug}", purpose="Objet", size=10, starts_on=today,
            ends_on=today + timedelta(days=365), consent_text="J'accepte.",
            recruitment_closes_at=timezone.now(),
        )

    return reserve


@pytest.fixture
def register_module():
    """Register a module for one test (`register_module(**fields)` returns it); unregistered
    afterwards."""
    registered = []

    def register(**fields):
        fields = {"app": f"test_module_{len(registered)}", "label": "Outil d'essai", **fields}
        registered.append(modules.register(modules.Module(**fields)))
        return registered[-1]

    yield register
    for module in registered:
        modules.unregister(module.app)


@pytest.fixture
def make_process(db):
    """A process, published unless `published=False`. `phases` are (title, start, end,
    actions), start and end being datetimes or days from now; by default one current phase,
    from yesterday to tomorrow, opens `actions`. App conftests narrow the defaults."""

    def make(actions=(Action.SUBMIT,), *, title="", slug="", phases=(), communes=(),
             published=True, theme=None):
        number = next(_counter)
        slug = slug or f"demarche-essai-{number}"
        process = Process.objects.create(
            title=title or f"Démarche {slug}", slug=slug, summary=f"Résumé {slug}",
            description="Description", is_published=published, theme=theme,
        )
        process.communes.set(communes)
        now = timezone.now().replace(microsecond=0)
        for name, start, end, opened in phases or [("Phase en cours", -1, 1, actions)]:
            Phase.objects.create(
                process=process, title=name, actions=[str(action) for action in opened],
                starts_at=start if isinstance(start, datetime) else now + timedelta(days=start),
                ends_at=end if isinstance(end, datetime) else now + timedelta(days=end),
            )
        return process

    return make


@pytest.fixture
def make_staff(make_user):
    """Makes someone holding `role`, for the whole metropolis unless a `service` or a
    `commune` is given; other fields are the account's."""

    def make(role, *, service=None, commune=None, **fields):
        user = make_user(**fields)
        grant_role(None, user, role, service=service, commune=commune)
        return user

    return make


@pytest.fixture
def manager(make_staff):
    """A process manager of the whole metropolis."""
    return make_staff(Role.PROCESS_MANAGER, pseudonym="Gestion")


@pytest.fixture
def organiser(make_staff):
    """Another process manager of the whole metropolis: organises every call and panel."""
    return make_staff(Role.PROCESS_MANAGER, pseudonym="Organisatrice")


@pytest.fixture
def citizen(make_user):
    """Makes someone who may contribute: confirmed e-mail, charter accepted."""

    def make(**fields):
        fields.setdefault("verification_level", VerificationLevel.EMAIL)
        user = make_user(**fields)
        accept_charter(user)
        return user

    return make


@pytest.fixture
def theme(db):
    return Theme.objects.create(name="Mobilités", slug="mobilites")
