import dataclasses
import json
import random
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pabutools.election import (
    Additive_Cardinal_Sat,
    AdditiveSatisfaction,
    ApprovalBallot,
    ApprovalProfile,
    Cost_Sat,
    CumulativeBallot,
    CumulativeProfile,
    Instance,
)
from pabutools.election import Project as PabuProject
from pabutools.rules import (
    completion_by_rule_combination,
    greedy_utilitarian_welfare,
    method_of_equal_shares,
)

from parvis.budgets.cli import main
from parvis.budgets.pabulib import Ballot, Election, Project, write
from parvis.budgets.tally import (
    Completion,
    Method,
    Rule,
    TallyResult,
    TieBreaking,
    equal_shares,
    greedy,
    tally,
)
from tests.budgets.test_pabulib import real_election, real_election_path

LEXICOGRAPHIC = TieBreaking.LEXICOGRAPHIC


def election(
    costs: dict[str, int],
    budget: int,
    votes: list[tuple[str, ...]],
    points: list[tuple[int, ...]] | None = None,
) -> Election:
    vote_type = "approval" if points is None else "cumulative"
    return Election(
        meta={"budget": str(budget), "vote_type": vote_type},
        projects={p: Project(p, cost) for p, cost in costs.items()},
        ballots=[
            Ballot(f"v{i}", vote, None if points is None else points[i])
            for i, vote in enumerate(votes)
        ],
    )


def outcome(result: TallyResult, project_id: str):
    return next(p for p in result.projects if p.id == project_id)


# --- Worked examples ---------------------------------------------------------------------------


def test_greedy_skips_what_does_not_fit_and_goes_on() -> None:
    votes = [("a", "b"), ("a", "b"), ("a", "c"), ("a",), ("b",), ("c",)]
    result = greedy(election({"a": 60, "b": 50, "c": 30, "d": 1}, 100, votes))
    assert result.selected == ["a", "c"]  # b (3 votes, after a) no longer fits; d has no vote
    assert result.cost == "90"
    assert outcome(result, "b").budget_left == "40"
    assert outcome(result, "d").selected is False
    assert outcome(result, "d").supporters == 0


def test_greedy_on_cumulative_ballots_ranks_by_points() -> None:
    votes, points = [("a", "b"), ("b",), ("a",)], [(1, 9), (2,), (5,)]
    result = greedy(election({"a": 10, "b": 10}, 10, votes, points))
    assert result.selected == ["b"]
    assert outcome(result, "b").score == "11"


def test_equal_shares_worked_example() -> None:
    # 4 voters, 100 each. "a" (cost 240) is supported by the 3 first voters, who pay 80 each
    # (rho = 80 / 240 = 1/3). "b" (cost 100) by voters 3 and 4: voter 3 has 20 left and pays it
    # all, voter 4 pays the remaining 80: rho = 80 / 100, more than 1/3, and it is affordable.
    votes = [("a",), ("a",), ("a", "b"), ("b",)]
    result = equal_shares(election({"a": 240, "b": 100}, 400, votes))
    assert result.selected == ["a", "b"]
    assert [outcome(result, p).rho for p in "ab"] == ["1/3", "0.8"]
    assert result.endowment == "100"
    spending = {v.voter_ids[0]: (v.spent, v.left) for v in result.voters}
    assert spending["v2"] == ({"a": "80", "b": "20"}, "0")
    assert spending["v3"] == ({"b": "80"}, "20")


def test_equal_shares_drops_what_supporters_cannot_afford() -> None:
    votes = [("a",), ("a",), ("b",), ("c",)]
    result = equal_shares(election({"a": 50, "b": 30, "c": 26}, 100, votes))
    assert result.selected == ["a"]
    assert outcome(result, "b").supporters_money == "25"
    assert outcome(result, "c").supporters_money == "25"


def test_add1_raises_the_endowment_until_the_outcome_is_exhaustive() -> None:
    votes = [("a",), ("a",), ("b",), ("c",)]
    result = equal_shares(election({"a": 50, "b": 30, "c": 26}, 100, votes), Completion.ADD1)
    # At 25 each only a is affordable; at 26 c is too, and b (30) no longer fits.
    assert (result.selected, result.endowment) == (["a", "c"], "26")


