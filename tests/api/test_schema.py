"""The robustness gate: schemathesis fuzzes every operation of the OpenAPI schema with all its
checks (no server error, documented status codes, content types, headers, bodies conforming
to their response schema, auth enforced...) against the demo data, with a token, and with
the demo's real slugs and ids in two cases out of three so that it reaches past 404s."""

import random
from collections import Counter
from functools import cache

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from pydantic import BaseModel

from parvis.agenda.models import Event
from parvis.budgets.models import Budget
from parvis.calls.models import Call
from parvis.comments.models import Debate
from parvis.consultations.models import Consultation
from parvis.core.models import Commune, Service, User
from parvis.core.services.tokens import create_token
from parvis.ideas.models import Idea
from parvis.indicators.models import Indicator
from parvis.panels.models import Draw, Panel
from parvis.processes.models import Process
from parvis.realisations.models import Realisation
from parvis.reports.models import Report
from parvis.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)

SLUGGED = {"communes": Commune, "services": Service, "processes": Process, "events": Event,
           "consultations": Consultation, "panels": Panel, "calls": Call, "budgets": Budget}
NAMED = {"debates": (Debate, "pk", "debate_id"), "ideas": (Idea, "pk", "idea_id"),
         "reports": (Report, "tracking_code", "code"), "strategy": (Indicator, "code", "code"),
         "realisations": (Realisation, "pk", "realisation_id")}


@cache
def demo_parameters(path: str) -> list[dict]:
    """Path parameters naming real objects of the demo, for an operation's path."""
    resource = path.split("/")[3]  # /api/v1/<resource>/...
    if "{draw_id}" in path:
        return [{"slug": slug, "draw_id": pk}
                for slug, pk in Draw.objects.values_list("panel__slug", "pk")]
    if resource in SLUGGED:
        return [{"slug": slug} for slug in SLUGGED[resource].objects.values_list("slug",
                                                                                  flat=True)]
    model, field, name = NAMED[resource]
    return [{name: value} for value in model.objects.values_list(field, flat=True)]


def name_demo_objects(case) -> None:
    """Two cases in three name a real object of the demo (chosen from the generated values,
    so that a case replays the same); the third keeps the fuzzer's own values."""
    if not case.path_parameters:
        return
    chooser = random.Random(repr(sorted(case.path_parameters.items())))
    real = demo_parameters(case.operation.path)
    if real and chooser.random() >= 1 / 3:
        case.path_parameters = {**case.path_parameters, **chooser.choice(real)}


@pytest.fixture(scope="module")
def demo_data(demo_snapshot, django_db_blocker):
    """The demo data, restored once for the module from the session's snapshot and rolled
    back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        demo_snapshot.restore()
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
    name_demo_objects(case)
    # The WSGI transport does not decompress: ask for plain bodies.
    headers = {"Authorization": f"Bearer {agent_key}", "Accept-Encoding": "identity"}
    case.call_and_validate(headers=headers)


def test_component_names_are_unique():
    """django-ninja names a schema's component after its class: two classes of one name
    would share one component, and one of them would be documented wrongly."""
    classes, pending = [], [BaseModel]
    while pending:
        subclasses = pending.pop().__subclasses__()
        classes += [cls for cls in subclasses if cls.__module__.startswith("parvis.")]
        pending += subclasses
    names = Counter(cls.__name__ for cls in set(classes))
    assert [name for name, count in names.items() if count > 1] == []
    components = schema.raw_schema["components"]["schemas"]
    assert components["ConsultationResultsOut"] != components["BudgetResultsOut"]


def test_schema_is_valid_openapi():
    assert schema.raw_schema["openapi"].startswith("3.")
    schema.validate()
