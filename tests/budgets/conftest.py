"""Fixtures shared by every budget test (projects, vote, results)."""

import itertools
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from parvis.budgets import results
from parvis.budgets.models import Budget, Project, ProjectStatus, SubBudget
from parvis.processes.models import Action, Phase, Process

DAY = timedelta(days=1)
_counter = itertools.count()


def confirm_ballot(client, budget, sent, **extra):
    """POST the confirmation of the choices that `sent` (the answer to the ballot's POST)
    left pending in the browser, as the confirmation page's form does."""
    assert sent.status_code == 302, sent.content.decode()
    return client.post(reverse("budgets:vote_confirm", args=[budget.slug]), **extra)


@pytest.fixture
def make_budget(communes):
    """A budget of 100 000 € in a published process whose current phase opens `actions`:
    a metropolis-wide sub-budget of 60 000 € and one of 40 000 € for Bordeaux."""

    def make(actions=(Action.SUBMIT,), **fields):
        number = next(_counter)
        process = Process.objects.create(
            title=f"Budget participatif {number}", slug=f"budget-participatif-{number}",
            summary="Résumé", description="Description", is_published=True,
        )
        now = timezone.now()
        Phase.objects.create(process=process, title="Phase en cours", starts_at=now - DAY,
                             ends_at=now + DAY, actions=[str(action) for action in actions])
        fields.setdefault("amount", 100_000)
        budget = Budget.objects.create(
            process=process, title=f"Budget {number}", slug=f"budget-{number}",
            description="Des **projets** pour la métropole.", **fields,
        )
        SubBudget.objects.create(budget=budget, name="Toute la métropole", amount=60_000)
        SubBudget.objects.create(budget=budget, name="Bordeaux", amount=40_000,
                                 commune=communes["bordeaux"])
        return budget

    return make


@pytest.fixture
def budget(make_budget):
    return make_budget()


def metropolis(budget):
    """The metropolis-wide sub-budget of a budget made by `make_budget`."""
    return budget.sub_budgets.get(commune=None)


@pytest.fixture
def make_project(db):
    """A project of `budget` (in the metropolis-wide sub-budget unless told otherwise)."""

    def make(budget, sub_budget=None, cost=10_000, status=ProjectStatus.ELIGIBLE, **fields):
        number = next(_counter)
        fields.setdefault("title", f"Projet {number}")
        fields.setdefault("description", "Un projet pour le quartier.")
        fields.setdefault("estimated_cost", cost)
        if status not in (ProjectStatus.DRAFT, ProjectStatus.SUBMITTED):
            fields.setdefault("cost", cost)
        fields.setdefault("submitted_at", timezone.now())
        return Project.objects.create(
            budget=budget, sub_budget=sub_budget or metropolis(budget), status=status, **fields
        )

    return make


@pytest.fixture
def closed_budget(make_budget):
    """A budget (made by `make_budget`) whose vote phase ended yesterday."""

    def make(**fields):
        budget = make_budget(actions=(), **fields)
        now = timezone.now()
        Phase.objects.create(process=budget.process, title="Vote", starts_at=now - 10 * DAY,
                             ends_at=now - DAY, actions=[str(Action.VOTE)])
        return budget

    return make


@pytest.fixture
def cast(db):
    """A ballot recorded through the ORM: `cast(budget, [project, ...])`, or with points
    `cast(budget, {project: points})`; a fresh identity and receipt code each time."""
    from parvis.budgets.models import Ballot, BallotChoice
    from parvis.budgets.voting import new_receipt_code

    def make(budget, choices, **fields):
        fields.setdefault("identity_hash", f"{next(_counter):064x}")
        fields.setdefault("receipt_code", new_receipt_code())
        ballot = Ballot.objects.create(budget=budget, **fields)
        points = choices if isinstance(choices, dict) else dict.fromkeys(choices, 1)
        BallotChoice.objects.bulk_create(
            BallotChoice(ballot=ballot, project=project, points=value)
            for project, value in points.items()
        )
        return ballot

    return make


# Voting ------------------------------------------------------------------------------------


@pytest.fixture
def make_vote(make_budget, make_project, communes):
    """A budget made by `make_budget` whose current phase opens the vote, with eligible
    projects of these costs in its metropolis-wide and Bordeaux sub-budgets."""

    def make(metropolis_costs=(30_000, 25_000, 17_000), bordeaux_costs=(25_000, 20_000),
             **fields):
        budget = make_budget(actions=(Action.VOTE,), **fields)
        bordeaux = budget.sub_budgets.get(commune=communes["bordeaux"])
        for cost in metropolis_costs:
            make_project(budget, cost=cost)
        for cost in bordeaux_costs:
            make_project(budget, sub_budget=bordeaux, cost=cost)
        return budget

    return make


@pytest.fixture
def voter(citizen, communes):
    """Someone who may vote in a budget of `make_vote`: confirmed e-mail, lives in Bordeaux."""
    return citizen(commune=communes["bordeaux"])


@pytest.fixture
def published_with_voters(closed_budget, make_project, cast):
    """Makes a closed budget of four projects with `voters` ballots of two projects each,
    and publishes its results."""

    def make(voters):
        budget = closed_budget()
        projects = [make_project(budget) for _ in range(4)]
        for index in range(voters):
            cast(budget, projects[index % 4:index % 4 + 2])
        results.publish(budget, None)
        return budget

    return make
