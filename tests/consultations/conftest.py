"""Fixtures shared by the consultation results, QR code, export and API tests."""

import pytest

from tests.consultations.results_data import make_consultation


@pytest.fixture
def consultation(db):
    return make_consultation()
