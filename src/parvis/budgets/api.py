"""Participatory budgets (public): budgets and their envelopes, the public projects, and
the published results (the same tallies as the results page). No personal data: a
project's author is the name the person shows publicly, ballots appear only as counts (the
anonymised ballots are the `.pb` files of the results)."""

from datetime import datetime
from enum import StrEnum

from django.urls import reverse
from ninja import Field, Router, Schema

from parvis.budgets import results, selectors
from parvis.budgets.models import (
    PUBLIC_PROJECT_STATUSES,
    BallotFormat,
    Budget,
    TallyRule,
)
from parvis.core.api_kit.errors import ErrorOut, NotFound, ValidationErrorOut, get_by_slug
from parvis.core.api_kit.pagination import paginated
from parvis.core.api_kit.params import Slug
from parvis.core.api_kit.schemas import ObjectOut, id_of
from parvis.core.links import absolute
from parvis.core.models import VerificationLevel

router = Router(tags=["budgets"])

PublicProjectStatus = StrEnum(
    "PublicProjectStatus", {status.value: status.value for status in PUBLIC_PROJECT_STATUSES}
)


class SubBudgetOut(ObjectOut):
    id: int
    name: str
    commune: str | None = Field(description="Commune slug; none for the whole metropolis.")
    district: str | None = Field(description="District slug, within the commune.")
    amount: int = Field(description="Euros.")


class BudgetOut(ObjectOut):
    slug: str
    title: str
    process: str = Field(description="Slug of the process the budget belongs to.")
    amount: int = Field(description="Euros, shared between the envelopes.")
    ballot_format: BallotFormat
    max_choices: int | None = Field(description="k, for k_approval ballots.")
    points: int | None = Field(description="Points to distribute, for cumulative ballots.")
    rule: TallyRule = Field(description="greedy by votes, or the Method of Equal Shares "
                                        "(add1 completion, then greedy).")
    results_published_at: datetime | None
    url: str
    results_url: str | None = Field(description="The results page, once published.")

    @staticmethod
    def resolve_results_url(obj):
        if not results.results_are_public(obj):
            return None
        return absolute(reverse("budgets:results", args=[obj.slug]))


class BudgetDetailOut(BudgetOut):
    description: str = Field(description="Markdown.")
    max_project_cost: int | None
    vote_level: int = Field(description="Minimum verification level to vote: "
                            + ", ".join(f"{value} {label}"
                                        for value, label in VerificationLevel.choices))
    min_age: int | None
    residents_only: bool
    ballot_changeable: bool
    sub_budgets: list[SubBudgetOut]

    @staticmethod
    def resolve_sub_budgets(obj):
        return list(results.sub_budgets_of(obj))


class ProjectOut(ObjectOut):
    id: int
    title: str
    sub_budget: int = Field(description="Id of its envelope.")
    status: PublicProjectStatus
    status_label: str
    theme: str | None = Field(description="Theme slug.")
    commune: str | None = Field(description="Commune slug.")
    address: str
    latitude: float | None
    longitude: float | None
    estimated_cost: int = Field(description="Euros, as estimated by its author.")
    cost: int | None = Field(description="Euros, after the feasibility review.")
    public_reason: str = Field(description="Why it is eligible, ineligible or merged.")
    merged_into: int | None
    author: str | None = Field(description="The name shown publicly (a pseudonym by default).")
    url: str

    resolve_sub_budget = id_of("sub_budget")
    resolve_merged_into = id_of("merged_into")

    @staticmethod
    def resolve_author(obj):
        return obj.author.public_name if obj.author_id else None


class OutcomeOut(Schema):
    project: int
    title: str
    cost: int = Field(description="Euros, as put to the vote.")
    votes: int = Field(description="Ballots choosing it.")
    score: int = Field(description="Its points (cumulative ballots), else its votes.")
    share: float = Field(description="Its cost as a percentage of the envelope.")
    selected: bool
    selected_by: TallyRule | None = Field(
        description="equal-shares, or greedy when it completed the envelope."
    )
    round: int | None = Field(description="Its place in the order of selection.")
    explanation_url: str


class SubBudgetResultsOut(Schema):
    id: int
    name: str
    amount: int
    ballots: int = Field(description="Ballots choosing projects in this envelope.")
    spent: int = Field(description="Cost of the selected projects, euros.")
    endowment: str | None = Field(
        description="Equal shares: each voter's share, exact (a decimal or a fraction p/q)."
    )
    selected: list[int] = Field(description="Selected projects, in order of selection.")
    projects: list[OutcomeOut]
    ballots_url: str = Field(description="The anonymised ballots, pabulib `.pb` format.")


class BudgetResultsOut(Schema):
    budget: str
    rule: TallyRule
    published_at: datetime
    ballots: int
    sub_budgets: list[SubBudgetResultsOut]


def outcome_payload(budget: Budget, line: results.ProjectLine) -> dict:
    return {
        "project": line.project.pk, "title": line.project.title, "cost": int(line.cost),
        "votes": line.votes, "score": int(line.score), "share": line.share,
        "selected": line.selected, "selected_by": line.outcome["selected_by"],
        "round": line.outcome["round"],
        "explanation_url": absolute(reverse("budgets:project_explanation",
                                            args=[budget.slug, line.project.pk])),
    }


def sub_budget_payload(budget: Budget, item: results.SubBudgetResults) -> dict:
    return {
        "id": item.sub_budget.pk, "name": item.sub_budget.name,
        "amount": item.sub_budget.amount, "ballots": item.ballot_count,
        "spent": int(item.spent), "endowment": item.result["endowment"],
        "selected": [int(pk) for pk in item.result["selected"]],
        "projects": [outcome_payload(budget, line) for line in item.lines],
        "ballots_url": absolute(reverse("budgets:ballots_pb",
                                        args=[budget.slug, item.sub_budget.pk])),
    }


@router.get("/budgets", response={200: list[BudgetOut], 422: ValidationErrorOut})
@paginated(page_size=20)
def list_budgets(request):
    """Budgets of published processes, newest first (20 per page)."""
    return selectors.budgets_for(request.user)


@router.get("/budgets/{slug}",
            response={200: BudgetDetailOut, 404: ErrorOut, 422: ValidationErrorOut})
def get_budget(request, slug: Slug):
    """A budget with its envelopes and voting rules."""
    return get_by_slug(selectors.budgets_for(request.user), slug, "budget")


@router.get("/budgets/{slug}/projects",
            response={200: list[ProjectOut], 404: ErrorOut, 422: ValidationErrorOut})
@paginated(page_size=20)
def list_projects(request, slug: Slug):
    """The public projects of a budget (submitted, under review, eligible or not, merged,
    withdrawn, selected or not), by title, 20 per page."""
    budget = get_by_slug(selectors.budgets_for(request.user), slug, "budget")
    return selectors.public_projects(budget).select_related("author")


@router.get("/budgets/{slug}/results",
            response={200: BudgetResultsOut, 404: ErrorOut, 422: ValidationErrorOut},
            url_name="budget_results")
def get_results(request, slug: Slug):
    """The published results, per envelope: every project put to the vote with its votes
    and outcome. 404 while they are not published."""
    budget = get_by_slug(selectors.budgets_for(request.user), slug, "budget")
    if not results.results_are_public(budget):
        raise NotFound(f"The results of budget '{slug}' are not published.")
    shown = results.budget_results(budget)
    return {
        "budget": budget.slug, "rule": budget.rule,
        "published_at": budget.results_published_at, "ballots": shown.ballot_count,
        "sub_budgets": [sub_budget_payload(budget, item) for item in shown.sub_budgets],
    }