def test_add1_keeps_the_last_outcome_within_budget_then_greedy_fills() -> None:
    votes = [("a", "d"), ("a",), ("b",), ("c",)]
    costs = {"a": 50, "b": 30, "c": 26, "d": 24}
    result = equal_shares(election(costs, 100, votes), Completion.ADD1)
    # From 26 each, a and c are selected and d would still fit; at 30, b is affordable too
    # and the outcome would cost 106: the outcome at 29 is kept.
    assert (result.selected, result.endowment) == (["a", "c"], "29")
    filled = equal_shares(election(costs, 100, votes), Completion.ADD1_GREEDY)
    assert filled.selected == ["a", "c", "d"]
    assert outcome(filled, "d").selected_by is Rule.GREEDY
    assert outcome(filled, "b").budget_left == "0"


def test_ties_are_broken_by_the_chosen_rule() -> None:
    votes = [("9", "10"), ("9", "10"), ("9", "10")]
    costs = {"9": 30, "10": 30}
    assert equal_shares(election(costs, 30, votes)).selected == ["9"]
    assert equal_shares(election(costs, 30, votes), tie_breaking=LEXICOGRAPHIC).selected == ["10"]
    assert greedy(election(costs, 30, votes)).selected == ["9"]
    assert greedy(election({"9": 30, "10": 20}, 30, votes)).selected == ["10"]  # cheaper first


def test_more_supporters_first_on_equal_score_and_equal_rho() -> None:
    # a: 3 points from one voter; b: 1 point from each of three voters. Same score (3) and,
    # under equal shares, the same price per point (10 / 3): b has more supporters.
    votes, points = [("a",), ("b",), ("b",), ("b",)], [(3,), (1,), (1,), (1,)]
    result = greedy(election({"a": 10, "b": 10}, 10, votes, points))
    assert result.selected == ["b"]
    assert greedy(election({"a": 10, "b": 10}, 10, votes, points), LEXICOGRAPHIC).selected == ["a"]
    both = equal_shares(election({"a": 10, "b": 10}, 40, votes, points))
    assert both.selected == ["b", "a"]
    assert [outcome(both, p).round for p in "ba"] == [1, 2]
    assert outcome(both, "a").rho == outcome(both, "b").rho
    lexicographic = equal_shares(
        election({"a": 10, "b": 10}, 40, votes, points), tie_breaking=LEXICOGRAPHIC
    )
    assert lexicographic.selected == ["a", "b"]


def test_free_projects() -> None:
    votes = [("a", "free"), ("a",)]
    approval = election({"a": 10, "free": 0}, 10, votes)
    assert equal_shares(approval).selected == ["a"]  # no cost utility
    assert equal_shares(approval, Completion.ADD1_GREEDY).selected == ["a", "free"]
    points = election({"a": 10, "free": 0}, 10, votes, [(1, 1), (1,)])
    assert equal_shares(points).selected == ["free", "a"]


def test_ordinal_ballots_without_points_score_by_position() -> None:
    ballots = [Ballot("v1", ("a", "b", "c")), Ballot("v2", ("c", "b")), Ballot("v3", ("b",))]
    costs = {"a": 10, "b": 10, "c": 10}
    ordinal = Election(
        {"budget": "10", "vote_type": "ordinal", "max_length": "3"},
        {p: Project(p, c) for p, c in costs.items()},
        ballots,
    )
    result = greedy(ordinal)
    assert [outcome(result, p).score for p in "abc"] == ["3", "7", "4"]
    assert result.selected == ["b"]


def test_no_voters() -> None:
    result = equal_shares(election({"a": 10}, 10, []), Completion.ADD1)
    assert (result.selected, result.endowment, result.voters) == ([], None, [])


