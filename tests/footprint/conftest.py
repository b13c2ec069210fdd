import pytest

from parvis.footprint import factors
from parvis.footprint.models import EmissionFactor


@pytest.fixture(autouse=True)
def shipped_factors(db):
    """The factors the migration ships: a test that empties the database (a live server's)
    removes them for the tests that follow it in the same process."""
    factors.install(EmissionFactor)
