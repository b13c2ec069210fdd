"""Tally rules for participatory budgeting: greedy by votes and the Method of Equal Shares.

Outcomes are exact: every decision is taken in exact arithmetic (integers and fractions), or
in floating point only where its rounding error cannot change it, so an outcome never depends
on rounding and can be reproduced from the published ballots.

Scores and utilities
    An approval (or choose-1) ballot gives 1 point to each project it lists. A cumulative or
    scoring ballot gives the points of its ``points`` column. An ordinal ballot gives its
    ``points`` column when the file has one, else positional points: with L the META
    ``max_length`` (or, without it, the length of the longest ballot), the first project listed
    gets L points, the second L - 1, and so on. A project's *supporters* are the voters giving
    it a positive score; a project nobody supports is never selected.

Greedy by votes (``Rule.GREEDY``)
    Projects are ranked by score (number of approvals, or total points) and taken in that
    order; a project that no longer fits in the budget left is skipped and the next one is
    considered. This is pabutools' ``greedy_utilitarian_welfare`` with ``Cost_Sat`` on
    approval ballots (and a satisfaction of points times cost on others), restricted to
    supported projects (pabutools would also fund unsupported ones with the money left).
    With a ``threshold`` (pabulib's ``greedy-threshold``), only the projects scoring at least
    that much are considered; ``Rule.GREEDY_NO_SKIP`` stops at the first project that does not
    fit (pabulib's ``greedy-no-skip``).

Method of Equal Shares (``Rule.EQUAL_SHARES``)
    Every voter receives an equal share of the budget (the *endowment*: budget / number of
    voters). A supporter's utility for a project is its cost on approval ballots (*cost
    utilities*) and its points otherwise. In each round, for each project its supporters can
    still afford, rho is the smallest price per unit of utility such that supporters paying
    ``min(money left, rho * utility)`` cover the cost. The project with the smallest rho is
    selected and its supporters pay; projects their supporters can no longer afford are
    dropped; the rule stops when none is left. A supported project costing nothing is selected
    first on points ballots, and never on approval ballots (its cost utility is 0). This is
    pabutools' ``method_of_equal_shares`` with ``Cost_Sat`` (approval) or
    ``Additive_Cardinal_Sat`` (points).

Completions (``Completion``)
    MES usually leaves part of the budget unspent. ``ADD1`` is the completion of the cities that
    adopted MES (pabulib rule ``equalshares/add1``): MES is run again with the endowment raised
    by 1 currency unit at a time, from budget / voters, until the outcome either costs more than
    the budget (the outcome of the previous increment is then kept) or is exhaustive (no other
    supported project with a cost fits in the budget left; it is then kept). This is exactly
    pabutools' ``method_of_equal_shares(..., voter_budget_increment=1)``, whose exhaustiveness
    test also ignores unsupported projects (``exhaustion_by_budget_increase`` with
    ``budget_step`` = number of voters differs only there). Only the selected projects of the
    runs before the last matter, so these runs are computed in floating point, with vectors
    over the groups of identical ballots, and in exact arithmetic where a comparison is too
    close for floating point (see ``_FastEqualShares``); the run kept is then computed again
    in exact arithmetic for the report. ``ADD1_GREEDY`` then fills the budget left greedily by
    votes, as pabutools' ``completion_by_rule_combination`` of the two rules does.
    ``ADD1_WITHIN_BUDGET`` is add1 as pabulib's validator computes it, and as Wieliczka 2023
    decided: the endowment goes from the first whole currency unit above budget / voters and
    keeps growing while the outcome fits in the budget, even past an exhaustive outcome.

Comparison (``Method.comparison``, pabulib's ``-comparison`` rules)
    The outcome of MES is compared with that of greedy by votes: a voter prefers the one that
    funds more of the projects they support; greedy's is kept when more voters prefer it.

Methods (``Method``)
    A rule with all its parameters; ``Method.of_file`` reads the one a pabulib file names.

Ties (``TieBreaking``)
    When two projects have the same score (greedy) or the same rho (MES), a fixed key decides,
    so the outcome is deterministic:

    - ``SUPPORT`` (default): the project with more supporters first, then the cheaper one, then
      the smaller project id in natural order ("9" before "10");
    - ``LEXICOGRAPHIC``: the smaller project id as a string ("10" before "9"), pabutools'
      default tie-breaking; use it to compare outcomes with pabutools exactly.

Results are plain dataclasses. Exact numbers are strings (``"12"``, ``"12.5"`` or
``"1070000/2553"``, all readable by ``fractions.Fraction``), so ``dataclasses.asdict`` of a
result serialises to JSON as it is.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction
from functools import cached_property

import numpy as np

from parvis.budgets.pabulib import Election, format_number, parse_number

__all__ = [
    "PABULIB_RULES",
    "Completion",
    "Method",
    "ProjectOutcome",
    "Rule",
    "TallyResult",
    "TieBreaking",
    "VoterSpending",
    "equal_shares",
    "greedy",
    "tally",
]

APPROVAL_TYPES = ("approval", "choose-1")


class Rule(StrEnum):
    GREEDY = "greedy"
    GREEDY_NO_SKIP = "greedy-no-skip"
    EQUAL_SHARES = "equal-shares"


class Completion(StrEnum):
    NONE = "none"
    ADD1 = "add1"
    ADD1_GREEDY = "add1+greedy"
    ADD1_WITHIN_BUDGET = "add1-within-budget"


class TieBreaking(StrEnum):
    SUPPORT = "support"
    LEXICOGRAPHIC = "lexicographic"


@dataclass(frozen=True)
class Method:
    """A rule with all its parameters.

    ``threshold`` is the minimum score of a project for the greedy rules (``greedy-threshold``);
    ``comparison`` compares the outcome of equal shares with that of greedy by votes and keeps
    greedy's when more voters prefer it (the ``-comparison`` rules of pabulib).
    """

    rule: Rule = Rule.EQUAL_SHARES
    completion: Completion = Completion.NONE
    tie_breaking: TieBreaking = TieBreaking.SUPPORT
    threshold: int | Fraction = 0
    comparison: bool = False

    def __post_init__(self) -> None:
        if self.rule is not Rule.EQUAL_SHARES and (
            self.completion is not Completion.NONE or self.comparison
        ):
            raise ValueError(
                "le complément (--completion) et la comparaison ne s'appliquent qu'aux parts égales"
            )
        if self.rule is Rule.EQUAL_SHARES and self.threshold:
            raise ValueError("le seuil de voix ne s'applique qu'aux règles gloutonnes")

    @classmethod
    def of_file(cls, meta: dict[str, str], tie_breaking: TieBreaking = TieBreaking.SUPPORT):
        """The method a pabulib file names in its META ``rule`` (and threshold)."""
        name = meta.get("rule", "")
        if name not in PABULIB_RULES:
            known = ", ".join(PABULIB_RULES)
            raise ValueError(
                f"la règle {name!r} du fichier n'est pas définie de façon univoque par le format"
                f" pabulib ; règles prises en charge : {known} (ou indiquez --rule)"
            )
        rule, completion, comparison = PABULIB_RULES[name]
        threshold = 0
        if rule is not Rule.EQUAL_SHARES and "min_project_score_threshold" in meta:
            threshold = parse_number(meta["min_project_score_threshold"])
        elif name == "greedy-threshold":
            raise ValueError("la règle greedy-threshold demande min_project_score_threshold")
        return cls(rule, completion, tie_breaking, threshold, comparison)

    @property
    def pabulib_rule(self) -> str | None:
        """The META ``rule`` value of the format for this method, None if it has none (both
        add1 completions are the format's ``add1``)."""
        completion = self.completion
        if completion is Completion.ADD1:
            completion = Completion.ADD1_WITHIN_BUDGET
        key = (self.rule, completion, self.comparison)
        names = [name for name, value in PABULIB_RULES.items() if value == key]
        if self.rule is Rule.GREEDY and names:
            return "greedy-threshold" if self.threshold else "greedy"
        return names[0] if names else None


# The rules of the pabulib format that define an outcome from the file alone. Its
# greedy-exclusive and greedy-custom depend on local regulations that the file does not give.
PABULIB_RULES: dict[str, tuple[Rule, Completion, bool]] = {
    "greedy": (Rule.GREEDY, Completion.NONE, False),
    "greedy-threshold": (Rule.GREEDY, Completion.NONE, False),
    "greedy-no-skip": (Rule.GREEDY_NO_SKIP, Completion.NONE, False),
    "equalshares": (Rule.EQUAL_SHARES, Completion.NONE, False),
    "equalshares/add1": (Rule.EQUAL_SHARES, Completion.ADD1_WITHIN_BUDGET, False),
    "equalshares-comparison": (Rule.EQUAL_SHARES, Completion.NONE, True),
    "equalshares/add1-comparison": (Rule.EQUAL_SHARES, Completion.ADD1_WITHIN_BUDGET, True),
}


@dataclass
class ProjectOutcome:
    """What happened to one project.

    ``round`` is its position in the selection order and ``selected_by`` the rule that chose
    it. ``rho`` is the price per unit of utility its supporters paid (MES).
    ``supporters_money`` is what its supporters had left when MES stopped, less than its cost.
    ``budget_left`` is the budget that remained when greedy considered it, less than its cost.
    """

    id: str
    cost: str
    supporters: int
    score: str
    selected: bool = False
    selected_by: Rule | None = None
    round: int | None = None
    rho: str | None = None
    supporters_money: str | None = None
    budget_left: str | None = None


@dataclass
class VoterSpending:
    """How each voter of a group with identical ballots spent the MES endowment."""

    voter_ids: list[str]
    endowment: str
    spent: dict[str, str]
    left: str


@dataclass
class TallyResult:
    """``preferences`` (comparison rules): the number of voters with more of the projects they
    support funded under each outcome, by rule; ``selected`` is greedy's when more prefer it."""

    rule: Rule
    completion: Completion
    tie_breaking: TieBreaking
    budget: str
    selected: list[str]
    cost: str
    endowment: str | None = None
    projects: list[ProjectOutcome] = field(default_factory=list)
    voters: list[VoterSpending] = field(default_factory=list)
    threshold: str = "0"
    preferences: dict[str, int] | None = None


def tally(
    election: Election,
    rule: Rule | Method = Rule.EQUAL_SHARES,
    completion: Completion = Completion.NONE,
    tie_breaking: TieBreaking = TieBreaking.SUPPORT,
    *,
    spending: bool = True,
) -> TallyResult:
    """The outcome of a method, or of a rule with a completion and a tie-breaking."""
    method = rule if isinstance(rule, Method) else Method(rule, completion, tie_breaking)
    if method.rule is not Rule.EQUAL_SHARES:
        skip = method.rule is Rule.GREEDY
        return greedy(election, method.tie_breaking, threshold=method.threshold, skip=skip)
    result = equal_shares(election, method.completion, method.tie_breaking, spending=spending)
    if method.comparison:
        result = _compare_with_greedy(election, result)
    return result


def greedy(
    election: Election,
    tie_breaking: TieBreaking = TieBreaking.SUPPORT,
    *,
    threshold: int | Fraction = 0,
    skip: bool = True,
) -> TallyResult:
    """Greedy by votes among the projects scoring at least ``threshold``; without ``skip``, it
    stops at the first project that does not fit (``greedy-no-skip``)."""
    profile = _Profile.of(election)
    rule = Rule.GREEDY if skip else Rule.GREEDY_NO_SKIP
    report = _Report(profile, rule, Completion.NONE, tie_breaking)
    _greedy_fill(profile, report, tie_breaking, threshold=threshold, skip=skip)
    result = report.result()
    result.threshold = _exact(threshold)
    return result


def equal_shares(
    election: Election,
    completion: Completion = Completion.NONE,
    tie_breaking: TieBreaking = TieBreaking.SUPPORT,
    *,
    spending: bool = True,
) -> TallyResult:
    """Run MES; ``spending=False`` leaves out the per-voter spending (``voters``)."""
    profile = _Profile.of(election)
    report = _Report(profile, Rule.EQUAL_SHARES, completion, tie_breaking)
    if profile.voter_count:
        endowment = Fraction(profile.budget, profile.voter_count)
        if completion is not Completion.NONE:
            endowment = _add1_endowment(profile, completion, tie_breaking)
        run = _EqualShares(profile, endowment, tie_breaking, spending=spending).run()
        run.report(report)
    if completion is Completion.ADD1_GREEDY:
        _greedy_fill(profile, report, tie_breaking)
    return report.result()


def _compare_with_greedy(election: Election, result: TallyResult) -> TallyResult:
    """Keep the outcome of greedy by votes instead when more voters have more of the projects
    they support funded under it (the comparison step of pabulib's ``-comparison`` rules)."""
    alternative = greedy(election, result.tie_breaking)
    profile = _Profile.of(election)
    index = {project_id: q for q, project_id in enumerate(profile.ids)}
    funded = []
    for outcome in (result, alternative):
        counts = np.zeros(len(profile.weights), dtype=np.int64)
        for project_id in outcome.selected:
            counts[profile.arrays.supporters[index[project_id]]] += 1
        funded.append(counts)
    weights = np.array(profile.weights, dtype=np.int64)
    preferences = {
        Rule.EQUAL_SHARES.value: int(weights[funded[0] > funded[1]].sum()),
        Rule.GREEDY.value: int(weights[funded[1] > funded[0]].sum()),
    }
    if preferences[Rule.GREEDY] > preferences[Rule.EQUAL_SHARES]:
        alternative.rule, alternative.completion = result.rule, result.completion
        result = alternative
    result.preferences = preferences
    return result


# --- The election as the rules see it ----------------------------------------------------------

_Ballot = tuple[tuple[int, ...], tuple[int | Fraction, ...] | None]  # projects, points or None


def _natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    parts = re.split(r"(\d+)", text)
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in parts if part)