def test_results_are_json_serialisable() -> None:
    votes = [("a",), ("a", "b"), ("b",)]
    result = tally(election({"a": 20, "b": 25}, 60, votes), Rule.EQUAL_SHARES, Completion.ADD1)
    data = json.loads(json.dumps(dataclasses.asdict(result)))
    assert data["selected"] == result.selected
    assert data["rule"] == "equal-shares"
    assert data["voters"][0]["spent"]
    with pytest.raises(ValueError):
        tally(election({"a": 1}, 1, []), Rule.GREEDY, Completion.ADD1)


# --- Properties --------------------------------------------------------------------------------


@st.composite
def elections(draw: st.DrawFn, cumulative: bool | None = None) -> Election:
    ids = draw(
        st.lists(
            st.sampled_from(["1", "2", "3", "9", "10", "11", "a", "B"]), min_size=1, unique=True
        )
    )
    costs = {p: draw(st.sampled_from([0, 1, 5, 10, 20, 25, 40, 60])) for p in ids}
    budget = draw(st.integers(0, max(sum(costs.values()), 1)))
    votes = draw(st.lists(st.lists(st.sampled_from(ids), unique=True).map(tuple), max_size=12))
    if cumulative is None:
        cumulative = draw(st.booleans())
    points = (
        [tuple(draw(st.integers(1, 4)) for _ in vote) for vote in votes] if cumulative else None
    )
    return election(costs, budget, votes, points)


def amount(text: str | None) -> Fraction:
    return Fraction(text or 0)


def check_budget(result: TallyResult, instance: Election) -> None:
    costs = sum(instance.projects[p].cost for p in result.selected)
    assert amount(result.cost) == costs <= instance.budget
    assert len(set(result.selected)) == len(result.selected)


def check_fills_budget(result: TallyResult, instance: Election) -> None:
    """No supported project outside the selection fits in the budget left (greedy fill)."""
    left = instance.budget - amount(result.cost)
    for project in result.projects:
        if not project.selected and project.supporters:
            assert amount(project.cost) > left


@settings(max_examples=150, deadline=None)
@given(elections())
def test_greedy_properties(instance: Election) -> None:
    result = greedy(instance)
    check_budget(result, instance)
    check_fills_budget(result, instance)
    by_id = {p.id: p for p in result.projects}
    assert all(by_id[p].supporters > 0 for p in result.selected)
    for project in result.projects:  # a supported project was only left out for lack of budget
        if project.supporters and not project.selected:
            assert amount(project.budget_left) < amount(project.cost)


@settings(max_examples=150, deadline=None)
@given(elections(), st.sampled_from(list(Completion)))
def test_equal_shares_properties(instance: Election, completion: Completion) -> None:
    result = equal_shares(instance, completion)
    check_budget(result, instance)
    if completion is Completion.ADD1_GREEDY:
        check_fills_budget(result, instance)
    paid: dict[str, Fraction] = {}
    utility = {
        (b.voter_id, p): (instance.projects[p].cost if b.points is None else point)
        for b in instance.ballots
        for p, point in zip(b.projects, b.points or [None] * len(b.projects), strict=True)
    }
    for group in result.voters:
        spent = {p: amount(x) for p, x in group.spent.items()}
        assert sum(spent.values()) + amount(group.left) == amount(group.endowment)
        assert amount(group.left) >= 0
        for voter_id in group.voter_ids:
            for p, x in spent.items():  # only supporters pay, at most rho per unit of utility
                assert x <= amount(outcome(result, p).rho) * utility[voter_id, p]
                paid[p] = paid.get(p, 0) + x
    for project in result.projects:
        if project.selected_by is Rule.EQUAL_SHARES:
            assert paid.get(project.id, 0) == amount(project.cost)
        elif project.supporters_money is not None:
            assert amount(project.supporters_money) < amount(project.cost)


# --- pabutools as an oracle --------------------------------------------------------------------


class PointsTimesCost(AdditiveSatisfaction):
    """Greedy by total points: pabutools' greedy ranks by satisfaction per unit of cost."""

    def __init__(self, instance, profile, ballot) -> None:
        super().__init__(
            instance, profile, ballot, lambda inst, prof, bal, p, pre: bal.get(p, 0) * p.cost
        )


