"""Reports sent at the same time from one address store at most the hourly limit: the
counter is taken atomically before each report is stored. Meaningful on PostgreSQL
(DATABASE_URL); on SQLite the `concurrent_database` fixture gives a database file whose
writers wait for each other."""

import pytest

from parvis.reports.models import Category, Report
from parvis.reports.services import ReportError, Submission, submit_report
from tests.race import race

pytestmark = pytest.mark.django_db(transaction=True)


def test_parallel_reports_store_at_most_the_limit(concurrent_database, routing, settings):
    """Regression: 45 parallel reports were stored against a limit of 30 per hour."""
    settings.REPORTS_PER_HOUR_PER_IP = 30
    voirie = Category.objects.get(slug="voirie")

    def send(number):
        submission = Submission(category=voirie, title=f"Trou {number}",
                                description="Un trou profond.", latitude=44.8405,
                                longitude=-0.5750)
        return submit_report(submission, ip_address="192.0.2.1")

    results = race(send, 45)

    assert Report.objects.count() == 30
    refused = [result for result in results if isinstance(result, ReportError)]
    assert len(refused) == 15 and "beaucoup de signalements" in refused[0].message