def _scale(numbers: list[int | Fraction]) -> int:
    """The smallest positive integer that turns all the numbers into integers."""
    return math.lcm(1, *(Fraction(n).denominator for n in numbers))


def _group_ballots(election: Election, index: dict[str, int]) -> list[tuple[_Ballot, list[str]]]:
    """Identical ballots (by project index) and their voters, groups of a single voter first."""
    groups: dict[_Ballot, list[str]] = {}
    position = index.__getitem__
    if election.vote_type in APPROVAL_TYPES:
        for ballot in election.ballots:
            key = (tuple(sorted(map(position, ballot.projects))), None)
            groups.setdefault(key, []).append(ballot.voter_id)
    else:
        for voter_id, scores in _points(election):
            pairs = sorted((position(p), points) for p, points in scores)
            projects, points = zip(*pairs, strict=True) if pairs else ((), ())
            groups.setdefault((projects, points), []).append(voter_id)
    return sorted(groups.items(), key=lambda group: len(group[1]) > 1)


def _points(election: Election) -> list[tuple[str, list[tuple[str, int | Fraction]]]]:
    """The (project, points) of each ballot that is not an approval ballot."""
    ballots = election.ballots
    if election.vote_type == "ordinal" and any(b.points is None for b in ballots):
        longest = max((len(b.projects) for b in ballots), default=0)
        positional = range(int(election.meta.get("max_length", longest)), 0, -1)
        return [(b.voter_id, list(zip(b.projects, positional, strict=False))) for b in ballots]
    if any(b.points is None for b in ballots):
        raise ValueError(f"{election.vote_type} ballots need points")
    return [(b.voter_id, list(zip(b.projects, b.points or (), strict=True))) for b in ballots]