def pabutools_instance(instance: Election):
    """The election in pabutools' terms, without the projects nobody supports."""
    supported = {p for b in instance.ballots for p in b.projects}
    projects = {
        p: PabuProject(p, project.cost)
        for p, project in instance.projects.items()
        if p in supported
    }
    pabu = Instance(projects.values(), budget_limit=instance.budget)  # type: ignore[arg-type]
    if instance.vote_type == "approval":
        ballots = [ApprovalBallot([projects[p] for p in b.projects]) for b in instance.ballots]
        return pabu, ApprovalProfile(ballots), Cost_Sat, Cost_Sat
    profile = CumulativeProfile(
        [
            CumulativeBallot({projects[p]: x for p, x in zip(b.projects, b.points, strict=True)})
            for b in instance.ballots
        ]
    )
    return pabu, profile, Additive_Cardinal_Sat, PointsTimesCost


def pabutools_outcomes(instance: Election, add1: bool) -> dict[str, list[str]]:
    pabu, profile, mes_sat, greedy_sat = pabutools_instance(instance)
    outcomes = {
        "greedy": greedy_utilitarian_welfare(pabu, profile, sat_class=greedy_sat),
        Completion.NONE: method_of_equal_shares(pabu, profile, sat_class=mes_sat),
    }
    if add1:
        params = {"sat_class": mes_sat, "voter_budget_increment": 1}
        outcomes[Completion.ADD1] = method_of_equal_shares(pabu, profile, **params)
        outcomes[Completion.ADD1_GREEDY] = completion_by_rule_combination(
            pabu,
            profile,
            [method_of_equal_shares, greedy_utilitarian_welfare],
            [params, {"sat_class": greedy_sat}],
        )
        outcomes[Completion.ADD1_WITHIN_BUDGET] = add1_within_budget(pabu, profile, mes_sat)
    return {rule: [p.name for p in projects] for rule, projects in outcomes.items()}


def add1_within_budget(pabu: Instance, profile, sat_class) -> list:
    """pabutools' MES with the endowment raised by whole currency units from the first above
    budget / voters while the outcome fits in the budget (as pabulib's checker does)."""
    budget, voters = pabu.budget_limit, profile.num_ballots()
    kept = method_of_equal_shares(pabu, profile, sat_class=sat_class)
    if not voters:
        return kept
    endowment = int(budget) // voters + 1
    while True:
        raised = Instance(pabu, budget_limit=endowment * voters)
        outcome = method_of_equal_shares(raised, profile, sat_class=sat_class)
        if sum(p.cost for p in outcome) > budget:
            return kept
        if sum(1 for p in outcome if p.cost) == sum(1 for p in pabu if p.cost):  # all funded
            return outcome
        kept, endowment = outcome, endowment + 1


def our_outcomes(instance: Election, add1: bool) -> dict[str, list[str]]:
    outcomes = {"greedy": greedy(instance, LEXICOGRAPHIC)}
    for completion in list(Completion) if add1 else [Completion.NONE]:
        outcomes[completion] = equal_shares(instance, completion, LEXICOGRAPHIC, spending=False)
    return {rule: result.selected for rule, result in outcomes.items()}


def in_order(instance: Election, outcomes: dict[str, list[str]]) -> dict[str, tuple]:
    """Each outcome's projects, and the order of those with a cost (the rules differ on when
    the free ones come, which changes nothing)."""
    return {
        rule: (set(selected), [p for p in selected if instance.projects[p].cost])
        for rule, selected in outcomes.items()
    }


@settings(max_examples=150, deadline=None)
@given(elections())
def test_same_outcomes_as_pabutools(instance: Election) -> None:
    """The same projects, selected in the same order."""
    ours, theirs = our_outcomes(instance, add1=True), pabutools_outcomes(instance, add1=True)
    assert in_order(instance, ours) == in_order(instance, theirs)


