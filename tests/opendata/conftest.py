import io

import pytest
from django.core.management import call_command
from django.test import override_settings


def streamed(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    """The demo data (reports, ideas, people…), loaded once for a test module and committed;
    the database is emptied afterwards."""
    fast_hashing = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with django_db_blocker.unblock():
        with override_settings(PASSWORD_HASHERS=fast_hashing):
            call_command("load_demo", stdout=io.StringIO())
        yield
        call_command("flush", interactive=False, verbosity=0)
