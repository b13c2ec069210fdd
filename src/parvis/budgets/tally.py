"""Tally rules for participatory budgeting: greedy by votes and the Method of Equal Shares.

All arithmetic is exact (integers and fractions), so an outcome never depends on rounding and
can be reproduced from the published ballots.

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
    ``budget_step`` = number of voters differs only there). To avoid running every increment,
    a run also proves how far the endowment can grow with the same outcome (see
    ``_EqualShares``); the increments before that point are skipped, which changes nothing to
    the result. ``ADD1_GREEDY`` then fills the budget left greedily by votes, as pabutools'
    ``completion_by_rule_combination`` of the two rules does.

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

from parvis.budgets.pabulib import Election, format_number

__all__ = [
    "Completion",
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
    EQUAL_SHARES = "equal-shares"


class Completion(StrEnum):
    NONE = "none"
    ADD1 = "add1"
    ADD1_GREEDY = "add1+greedy"


class TieBreaking(StrEnum):
    SUPPORT = "support"
    LEXICOGRAPHIC = "lexicographic"


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
    rule: Rule
    completion: Completion
    tie_breaking: TieBreaking
    budget: str
    selected: list[str]
    cost: str
    endowment: str | None = None
    projects: list[ProjectOutcome] = field(default_factory=list)
    voters: list[VoterSpending] = field(default_factory=list)


def tally(
    election: Election,
    rule: Rule = Rule.EQUAL_SHARES,
    completion: Completion = Completion.NONE,
    tie_breaking: TieBreaking = TieBreaking.SUPPORT,
    *,
    spending: bool = True,
) -> TallyResult:
    if rule is Rule.GREEDY:
        if completion is not Completion.NONE:
            raise ValueError("completions apply to equal shares only")
        return greedy(election, tie_breaking)
    return equal_shares(election, completion, tie_breaking, spending=spending)


def greedy(election: Election, tie_breaking: TieBreaking = TieBreaking.SUPPORT) -> TallyResult:
    profile = _Profile.of(election)
    report = _Report(profile, Rule.GREEDY, Completion.NONE, tie_breaking)
    _greedy_fill(profile, report, tie_breaking)
    return report.result()


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
            endowment += _add1_increments(profile, endowment, tie_breaking) * profile.money_scale
        run = _EqualShares(profile, endowment, tie_breaking, spending=spending).run()
        run.report(report)
    if completion is Completion.ADD1_GREEDY:
        _greedy_fill(profile, report, tie_breaking)
    return report.result()


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


def _greedy_fill(profile: _Profile, report: _Report, tie_breaking: TieBreaking) -> None:
    """Take the projects not selected yet by decreasing score while they fit in the budget."""
    tie_key = profile.tie_key(tie_breaking)
    chosen = set(report.selected)
    ranking = sorted(
        (q for q, score in enumerate(profile.scores) if score > 0 and q not in chosen),
        key=lambda q: (-profile.scores[q], tie_key(q)),
    )
    for q in ranking:
        left = profile.budget - report.cost
        if profile.costs[q] <= left:
            report.select(q, Rule.GREEDY)
        else:
            report.projects[q].budget_left = profile.money(left)


# --- Method of Equal Shares --------------------------------------------------------------------


class _Horizon:
    """How far (in currency units) the endowment can grow with every decision of a run kept.

    Each decision is the sign of a quantity affine in the increase x of the endowment,
    h(x) = h0 + h1 * x with h0 >= 0: it holds until h reaches 0.
    """

    def __init__(self, window: int) -> None:
        self.numerator, self.denominator = window, 1

    def keep(self, h0: int | Fraction, h1: int | Fraction) -> None:
        if h1 < 0 and h0 * self.denominator < self.numerator * -h1:
            self.numerator, self.denominator = h0, -h1

    def limit(self) -> Fraction:
        return Fraction(self.numerator) / self.denominator


_Pair = tuple[int, int]  # (budget id, utility)
_Money = tuple[int, int, int]  # (value, upper slope, lower slope)


@dataclass
class _Price:
    """The affordability computation of a project in one round.

    ``pairs`` lists the (budget id, utility) pairs among its supporters, ``weights`` their
    numbers of voters and ``money`` what each of their voters has left; ``supporters_utility``
    is the total utility. The ``poor`` pairs (by position) pay all they have, ``paid`` in total
    (growing by at most ``paid_slope`` per currency unit of endowment); the others pay
    ``(cost - paid) / utility`` per unit of utility, ``utility`` being their total utility.
    ``rho_floor_slope`` is the slope of a lower bound of rho as the endowment grows;
    ``rho_ceiling_slope``, set for the winner of a tracked round, that of an upper bound.
    """

    project: int
    pairs: list[_Pair]
    weights: list[int]
    money: list[_Money]
    supporters_utility: int
    rho: Fraction
    rho_floor_slope: Fraction
    paid: int
    paid_slope: int
    utility: int
    poor: set[int]
    rho_ceiling_slope: Fraction = Fraction(0)


class _EqualShares:
    """One run of MES at a fixed endowment (in scaled money per voter).

    Money is counted in units of 1 / ``denominator`` of scaled money, a denominator that grows
    as rounds divide costs between supporters. The voters of group g have the amount
    ``budget_id[g]`` left; amounts are kept as ``(value, upper slope, lower slope, epoch)`` in
    units of the denominator of round ``epoch``, which ``factors[epoch]`` turns into current
    units.

    With a positive ``window``, the run also proves how far (up to ``window`` currency units)
    the endowment can grow without changing its outcome, in ``horizon``. As long as the same
    projects win the rounds, the money left can only grow with the endowment and prices only
    fall (by induction over the rounds), and within the window each amount stays between
    ``value + lower slope * x`` and ``value + upper slope * x``. A winner stays the winner
    while a lower bound of every other candidate's rho stays above an upper bound of its own,
    and a dropped project stays dropped while an upper bound of its supporters' money stays
    below its cost.
    """

    def __init__(
        self,
        profile: _Profile,
        endowment: Fraction,
        tie_breaking: TieBreaking,
        *,
        window: int = 0,
        spending: bool = False,
    ) -> None:
        self.profile = profile
        self.endowment = endowment
        self.window = window
        self.tie_key = profile.tie_key(tie_breaking)
        self.denominator = endowment.denominator
        self.factors = [1]
        slope = profile.money_scale * self.denominator if window else 0
        self.amounts = [(0, 0, 0, 0), (endowment.numerator, slope, slope, 0)]
        self.budget_id = [1] * len(profile.weights)
        self.horizon = _Horizon(window)
        self.spending: list[list[tuple[int, str]]] | None = (
            [[] for _ in profile.weights] if spending else None
        )
        self.rho_floors: dict[int, tuple[Fraction, Fraction]] = {}
        self.selection: list[tuple[int, Fraction]] = []
        self.dropped: list[int] = []

    def run(self) -> _EqualShares:
        candidates = []
        for q, supporters in enumerate(self.profile.supporters):
            if not supporters or self._is_free_without_utility(q):
                continue
            if self.profile.costs[q] == 0:
                self.selection.append((q, Fraction(0)))
            else:
                candidates.append((Fraction(0), self.tie_key(q), q))
                self.rho_floors[q] = (Fraction(0), Fraction(0))
        heapq.heapify(candidates)
        while (price := self._best(candidates)) is not None:
            if self.window:
                price.rho_ceiling_slope = self._rho_ceiling_slope(price)
                self._keep_winner(price, candidates)
            self._pay(price)
            self.selection.append((price.project, price.rho))
        return self

    def _is_free_without_utility(self, q: int) -> bool:
        """A project costing nothing brings no cost utility: MES ignores it on approval ballots."""
        return self.profile.costs[q] == 0 and self.profile.utilities[q] is None

    def _amount(self, i: int) -> int:
        value, _, _, epoch = self.amounts[i]
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
        table, factors = self.amounts, self.factors
        money: list[_Money] = []
        total = utility = 0
        for (i, u), w in zip(pairs, weights, strict=True):
            value, upper, lower, epoch = table[i]
            factor = factors[epoch]
            value *= factor
            money.append((value, upper * factor, lower * factor))
            total += value * w
            utility += u * w
        if total < cost:
            total_slope = sum(m[1] * w for m, w in zip(money, weights, strict=True))
            self.horizon.keep(cost - total, -total_slope)
            self.dropped.append(q)
            return None
        values = [m[0] for m in money]
        poor, paid, rich_utility = self._split(q, pairs, weights, values, utility)
        paid_slope = sum(money[k][1] * weights[k] for k in poor)
        unit = self.denominator * rich_utility * self.profile.rho_units[q]
        rho, rho_floor_slope = (cost - paid) / unit, -paid_slope / unit
        self.rho_floors[q] = (rho, rho_floor_slope)
        return _Price(
            project=q,
            pairs=pairs,
            weights=weights,
            money=money,
            supporters_utility=utility,
            rho=rho,
            rho_floor_slope=rho_floor_slope,
            paid=paid,
            paid_slope=paid_slope,
            utility=rich_utility,
            poor=set(poor),
        )

    def _split(
        self, q: int, pairs: list[_Pair], weights: list[int], values: list[int], utility: int
    ) -> tuple[list[int], int, int]:
        """The poor pairs (by position), what they pay in total and the utility of the others.

        ``utility`` is that of all the pairs. Supporters are taken by increasing money per unit
        of utility; one is poor when its share of the rest of the cost, divided with the richer
        ones in proportion to utility, exceeds its money.
        """
        cost = self.profile.costs[q] * self.denominator
        if self.profile.utilities[q] is None:
            order = sorted(range(len(pairs)), key=values.__getitem__)
        else:
            order = sorted(range(len(pairs)), key=lambda k: Fraction(values[k], pairs[k][1]))
        paid = poor = 0
        for k in order:
            u, w = pairs[k][1], weights[k]
            if (cost - paid) * u <= values[k] * utility:
                break
            paid += values[k] * w
            utility -= u * w
            poor += 1
        return order[:poor], paid, utility

    def _rho_ceiling_slope(self, price: _Price) -> Fraction:
        """Slope of an upper bound of the winner's rho over the window.

        Take the lower bounds of its supporters' money and the line from its rho now to the
        price they give at the end of the window: the money ``sum(min(money, line * utility))``
        raised along the window is concave in x and covers the cost at both ends, hence
        everywhere, so the true rho stays under the line.
        """
        q, window = price.project, self.window
        at_end = [value + lower * window for value, _, lower in price.money]
        _, paid, utility = self._split(
            q, price.pairs, price.weights, at_end, price.supporters_utility
        )
        cost = self.profile.costs[q] * self.denominator
        rho_at_end = (cost - paid) / (self.denominator * utility * self.profile.rho_units[q])
        return (rho_at_end - price.rho) / window

    def _keep_winner(self, price: _Price, candidates: list[tuple[Fraction, tuple, int]]) -> None:
        """Record until where every other candidate's rho floor stays above the winner's ceiling.

        A floor is computed with the upper bounds of the supporters' money and the split into
        poor and rich of the candidate's last computation: the poor pay at most all they have
        and the others at most their share, so covering the cost needs at least that rho. A
        floor from an earlier round that would end the window early is computed again.
        """
        kept = []
        for entry in candidates:
            q = entry[2]
            if self._floor_crossing(q, price) < self.window and self._price(q) is None:
                continue
            rho, slope = self.rho_floors[q]
            self.horizon.keep(rho - price.rho, slope - price.rho_ceiling_slope)
            kept.append((rho, entry[1], q))
        candidates[:] = kept
        heapq.heapify(candidates)

    def _floor_crossing(self, q: int, price: _Price) -> Fraction:
        """Where q's rho floor meets the winner's rho ceiling (the window end if it does not)."""
        rho, slope = self.rho_floors[q]
        closing = price.rho_ceiling_slope - slope
        return (rho - price.rho) / closing if closing > 0 else Fraction(self.window)

    def _pay(self, price: _Price) -> None:
        """Supporters pay: poor ones all they have, the others their share of the rest."""
        remainder = self.profile.costs[price.project] * self.denominator - price.paid
        divisor = math.gcd(remainder, price.paid_slope, price.utility)
        factor = price.utility // divisor
        share, share_floor_slope = remainder // divisor, -price.paid_slope // divisor
        if factor > 1:
            self.denominator *= factor
            self.factors = [f * factor for f in self.factors]
        self.factors.append(1)
        epoch = len(self.factors) - 1
        ceiling = price.rho_ceiling_slope * self.profile.rho_units[price.project]
        ceiling *= self.denominator  # slope of the share per unit of utility, at most
        new_ids: dict[_Pair, int] = {}
        for k, (pair, (value, upper, lower)) in enumerate(
            zip(price.pairs, price.money, strict=True)
        ):
            u = pair[1]
            value, upper, lower = value * factor, upper * factor, lower * factor
            value, upper = value - share * u, upper - share_floor_slope * u
            if k in price.poor:
                value, upper, lower = 0, self._chord_slope(value, upper), 0
            else:
                lower -= -(-ceiling.numerator * u // ceiling.denominator)
            if value or upper:
                new_ids[pair] = len(self.amounts)
                self.amounts.append((value, upper, lower, epoch))
            else:
                new_ids[pair] = 0
        if self.spending is not None:
            self._record_spending(self.spending, price, self._payments(price, factor, share))
        self._move_supporters(price.project, new_ids)

    def _chord_slope(self, value: int, slope: int) -> int:
        """Slope of an upper bound over the window of max(0, value + slope * x), value < 0."""
        if not self.window:
            return 0
        at_end = value + slope * self.window
        return -(-at_end // self.window) if at_end > 0 else 0

    def _payments(self, price: _Price, factor: int, share: int) -> dict[_Pair, str]:
        """What a voter of each pair pays, in currency: all it has if poor, else its share."""
        shares: dict[int, str] = {}
        paid = {}
        for k, (pair, (value, _, _)) in enumerate(zip(price.pairs, price.money, strict=True)):
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

    def cost(self) -> int:
        return sum(self.profile.costs[q] for q, _ in self.selection)

    def is_exhaustive(self) -> bool:
        """No supported project with a cost, outside the selection, fits in the budget left."""
        chosen = {q for q, _ in self.selection}
        left = self.profile.budget - self.cost()
        return not any(
            supporters and q not in chosen and 0 < self.profile.costs[q] <= left
            for q, supporters in enumerate(self.profile.supporters)
        )

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


def _add1_increments(profile: _Profile, endowment: Fraction, tie_breaking: TieBreaking) -> int:
    """The number of 1-unit increments of the endowment the add1 completion keeps.

    Each run is tracked over a window of increments, which doubles while runs prove their
    outcome holds over the whole window; the increments a run proves unchanged are skipped.
    """
    increments = kept = 0
    window = 2
    while True:
        raised = endowment + increments * profile.money_scale
        run = _EqualShares(profile, raised, tie_breaking, window=window).run()
        if run.cost() > profile.budget:
            return kept
        if run.is_exhaustive():
            return increments
        step = max(1, math.ceil(run.horizon.limit()))
        window = 2 * step if step == window else step + 1
        increments += step
        kept = increments - 1