@settings(max_examples=100, deadline=None)
@given(elections())
def test_same_payments_as_pabutools(instance: Election) -> None:
    pabu, profile, mes_sat, _ = pabutools_instance(instance)
    theirs = method_of_equal_shares(pabu, profile, sat_class=mes_sat, analytics=True)
    ours = equal_shares(instance, tie_breaking=LEXICOGRAPHIC)
    paid = {
        (voter_id, project_id): Fraction(amount)
        for group in ours.voters
        for voter_id in group.voter_ids
        for project_id, amount in group.spent.items()
    }
    expected = {}
    iterations = theirs.details.iterations if instance.ballots else []  # no details otherwise
    for iteration in iterations:
        if iteration.selected_project is None:
            continue
        before, after = iteration.voters_budget, iteration.voters_budget_after_selection
        for v, (money, left) in enumerate(zip(before, after, strict=True)):
            if money != left:
                expected[(f"v{v}", iteration.selected_project.name)] = Fraction(money - left)
    assert {key: amount for key, amount in paid.items() if amount} == expected


@settings(max_examples=100, deadline=None)
@given(elections(), st.integers(0, 6))
def test_greedy_variants_as_pabutools(instance: Election, threshold: int) -> None:
    """With a threshold, greedy among the projects scoring enough; without skipping, the
    prefix of pabutools' ranking (its greedy order with an unlimited budget) that fits."""
    scores = {p.id: Fraction(p.score) for p in greedy(instance).projects}
    eligible = {p for p, score in scores.items() if score >= threshold}
    restricted = dataclasses.replace(
        instance,
        projects={p: project for p, project in instance.projects.items() if p in eligible},
        ballots=[
            dataclasses.replace(
                b,
                projects=tuple(p for p in b.projects if p in eligible),
                points=None
                if b.points is None
                else tuple(x for p, x in zip(b.projects, b.points, strict=True) if p in eligible),
            )
            for b in instance.ballots
        ],
    )
    expected = pabutools_outcomes(restricted, add1=False)["greedy"]
    ours = greedy(instance, LEXICOGRAPHIC, threshold=threshold).selected
    assert in_order(instance, {"greedy": ours}) == in_order(instance, {"greedy": expected})
    pabu, profile, _, greedy_sat = pabutools_instance(instance)
    unlimited = Instance(pabu, budget_limit=sum(p.cost for p in pabu) + 1)
    ranking = greedy_utilitarian_welfare(unlimited, profile, sat_class=greedy_sat)
    prefix, left = [], instance.budget
    for project in ranking:
        if project.cost > left:
            break
        prefix.append(project.name)
        left -= project.cost
    ours = greedy(instance, LEXICOGRAPHIC, skip=False).selected
    assert [p for p in ours if instance.projects[p].cost] == [
        p for p in prefix if instance.projects[p].cost
    ]


@settings(max_examples=100, deadline=None)
@given(elections(), st.sampled_from([Completion.NONE, Completion.ADD1]))
def test_comparison_as_pabutools(instance: Election, completion: Completion) -> None:
    theirs = pabutools_outcomes(instance, add1=True)
    mes, alternative = theirs[completion], theirs["greedy"]
    prefer_mes = prefer_greedy = 0
    for ballot in instance.ballots:
        funded_mes = len(set(ballot.projects) & set(mes))
        funded_greedy = len(set(ballot.projects) & set(alternative))
        prefer_mes += funded_mes > funded_greedy
        prefer_greedy += funded_greedy > funded_mes
    method = Method(Rule.EQUAL_SHARES, completion, LEXICOGRAPHIC, comparison=True)
    result = tally(instance, method, spending=False)
    assert result.preferences == {"equal-shares": prefer_mes, "greedy": prefer_greedy}
    expected = alternative if prefer_greedy > prefer_mes else mes
    assert in_order(instance, {"kept": result.selected}) == in_order(instance, {"kept": expected})


def random_election(rng: random.Random, voters: int, projects: int, cumulative: bool) -> Election:
    ids = [str(q) for q in range(projects)]
    popularity = [rng.random() ** 2 + 0.05 for _ in ids]
    costs = {p: rng.randint(1, 40) * rng.choice([10, 100]) for p in ids}
    votes = [
        tuple({rng.choices(ids, popularity)[0] for _ in range(rng.randint(1, projects))})
        for _ in range(voters)
    ]
    points = [tuple(rng.randint(1, 5) for _ in vote) for vote in votes] if cumulative else None
    return election(costs, rng.randint(1, sum(costs.values())), votes, points)