@dataclass
class _Profile:
    """Projects by index, money scaled to integers, identical ballots grouped.

    Groups of a single voter come first; ``shared`` is the index of the first group of several
    voters. ``supporters[q]`` lists, in increasing order, the groups giving project q a positive
    score; ``utilities[q]`` gives their scaled integer scores, or is None on approval ballots,
    whose MES utility is the project cost for every supporter. ``rho_units[q]`` turns a price
    in scaled money per unit of (scaled, or cost) utility into rho.
    """

    ids: list[str]
    costs: list[int]
    money_scale: int
    score_scale: int
    budget: int
    voter_count: int
    groups: list[list[str]]
    weights: list[int]
    shared: int
    supporters: list[list[int]]
    utilities: list[list[int] | None]
    rho_units: list[Fraction]
    scores: list[int]
    supporter_counts: list[int]

    @classmethod
    def of(cls, election: Election) -> _Profile:
        ids = list(election.projects)
        raw_costs = [project.cost for project in election.projects.values()]
        money_scale = _scale([*raw_costs, election.budget])
        costs = [int(cost * money_scale) for cost in raw_costs]
        grouped = _group_ballots(election, {project_id: q for q, project_id in enumerate(ids)})
        weights = [len(voter_ids) for _, voter_ids in grouped]
        ballots = [ballot for ballot, _ in grouped]
        approval = election.vote_type in APPROVAL_TYPES
        score_scale = _scale([point for _, points in ballots for point in points or ()])
        if approval:
            supporters = _approvals(len(ids), ballots)
            utilities: list[list[int] | None] = [None] * len(ids)
            scores = [sum(map(weights.__getitem__, groups)) for groups in supporters]
        else:
            supporters, utilities, scores = _scored(len(ids), ballots, weights, score_scale)
        return cls(
            ids=ids,
            costs=costs,
            money_scale=money_scale,
            score_scale=score_scale,
            budget=int(election.budget * money_scale),
            voter_count=len(election.ballots),
            groups=[voter_ids for _, voter_ids in grouped],
            weights=weights,
            shared=weights.count(1),
            supporters=supporters,
            utilities=utilities,
            rho_units=[
                Fraction(cost) if approval else Fraction(money_scale, score_scale) for cost in costs
            ],
            scores=scores,
            supporter_counts=[sum(map(weights.__getitem__, groups)) for groups in supporters],
        )

    @cached_property
    def arrays(self) -> _Arrays:
        return _Arrays(self)

    def tie_key(self, tie_breaking: TieBreaking) -> Callable[[int], tuple]:
        if tie_breaking is TieBreaking.LEXICOGRAPHIC:
            return lambda q: (self.ids[q],)
        return lambda q: (-self.supporter_counts[q], self.costs[q], _natural_key(self.ids[q]))

    def money(self, amount: int | Fraction) -> str:
        return _exact(Fraction(amount, self.money_scale))


