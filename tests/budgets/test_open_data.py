"""The open dataset of budget results: published budgets only, one line per project, and a
number of queries that does not grow with the ballots."""

import csv
import io

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def rows(client) -> list[dict]:
    response = client.get(reverse("budgets:all_results_csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_published_results_one_line_per_project(client, published_with_voters, closed_budget):
    budget = published_with_voters(6)
    closed_budget()  # closed, results not published: left out
    lines = rows(client)
    assert {line["budget"] for line in lines} == {budget.slug}
    assert len(lines) == 4
    assert sum(int(line["voix"]) for line in lines) == 11  # the 4th ballot holds one project
    assert {line["laureat"] for line in lines} <= {"true", "false"}
    assert all(line["bulletins"] == "6" for line in lines)
    assert all(line["rang"] for line in lines if line["laureat"] == "true")


@pytest.mark.parametrize("voters", [2, 30])
def test_queries_do_not_grow_with_the_ballots(client, published_with_voters, voters,
                                              django_assert_max_num_queries):
    published_with_voters(voters)
    with django_assert_max_num_queries(8):
        assert len(rows(client)) == 4
