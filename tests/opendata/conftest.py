import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings


def streamed(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    """The demo data (reports, ideas, people…), loaded once for a test module in a
    transaction that each test nests in, and rolled back afterwards (so that the rows the
    migrations load stay for the tests that follow)."""
    fast_hashing = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(PASSWORD_HASHERS=fast_hashing):
            call_command("load_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)