def _approvals(project_count: int, ballots: list[_Ballot]) -> list[list[int]]:
    supporters: list[list[int]] = [[] for _ in range(project_count)]
    for g, (projects, _) in enumerate(ballots):
        for q in projects:
            supporters[q].append(g)
    return supporters


def _scored(
    project_count: int, ballots: list[_Ballot], weights: list[int], score_scale: int
) -> tuple[list[list[int]], list[list[int] | None], list[int]]:
    """Supporters, their scaled utilities and the total scaled score of each project."""
    supporters: list[list[int]] = [[] for _ in range(project_count)]
    utilities: list[list[int]] = [[] for _ in range(project_count)]
    scores = [0] * project_count
    for g, (projects, points) in enumerate(ballots):
        for q, point in zip(projects, points or (), strict=True):
            score = int(point * score_scale)
            scores[q] += score * weights[g]
            if score > 0:
                supporters[q].append(g)
                utilities[q].append(score)
    return supporters, list(utilities), scores


def _exact(value: int | Fraction) -> str:
    value = Fraction(value)
    try:
        return format_number(value)
    except ValueError:
        return str(value)


# --- Report ------------------------------------------------------------------------------------


class _Report:
    """Collects the selection and its explanation while the rules run."""

    def __init__(
        self,
        profile: _Profile,
        rule: Rule,
        completion: Completion,
        tie_breaking: TieBreaking,
    ) -> None:
        self.profile = profile
        self.header = (rule, completion, tie_breaking)
        self.selected: list[int] = []
        self.cost = 0
        self.endowment: str | None = None
        self.projects = [
            ProjectOutcome(
                id=project_id,
                cost=profile.money(profile.costs[q]),
                supporters=profile.supporter_counts[q],
                score=_exact(Fraction(profile.scores[q], profile.score_scale)),
            )
            for q, project_id in enumerate(profile.ids)
        ]
        self.voters: list[VoterSpending] = []

    def select(self, q: int, rule: Rule, rho: Fraction | None = None) -> None:
        self.selected.append(q)
        self.cost += self.profile.costs[q]
        outcome = self.projects[q]
        outcome.selected, outcome.selected_by = True, rule
        outcome.round = len(self.selected)
        outcome.rho = None if rho is None else _exact(rho)

    def result(self) -> TallyResult:
        rule, completion, tie_breaking = self.header
        return TallyResult(
            rule=rule,
            completion=completion,
            tie_breaking=tie_breaking,
            budget=self.profile.money(self.profile.budget),
            selected=[self.profile.ids[q] for q in self.selected],
            cost=self.profile.money(self.cost),
            endowment=self.endowment,
            projects=self.projects,
            voters=self.voters,
        )


# --- Greedy ------------------------------------------------------------------------------------


