import pytest
from django.db import transaction


def streamed(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


@pytest.fixture(scope="module")
def demo_data(demo_snapshot, django_db_blocker):
    """The demo data (reports, ideas, people…), restored once for a test module from the
    session's snapshot in a transaction that each test nests in, and rolled back afterwards
    (so that the rows the migrations load stay for the tests that follow)."""
    with django_db_blocker.unblock(), transaction.atomic():
        demo_snapshot.restore()
        yield
        transaction.set_rollback(True)