@pytest.mark.parametrize("seed", range(6))
def test_same_outcomes_as_pabutools_on_larger_elections(seed: int) -> None:
    instance = random_election(random.Random(seed), 300, 15, cumulative=seed % 2 == 1)
    ours, theirs = our_outcomes(instance, add1=False), pabutools_outcomes(instance, add1=False)
    assert in_order(instance, ours) == in_order(instance, theirs)


@pytest.mark.parametrize("seed", range(3))
def test_add1_as_pabutools_on_larger_elections(seed: int) -> None:
    instance = random_election(random.Random(seed), 400, 20, cumulative=False)
    pabu, profile, mes_sat, _ = pabutools_instance(instance)
    theirs = method_of_equal_shares(pabu, profile, sat_class=mes_sat, voter_budget_increment=1)
    ours = equal_shares(instance, Completion.ADD1, LEXICOGRAPHIC, spending=False)
    assert ours.selected == [p.name for p in theirs]


# --- Real elections ----------------------------------------------------------------------------


def official_winners(instance: Election) -> set[str]:
    if all(p.selected is None for p in instance.projects.values()):
        pytest.skip("the file does not say which projects won")
    return {p.id for p in instance.projects.values() if p.selected}


REAL_ELECTIONS = [
    "Netherlands_Assen_2024.pb",
    "Poland_Czestochowa_2020_Grabowka.pb",
    "Poland_Gdynia_2020.pb",
    "Poland_Krakow_2018_Wzgorza_Krzeslawickie.pb",
    "Poland_Krakow_2022.pb",
    "Poland_Lodz_2022.pb",
    "Poland_Swiecie_2023.pb",
    "Poland_Warszawa_2017_Ursynow.pb",
    "Poland_Warszawa_2018_Pole_Mokotowskie.pb",
    "Poland_Warszawa_2026.pb",
    "Poland_Wieliczka_2023_Green_Budget.pb",
]


@pytest.mark.parametrize("name", REAL_ELECTIONS)
def test_official_winners_under_the_rule_the_file_names(name: str) -> None:
    instance = real_election(name)
    expected = official_winners(instance)
    for tie_breaking in TieBreaking:
        method = Method.of_file(instance.meta, tie_breaking)
        assert method.pabulib_rule == instance.meta["rule"]
        assert set(tally(instance, method, spending=False).selected) == expected


@pytest.mark.parametrize("name", ["Netherlands_Assen_2024.pb", "Poland_Swiecie_2023.pb"])
def test_official_winners_are_pabutools_add1(name: str) -> None:
    instance = real_election(name)
    result = equal_shares(instance, Completion.ADD1, spending=False)
    assert set(result.selected) == official_winners(instance)


def test_same_outcomes_as_pabutools_on_a_real_cumulative_election() -> None:
    instance = real_election("Poland_Czestochowa_2020_Grabowka.pb")
    assert our_outcomes(instance, add1=False) == pabutools_outcomes(instance, add1=False)


# --- Command line ------------------------------------------------------------------------------


@pytest.fixture
def pb_file(tmp_path: Path) -> Path:
    path = tmp_path / "election.pb"
    votes = [("a",), ("a",), ("b",), ("c",)]
    path.write_text(write(election({"a": 50, "b": 30, "c": 26}, 100, votes)), encoding="utf-8")
    return path


def test_cli_text(pb_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(pb_file), "--rule", "greedy"]) == 0
    assert capsys.readouterr().out == "a\nc\n"  # c and b tie on votes: cheaper first