def _greedy_fill(
    profile: _Profile,
    report: _Report,
    tie_breaking: TieBreaking,
    *,
    threshold: int | Fraction = 0,
    skip: bool = True,
) -> None:
    """Take the projects not selected yet by decreasing score while they fit in the budget;
    only those scoring at least ``threshold``; without ``skip``, stop at the first that does
    not fit."""
    tie_key = profile.tie_key(tie_breaking)
    chosen = set(report.selected)
    least = threshold * profile.score_scale
    ranking = sorted(
        (
            q
            for q, score in enumerate(profile.scores)
            if score > 0 and score >= least and q not in chosen
        ),
        key=lambda q: (-profile.scores[q], tie_key(q)),
    )
    for q in ranking:
        left = profile.budget - report.cost
        if profile.costs[q] <= left:
            report.select(q, Rule.GREEDY if skip else Rule.GREEDY_NO_SKIP)
        else:
            report.projects[q].budget_left = profile.money(left)
            if not skip:
                return


# --- Method of Equal Shares --------------------------------------------------------------------


def _split(
    cost: int, values: list, utilities: list[int], weights: list[int], approval: bool
) -> tuple[list[int], int | Fraction, int]:
    """The poor pairs (by position), what they pay in total and the utility of the others.

    ``values`` is the money of a voter of each pair of supporters, ``utilities`` its utility
    and ``weights`` its number of voters. Supporters are taken by increasing money per unit
    of utility; one is poor when its share of the rest of the cost, divided with the richer
    ones in proportion to utility, exceeds its money. The poor pay all they have.
    """
    if approval:
        order = sorted(range(len(values)), key=values.__getitem__)
    else:
        order = sorted(range(len(values)), key=lambda k: Fraction(values[k], utilities[k]))
    utility = sum(u * w for u, w in zip(utilities, weights, strict=True))
    paid = poor = 0
    for k in order:
        u, w = utilities[k], weights[k]
        if (cost - paid) * u <= values[k] * utility:
            break
        paid += values[k] * w
        utility -= u * w
        poor += 1
    return order[:poor], paid, utility


def _candidates(profile: _Profile) -> tuple[list[int], list[int]]:
    """The supported projects that cost nothing and bring utility (selected first, rho 0), and
    the other supported projects. A project costing nothing brings no cost utility: MES
    ignores it on approval ballots."""
    free, paying = [], []
    for q, supporters in enumerate(profile.supporters):
        if not supporters:
            continue
        if profile.costs[q]:
            paying.append(q)
        elif profile.utilities[q] is not None:
            free.append(q)
    return free, paying


def _is_exhaustive(profile: _Profile, chosen: set[int]) -> bool:
    """No supported project with a cost, outside the selection, fits in the budget left."""
    left = profile.budget - sum(profile.costs[q] for q in chosen)
    return not any(
        supporters and q not in chosen and 0 < profile.costs[q] <= left
        for q, supporters in enumerate(profile.supporters)
    )


_Pair = tuple[int, int]  # (budget id, utility)


@dataclass
class _Price:
    """The affordability computation of a project in one round.

    ``pairs`` lists the (budget id, utility) pairs among its supporters, ``weights`` their
    numbers of voters and ``values`` what each of their voters has left. The ``poor`` pairs
    (by position) pay all they have, ``paid`` in total; the others pay
    ``(cost - paid) / utility`` per unit of utility, ``utility`` being their total utility.
    """

    project: int
    pairs: list[_Pair]
    weights: list[int]
    values: list[int]
    rho: Fraction
    paid: int
    utility: int
    poor: set[int]


