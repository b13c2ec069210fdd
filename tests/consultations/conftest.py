"""Fixtures shared by the consultation results, QR code, export and API tests."""

import pytest

from parvis.core.models import Role
from parvis.core.services.roles import grant_role
from tests.consultations.results_data import make_consultation


@pytest.fixture
def manager(make_user):
    user = make_user(pseudonym="Gestion")
    grant_role(None, user, Role.PROCESS_MANAGER)
    return user


@pytest.fixture
def consultation(db):
    return make_consultation()
