import sys

import pytest
from django.db import transaction

from tests.security.world import World, add_people


@pytest.fixture(scope="package")
def world_media(tmp_path_factory):
    return tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def _media_root(settings, world_media):
    """The files of the seeded world (photos, letters of intent) stay readable by every test
    of the package."""
    settings.MEDIA_ROOT = world_media / "media"
    settings.PRIVATE_MEDIA_ROOT = world_media / "private"


@pytest.fixture(scope="package")
def world(demo_snapshot, django_db_blocker, world_media):
    """The seeded world, restored once for the package's tests from the session's demo
    snapshot and rolled back after them (each test runs in its own savepoint, so what a
    request changes is undone after the test)."""
    with django_db_blocker.unblock(), transaction.atomic():
        demo_snapshot.restore(world_media / "media", world_media / "private")
        add_people()
        yield World()
        transaction.set_rollback(True)


def pytest_terminal_summary(terminalreporter):
    fuzzing = sys.modules.get("tests.security.test_fuzzing")
    if fuzzing and fuzzing.TOTALS["requests"]:
        terminalreporter.write_line(
            "Fuzzing: {requests} requests, {server errors} server errors.".format_map(
                fuzzing.TOTALS))
