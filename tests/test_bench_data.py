"""The benchmarks write their volume (a million reports, 200,000 past ballots) with SQL of
their own, on PostgreSQL: it must keep up with the schema, and the site must read it."""

import pytest
from bench.cluster import past_ballots
from bench.volume import fill_to
from django.db import connection

from parvis.budgets.models import Ballot, BallotChoice
from parvis.reports.models import Report

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql",
                                reason="the benchmarks' SQL is PostgreSQL's")


def test_the_reports_written_by_sql_are_read_by_the_site(demo_db, client):
    total = Report.objects.count() + 30
    fill_to(total)
    assert Report.objects.count() == total
    written = Report.objects.order_by("-pk").first()
    assert written.service_id and written.photo_status == ""
    assert client.get(written.get_absolute_url()).status_code == 200


def test_the_past_ballots_written_by_sql_have_two_choices_each(db):
    past_ballots(40)
    ballots = Ballot.objects.filter(budget__slug="banc-passe")
    assert ballots.count() == 40
    assert BallotChoice.objects.filter(ballot__in=ballots).count() == 80