class _EqualShares:
    """One run of MES at a fixed endowment (in scaled money per voter), in exact arithmetic.

    Money is counted in units of 1 / ``denominator`` of scaled money, a denominator that grows
    as rounds divide costs between supporters. The voters of group g have the amount
    ``budget_id[g]`` left; amounts are kept as ``(value, epoch)`` in units of the denominator
    of round ``epoch``, which ``factors[epoch]`` turns into current units.
    """

    def __init__(
        self,
        profile: _Profile,
        endowment: Fraction,
        tie_breaking: TieBreaking,
        *,
        spending: bool = False,
    ) -> None:
        self.profile = profile
        self.endowment = endowment
        self.tie_key = profile.tie_key(tie_breaking)
        self.denominator = endowment.denominator
        self.factors = [1]
        self.amounts = [(0, 0), (endowment.numerator, 0)]
        self.budget_id = [1] * len(profile.weights)
        self.spending: list[list[tuple[int, str]]] | None = (
            [[] for _ in profile.weights] if spending else None
        )
        self.selection: list[tuple[int, Fraction]] = []
        self.dropped: list[int] = []

    def run(self) -> _EqualShares:
        free, paying = _candidates(self.profile)
        self.selection.extend((q, Fraction(0)) for q in free)
        candidates = [(Fraction(0), self.tie_key(q), q) for q in paying]
        heapq.heapify(candidates)
        while (price := self._best(candidates)) is not None:
            self._pay(price)
            self.selection.append((price.project, price.rho))
        return self

    def _amount(self, i: int) -> int:
        value, epoch = self.amounts[i]
        return value * self.factors[epoch]

    def _best(self, candidates: list[tuple[Fraction, tuple, int]]) -> _Price | None:
        """Pop candidates by increasing lower bound of rho until none can beat the best.

        A candidate's rho can only grow from round to round (its supporters' money only
        shrinks), so the rho of its last computation is a lower bound.
        """
        best: _Price | None = None
        best_key: tuple = ()
        fresh: list[_Price] = []
        while candidates and (best is None or candidates[0][:2] <= (best.rho, best_key)):
            _, key, q = heapq.heappop(candidates)
            price = self._price(q)
            if price is None:
                continue
            fresh.append(price)
            if best is None or (price.rho, key) < (best.rho, best_key):
                best, best_key = price, key
        for price in fresh:
            if price is not best:
                heapq.heappush(candidates, (price.rho, self.tie_key(price.project), price.project))
        return best

    def _supporter_weights(self, q: int) -> tuple[list[_Pair], list[int]]:
        """The (budget id, utility) pairs among the supporters of q and their numbers of voters."""
        profile, budget_id = self.profile, self.budget_id
        supporters, utilities = profile.supporters[q], profile.utilities[q]
        cut = bisect.bisect_left(supporters, profile.shared)
        if utilities is None:
            by_id = Counter(map(budget_id.__getitem__, supporters[:cut]))
            for g in supporters[cut:]:
                by_id[budget_id[g]] += profile.weights[g]
            return list(zip(by_id, itertools.repeat(1))), list(by_id.values())
        pairs = zip(map(budget_id.__getitem__, supporters), utilities, strict=True)
        by_pair = Counter(itertools.islice(pairs, cut))
        for g, pair in zip(supporters[cut:], pairs, strict=True):
            by_pair[pair] += profile.weights[g]
        return list(by_pair), list(by_pair.values())

    def _price(self, q: int) -> _Price | None:
        """Compute the rho of q now, or drop q if its supporters cannot afford it."""
        cost = self.profile.costs[q] * self.denominator
        pairs, weights = self._supporter_weights(q)
        values = [self._amount(i) for i, _ in pairs]
        if sum(v * w for v, w in zip(values, weights, strict=True)) < cost:
            self.dropped.append(q)
            return None
        utilities = [u for _, u in pairs]
        approval = self.profile.utilities[q] is None
        poor, paid, utility = _split(cost, values, utilities, weights, approval)
        unit = self.denominator * utility * self.profile.rho_units[q]
        return _Price(q, pairs, weights, values, (cost - paid) / unit, paid, utility, set(poor))

    def _pay(self, price: _Price) -> None:
        """Supporters pay: poor ones all they have, the others their share of the rest."""
        remainder = self.profile.costs[price.project] * self.denominator - price.paid
        divisor = math.gcd(remainder, price.utility)
        factor, share = price.utility // divisor, remainder // divisor
        if factor > 1:
            self.denominator *= factor
            self.factors = [f * factor for f in self.factors]
        self.factors.append(1)
        epoch = len(self.factors) - 1
        new_ids: dict[_Pair, int] = {}
        for k, (pair, value) in enumerate(zip(price.pairs, price.values, strict=True)):
            value = value * factor - share * pair[1]
            if k in price.poor or not value:
                new_ids[pair] = 0
            else:
                new_ids[pair] = len(self.amounts)
                self.amounts.append((value, epoch))
        if self.spending is not None:
            self._record_spending(self.spending, price, self._payments(price, factor, share))
        self._move_supporters(price.project, new_ids)

    def _payments(self, price: _Price, factor: int, share: int) -> dict[_Pair, str]:
        """What a voter of each pair pays, in currency: all it has if poor, else its share."""
        shares: dict[int, str] = {}
        paid = {}
        for k, (pair, value) in enumerate(zip(price.pairs, price.values, strict=True)):
            u = pair[1]
            if k in price.poor:
                paid[pair] = self._currency(value * factor)
            elif u in shares:
                paid[pair] = shares[u]
            else:
                paid[pair] = shares[u] = self._currency(share * u)
        return paid

    def _record_spending(
        self, spending: list[list[tuple[int, str]]], price: _Price, paid: dict[_Pair, str]
    ) -> None:
        """Note what each supporter pays (before their budget ids move)."""
        q, budget_id = price.project, self.budget_id
        utilities = self.profile.utilities[q] or itertools.repeat(1)
        for g, u in zip(self.profile.supporters[q], utilities, strict=False):
            spending[g].append((q, paid[(budget_id[g], u)]))

    def _move_supporters(self, q: int, new_ids: dict[_Pair, int]) -> None:
        supporters, utilities = self.profile.supporters[q], self.profile.utilities[q]
        budget_id = self.budget_id
        if utilities is None:
            by_id = {i: new for (i, _), new in new_ids.items()}
            for g in supporters:
                budget_id[g] = by_id[budget_id[g]]
        else:
            for g, u in zip(supporters, utilities, strict=True):
                budget_id[g] = new_ids[(budget_id[g], u)]

    def _currency(self, value: int) -> str:
        return _exact(Fraction(value, self.denominator * self.profile.money_scale))

    def report(self, report: _Report) -> None:
        report.endowment = self.profile.money(self.endowment)
        for q, rho in self.selection:
            report.select(q, Rule.EQUAL_SHARES, rho)
        for q in self.dropped:
            pairs, weights = self._supporter_weights(q)
            money = sum(self._amount(i) * w for (i, _), w in zip(pairs, weights, strict=True))
            report.projects[q].supporters_money = self._currency(money)
        if self.spending is not None:
            self._report_spending(report, self.spending)

    def _report_spending(self, report: _Report, spending: list[list[tuple[int, str]]]) -> None:
        ids, budget_id = self.profile.ids, self.budget_id
        endowment = self.profile.money(self.endowment)
        left = {i: self._currency(self._amount(i)) for i in set(budget_id)}
        report.voters = [
            VoterSpending(
                voter_ids=voter_ids,
                endowment=endowment,
                spent={ids[q]: amount for q, amount in spending[g]},
                left=left[budget_id[g]],
            )
            for g, voter_ids in enumerate(self.profile.groups)
        ]


