"""Greedy by votes against the Method of Equal Shares on a budget's ballots: which projects
each rule funds, how many voters get at least one project they chose funded, and where the
money goes, commune by commune. The choice of rule is political: this shows its effects.

Both rules are tallied from the same elections as the results (`results.election_of`), with
the parameters of `results.METHODS`; the comparison of a published budget is cached.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction

from django.core.cache import cache

from parvis.budgets import results
from parvis.budgets.models import Budget, Project, TallyRule
from parvis.budgets.tally import tally

RULES = [TallyRule.GREEDY, TallyRule.EQUAL_SHARES]


@dataclass
class RuleOutcome:
    """One rule over the whole budget: the projects it funds, what they cost and the voters
    with at least one of their chosen projects funded."""

    rule: TallyRule
    funded: set[int] = field(default_factory=set)
    spent: Fraction = Fraction(0)
    satisfied: int = 0

    @property
    def label(self) -> str:
        return str(self.rule.label)


@dataclass
class ProjectRow:
    project: Project
    cost: Fraction
    votes: int
    funded: list[bool]  # by rule, in the order of RULES


@dataclass
class Comparison:
    budget: Budget
    ballot_count: int
    outcomes: list[RuleOutcome]
    envelopes: list[tuple[str, list[ProjectRow]]]
    places: list[tuple[str, list[Fraction]]]  # funds by commune (or envelope), by rule

    def satisfied_share(self, outcome: RuleOutcome) -> float:
        return 100 * outcome.satisfied / self.ballot_count if self.ballot_count else 0.0


def _tally(budget: Budget) -> dict:
    """Per envelope: its name, each project's votes and the ids each rule selects; per rule,
    the voters with a funded project they chose. Plain values, to be cached."""
    numbers = results.voter_numbers(budget)
    envelopes, satisfied = [], {rule: set() for rule in RULES}
    for sub_budget in results.sub_budgets_of(budget):
        election = results.election_of(sub_budget, numbers)
        selected = {}
        for rule in RULES:
            chosen = set(tally(election, results.METHODS[rule], spending=False).selected)
            selected[rule] = sorted(chosen, key=int)
            satisfied[rule].update(ballot.voter_id for ballot in election.ballots
                                   if chosen.intersection(ballot.projects))
        votes = {project_id: project.extra["votes"]
                 for project_id, project in election.projects.items()}
        envelopes.append({"id": sub_budget.pk, "votes": votes, "selected": selected})
    return {"envelopes": envelopes, "satisfied": {rule: len(ids) for rule, ids in
                                                 satisfied.items()},
            "ballots": len(numbers)}


def _tallied(budget: Budget) -> dict:
    if budget.results_published_at is None:
        return _tally(budget)
    key = f"budgets:comparison:{budget.pk}:{budget.results_published_at.timestamp()}"
    return cache.get_or_set(key, lambda: _tally(budget), timeout=None)


def compare(budget: Budget) -> Comparison:
    """The comparison of the two rules on a budget's ballots (a fixed number of queries per
    envelope, whatever the number of ballots once cached)."""
    data = _tallied(budget)
    sub_budgets = {sub.pk: sub for sub in results.sub_budgets_of(budget)}
    ids = [int(pid) for envelope in data["envelopes"] for pid in envelope["votes"]]
    projects = {p.pk: p for p in Project.objects.filter(pk__in=ids).select_related("commune")}
    outcomes = [RuleOutcome(rule, satisfied=data["satisfied"][rule]) for rule in RULES]
    envelopes, places = [], defaultdict(lambda: [Fraction(0)] * len(RULES))
    for envelope in data["envelopes"]:
        sub_budget = sub_budgets[envelope["id"]]
        rows = []
        for project_id, votes in envelope["votes"].items():
            project = projects[int(project_id)]
            funded = [project_id in envelope["selected"][rule] for rule in RULES]
            rows.append(ProjectRow(project, Fraction(project.vote_cost), int(votes), funded))
            place = project.commune.name if project.commune else sub_budget.name
            for index, outcome in enumerate(outcomes):
                if funded[index]:
                    outcome.funded.add(project.pk)
                    outcome.spent += project.vote_cost
                    places[place][index] += project.vote_cost
        rows.sort(key=lambda row: (-row.votes, row.project.pk))
        envelopes.append((sub_budget.name, rows))
    ordered = sorted(places.items(), key=lambda item: (-max(item[1]), item[0]))
    return Comparison(budget, data["ballots"], outcomes, envelopes, ordered)
