import sys
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from tests.security.world import World, add_people


@pytest.fixture(scope="package")
def world_media(tmp_path_factory):
    return tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def _media_root(settings, world_media):
    """The files of the seeded world (photos, letters of intent) stay readable by every test
    of the package."""
    settings.MEDIA_ROOT = world_media


@pytest.fixture(scope="package")
def world(django_db_setup, django_db_blocker, world_media):
    """The seeded world, loaded once for the package's tests and rolled back after them (each
    test runs in its own savepoint, so what a request changes is undone after the test)."""
    media_root = world_media
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media_root),
        transaction.atomic(),
    ):
        call_command("load_demo", stdout=StringIO())
        add_people()
        yield World()
        transaction.set_rollback(True)


def pytest_terminal_summary(terminalreporter):
    fuzzing = sys.modules.get("tests.security.test_fuzzing")
    if fuzzing and fuzzing.TOTALS["requests"]:
        terminalreporter.write_line(
            "Fuzzing: {requests} requests, {server errors} server errors.".format_map(
                fuzzing.TOTALS))