# --- The add1 completion: many runs in floating point, exact where a comparison is close ------

# A bound of the relative rounding error of the floating-point values below, far above the
# actual error (double precision, a few hundred operations per value): two values closer than
# this are compared again in exact arithmetic.
_TOLERANCE = 1e-9


class _Arrays:
    """The supporters of each project as arrays, for the floating-point runs."""

    def __init__(self, profile: _Profile) -> None:
        weights = np.array(profile.weights, dtype=np.float64)
        self.supporters = [np.array(s, dtype=np.intp) for s in profile.supporters]
        self.weights = [weights[s] for s in self.supporters]
        self.utilities = [
            None if u is None else np.array(u, dtype=np.int64) for u in profile.utilities
        ]
        self.utility_bound = [0 if u is None else max(u, default=0) + 1 for u in profile.utilities]
        self.total_utility = [
            float(w.sum()) if u is None else float(w @ u)
            for w, u in zip(self.weights, self.utilities, strict=True)
        ]
        self.costs = [float(cost) for cost in profile.costs]
        self.rho_units = [float(unit) for unit in profile.rho_units]


@dataclass
class _Estimate:
    """The affordability computation of a project in one round, in floating point.

    ``ids`` are the budget ids among its supporters (pairs with ``utilities``, None on approval
    ballots), ``weights`` their numbers of voters and ``inverse`` the position of each
    supporter's pair (None on approval ballots, found when the project is selected).
    Supporters pay ``share`` per unit of utility (all they have if less).
    The exact rho is within ``error`` of ``rho``.
    """

    project: int
    ids: np.ndarray
    utilities: np.ndarray | None
    weights: np.ndarray
    inverse: np.ndarray | None
    share: float
    rho: float
    error: float