def test_cli_json(pb_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = [str(pb_file), "--rule", "equal-shares", "--completion", "add1", "--format", "json"]
    assert main(argv) == 0
    assert json.loads(capsys.readouterr().out) == {
        "selected": ["a", "c"],
        "cost": 76,
        "budget": 100,
        "rule": "equal-shares",
        "completion": "add1",
        "tie_breaking": "support",
        "threshold": 0,
        "comparison": None,
        "pabulib_rule": "equalshares/add1",
    }


def run_cli(*argv: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "parvis", "tally", *argv]
    return subprocess.run(command, capture_output=True, text=True, check=False)


def rule_file(tmp_path: Path, rule: str, **meta: str) -> Path:
    votes = [("a",), ("a",), ("a", "b"), ("b",), ("c",)]
    instance = election({"a": 50, "b": 30, "c": 26}, 100, votes)
    instance.meta |= {"rule": rule, **meta}
    path = tmp_path / "rule.pb"
    path.write_text(write(instance), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("rule", "meta", "selected"),
    [
        ("greedy", {}, "a\nb\n"),
        ("greedy-threshold", {"min_project_score_threshold": "3"}, "a\n"),
        ("greedy-no-skip", {}, "a\nb\n"),
        ("equalshares", {}, "a\n"),
        ("equalshares/add1", {}, "a\nb\n"),
    ],
)
def test_cli_uses_the_rule_the_file_names(
    tmp_path: Path, rule: str, meta: dict[str, str], selected: str
) -> None:
    assert run_cli(str(rule_file(tmp_path, rule, **meta))).stdout == selected


def test_cli_no_skip_stops_at_the_first_project_that_does_not_fit(tmp_path: Path) -> None:
    votes = [("a",), ("a",), ("a",), ("b",), ("b",), ("c",)]
    path = tmp_path / "noskip.pb"
    path.write_text(write(election({"a": 60, "b": 50, "c": 10}, 100, votes)), encoding="utf-8")
    assert run_cli(str(path), "--rule", "greedy").stdout == "a\nc\n"
    assert run_cli(str(path), "--rule", "greedy-no-skip").stdout == "a\n"


def test_cli_refuses_a_rule_the_format_does_not_define(tmp_path: Path) -> None:
    completed = run_cli(str(rule_file(tmp_path, "greedy-custom")))
    assert completed.returncode == 2
    assert "n'est pas définie de façon univoque" in completed.stderr
    assert completed.stdout == ""


def test_cli_verify(tmp_path: Path) -> None:
    path = rule_file(tmp_path, "equalshares")
    same = run_cli("--verify", str(path), "--expect", "a")
    assert (same.returncode, same.stdout) == (0, "a\n")
    assert "identiques" in same.stderr
    different = run_cli("--verify", str(path), "--expect", "a,c")
    assert different.returncode == 1
    assert "attendus mais non retenus : c" in different.stderr
    extra = run_cli("--verify", str(path), "--expect", "")
    assert (extra.returncode, "retenus mais non attendus : a" in extra.stderr) == (1, True)
    no_column = run_cli("--verify", str(path))
    assert no_column.returncode == 2
    assert "indiquez --expect" in no_column.stderr


@pytest.mark.parametrize("name", ["Poland_Gdynia_2020.pb", "Poland_Wieliczka_2023_Green_Budget.pb"])
def test_cli_verifies_a_real_election_against_its_selected_column(name: str) -> None:
    path = real_election_path(name)
    assert run_cli("--verify", str(path)).returncode == 0


@pytest.mark.parametrize(
    ("content", "argv", "message"),
    [
        ("META\nkey;value\n", ["--rule", "greedy"], "line 2: META lacks the budget"),
        (None, ["--rule", "greedy", "--completion", "add1"], "ne s'appliquent qu'aux parts"),
        (None, ["--rule", "equal-shares", "--threshold", "2"], "qu'aux règles gloutonnes"),
        (None, ["--rule", "greedy", "--threshold", "x"], "not a number"),
    ],
)
def test_cli_errors(
    pb_file: Path,
    capsys: pytest.CaptureFixture[str],
    content: str | None,
    argv: list[str],
    message: str,
) -> None:
    if content is not None:
        pb_file.write_text(content, encoding="utf-8")
    assert main([str(pb_file), *argv]) == 2
    assert message in capsys.readouterr().err


def test_cli_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path / "none.pb"), "--rule", "greedy"]) == 2
    assert "No such file" in capsys.readouterr().err
