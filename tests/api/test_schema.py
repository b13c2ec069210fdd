"""The robustness gate: schemathesis fuzzes every operation of the OpenAPI schema with all its
checks (no server error, documented status codes, content types, headers and bodies, auth
enforced...) against the demo data."""

from io import StringIO

import pytest
import schemathesis
from django.core import signals
from django.core.management import call_command
from django.db import close_old_connections, transaction
from django.test import override_settings
from hypothesis import HealthCheck, settings

from parvis.core.models import User
from parvis.core.services.tokens import create_token
from parvis.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo data, loaded once for the module and rolled back after it."""
    media_root = tmp_path_factory.mktemp("media")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media_root),
        transaction.atomic(),
    ):
        call_command("load_demo", stdout=StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def same_connection():
    """Like Django's test client: keep the test's connection (and transaction) across requests."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def agent_key(demo_data, db, same_connection):
    _token, key = create_token(User.objects.get(pseudonym="AgentVoirie"), "Schemathesis")
    return key


@schema.parametrize()
@settings(
    max_examples=30,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
def test_api_conforms_to_its_schema(case, agent_key):
    # The WSGI transport does not decompress: ask for plain bodies.
    headers = {"Authorization": f"Bearer {agent_key}", "Accept-Encoding": "identity"}
    case.call_and_validate(headers=headers)


def test_schema_is_valid_openapi():
    assert schema.raw_schema["openapi"].startswith("3.")
    schema.validate()