class _FastEqualShares:
    """One run of MES that returns the projects it selects, for the add1 completion.

    Amounts are floats, identified as in ``_EqualShares`` by budget ids; each id also records
    where it comes from (the id it was before paying, the round and the utility paid for),
    so that its exact value can be computed when needed. Only two decisions are discrete:
    whether supporters can afford a project, and which project has the smallest rho (then the
    tie-breaking key). Each is taken in floating point when the values compared are further
    apart than their rounding errors, in exact arithmetic otherwise; the other computations
    are continuous, so rounding moves their results by no more than those errors.
    """

    def __init__(self, profile: _Profile, endowment: Fraction, tie_key: Callable) -> None:
        self.profile, self.arrays = profile, profile.arrays
        self.tie_key = tie_key
        self.ids = np.ones(len(profile.weights), dtype=np.intp)
        self.balances = np.zeros(1024)
        self.balances[1] = float(endowment)
        self.size = 2
        # Where each budget id comes from: the id before paying, the round, the utility paid for.
        self.parents = np.zeros(1024, dtype=np.intp)
        self.paid_in = np.zeros(1024, dtype=np.intp)
        self.paid_for = np.zeros(1024, dtype=np.int64)
        self.exact: dict[int, Fraction] = {0: Fraction(0), 1: endowment}
        self.rounds: list[_Estimate] = []
        self.shares: dict[int, Fraction] = {}

    def run(self) -> list[int]:
        arrays = self.arrays
        free, paying = _candidates(self.profile)
        candidates = [  # every supporter pays at most share * utility: a lower bound of rho
            (
                arrays.costs[q] / arrays.total_utility[q] / arrays.rho_units[q] * (1 - _TOLERANCE),
                self.tie_key(q),
                q,
            )
            for q in paying
        ]
        heapq.heapify(candidates)
        selection = free
        while (estimate := self._best(candidates)) is not None:
            self._pay(estimate)
            selection.append(estimate.project)
        return selection

    def _best(self, candidates: list[tuple[float, tuple, int]]) -> _Estimate | None:
        """As ``_EqualShares._best``, with the lower bounds lowered by the rounding error and
        the candidates too close to the best compared in exact arithmetic."""
        best: _Estimate | None = None
        fresh: list[_Estimate] = []
        while candidates and (best is None or candidates[0][0] <= best.rho + best.error):
            q = heapq.heappop(candidates)[2]
            estimate = self._estimate(q)
            if estimate is not None:
                fresh.append(estimate)
                if best is None or estimate.rho < best.rho:
                    best = estimate
        if best is None:
            return None
        close = [e for e in fresh if e.rho - e.error <= best.rho + best.error]
        if len(close) > 1:
            best = min(close, key=lambda e: (self._exact_rho(e), self.tie_key(e.project)))
        for estimate in fresh:
            if estimate is not best:
                bound = estimate.rho - estimate.error
                heapq.heappush(
                    candidates, (bound, self.tie_key(estimate.project), estimate.project)
                )
        return best

    def _estimate(self, q: int) -> _Estimate | None:
        """The rho of q now in floating point, or None if its supporters cannot afford it."""
        arrays = self.arrays
        ids = self.ids[arrays.supporters[q]]
        utilities = arrays.utilities[q]
        if utilities is None:
            counts = np.bincount(ids, weights=arrays.weights[q])
            pair_ids = np.flatnonzero(counts)
            weights, pair_utilities = counts[pair_ids], None
            inverse = None
            money = ratio = self.balances[pair_ids]
            utility_weights = weights
        else:
            bound = arrays.utility_bound[q]
            keys, inverse = np.unique(ids * bound + utilities, return_inverse=True)
            weights = np.bincount(inverse, weights=arrays.weights[q])
            pair_ids, pair_utilities = np.divmod(keys, bound)
            money = self.balances[pair_ids]
            ratio = money / pair_utilities
            utility_weights = weights * pair_utilities
        cost = arrays.costs[q]
        total = float(money @ weights)
        if total < cost * (1 - _TOLERANCE) or (
            total <= cost * (1 + _TOLERANCE)
            and self._exact_total(pair_ids, weights) < self.profile.costs[q]
        ):
            return None
        order = np.argsort(ratio, kind="stable")
        spent = (money * weights)[order]
        paid_before = np.cumsum(spent) - spent
        utility_weights = utility_weights[order]
        utility_from = arrays.total_utility[q] - (np.cumsum(utility_weights) - utility_weights)
        rich = cost - paid_before <= ratio[order] * utility_from
        first = int(np.argmax(rich)) if rich.any() else len(order) - 1
        share = (cost - paid_before[first]) / utility_from[first]
        unit = utility_from[first] * arrays.rho_units[q]
        return _Estimate(
            q,
            pair_ids,
            pair_utilities,
            weights,
            inverse,
            share,
            (cost - paid_before[first]) / unit,
            _TOLERANCE * cost / unit,
        )

    def _pay(self, estimate: _Estimate) -> None:
        """Supporters pay: new budget ids for those left with money, 0 for the others."""
        utilities = 1.0 if estimate.utilities is None else estimate.utilities
        money = self.balances[estimate.ids]
        due = estimate.share * utilities
        left = money - due
        keep = left >= -_TOLERANCE * (money + due)  # surely poor otherwise
        count = int(keep.sum())
        new_ids = np.zeros(len(estimate.ids), dtype=np.intp)
        new_ids[keep] = np.arange(self.size, self.size + count)
        end = self.size + count
        if end > len(self.balances):
            for name in ("balances", "parents", "paid_in", "paid_for"):
                setattr(self, name, np.resize(getattr(self, name), 2 * end))
        self.balances[self.size : end] = np.maximum(left[keep], 0)
        self.parents[self.size : end] = estimate.ids[keep]
        self.paid_in[self.size : end] = len(self.rounds)
        self.paid_for[self.size : end] = 1 if estimate.utilities is None else utilities[keep]
        self.size = end
        self.rounds.append(estimate)
        supporters = self.arrays.supporters[estimate.project]
        if estimate.inverse is None:
            by_id = np.empty(self.size, dtype=np.intp)
            by_id[estimate.ids] = new_ids
            self.ids[supporters] = by_id[self.ids[supporters]]
        else:
            self.ids[supporters] = new_ids[estimate.inverse]

    # Exact arithmetic, when a comparison needs it

    def _exact_balance(self, i: int) -> Fraction:
        """What a voter of budget id i has: its money before the round it was made in, less
        what it paid then (nothing left if it was poor)."""
        chain = []
        while i not in self.exact:
            chain.append(i)
            i = int(self.parents[i])
        value = self.exact[i]
        for j in reversed(chain):
            due = self._share(int(self.paid_in[j])) * int(self.paid_for[j])
            value = self.exact[j] = max(Fraction(0), value - due)
        return value

    def _exact_split(self, estimate: _Estimate) -> tuple[int, int | Fraction, int]:
        values = [self._exact_balance(i) for i in estimate.ids.tolist()]
        utilities = [1] * len(values) if estimate.utilities is None else estimate.utilities.tolist()
        weights = [int(w) for w in estimate.weights.tolist()]
        cost = self.profile.costs[estimate.project]
        _, paid, utility = _split(cost, values, utilities, weights, estimate.utilities is None)
        return cost, paid, utility

    def _share(self, round_: int) -> Fraction:
        """What the rich supporters of a round's winner paid per unit of utility."""
        if round_ not in self.shares:
            cost, paid, utility = self._exact_split(self.rounds[round_])
            self.shares[round_] = (cost - paid) / Fraction(utility)
        return self.shares[round_]

    def _exact_rho(self, estimate: _Estimate) -> Fraction:
        cost, paid, utility = self._exact_split(estimate)
        return (cost - paid) / (utility * self.profile.rho_units[estimate.project])

    def _exact_total(self, ids: np.ndarray, weights: np.ndarray) -> Fraction:
        return sum(
            (
                self._exact_balance(i) * int(w)
                for i, w in zip(ids.tolist(), weights.tolist(), strict=True)
            ),
            Fraction(0),
        )


def _add1_endowment(profile: _Profile, completion: Completion, tie_breaking: TieBreaking):
    """The endowment the add1 completion keeps (in scaled money per voter)."""
    tie_key = profile.tie_key(tie_breaking)
    step = profile.money_scale
    kept = endowment = Fraction(profile.budget, profile.voter_count)
    within_budget = completion is Completion.ADD1_WITHIN_BUDGET
    if within_budget:  # whole currency units, from the first above the equal share
        endowment = Fraction(profile.budget // profile.voter_count // step * step + step)
    paying = len(_candidates(profile)[1])
    while True:
        chosen = set(_FastEqualShares(profile, endowment, tie_key).run())
        if sum(profile.costs[q] for q in chosen) > profile.budget:
            return kept
        funded = sum(1 for q in chosen if profile.costs[q])
        if funded == paying or (not within_budget and _is_exhaustive(profile, chosen)):
            return endowment
        kept, endowment = endowment, endowment + step
