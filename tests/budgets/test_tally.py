import dataclasses
import json
import random
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
    Rule,
    TallyResult,
    TieBreaking,
    equal_shares,
    greedy,
    tally,
)
from tests.budgets.test_pabulib import real_election

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


def pabutools_outcomes(instance: Election, add1: bool) -> dict[str, set[str]]:
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
    return {rule: {p.name for p in projects} for rule, projects in outcomes.items()}


def our_outcomes(instance: Election, add1: bool) -> dict[str, set[str]]:
    outcomes = {"greedy": greedy(instance, LEXICOGRAPHIC)}
    for completion in list(Completion) if add1 else [Completion.NONE]:
        outcomes[completion] = equal_shares(instance, completion, LEXICOGRAPHIC, spending=False)
    return {rule: set(result.selected) for rule, result in outcomes.items()}


@settings(max_examples=150, deadline=None)
@given(elections())
def test_same_outcomes_as_pabutools(instance: Election) -> None:
    assert our_outcomes(instance, add1=True) == pabutools_outcomes(instance, add1=True)


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
    assert our_outcomes(instance, add1=False) == pabutools_outcomes(instance, add1=False)


# --- Real elections ----------------------------------------------------------------------------


def official_winners(instance: Election) -> set[str]:
    if all(p.selected is None for p in instance.projects.values()):
        pytest.skip("the file does not say which projects won")
    return {p.id for p in instance.projects.values() if p.selected}


@pytest.mark.parametrize("name", ["Netherlands_Assen_2024.pb", "Poland_Swiecie_2023.pb"])
def test_official_equal_shares_winners(name: str) -> None:
    instance = real_election(name)
    assert instance.meta["rule"] == "equalshares/add1"
    for tie_breaking in TieBreaking:
        result = equal_shares(instance, Completion.ADD1, tie_breaking, spending=False)
        assert set(result.selected) == official_winners(instance)


@pytest.mark.parametrize("name", ["Poland_Warszawa_2017_Ursynow.pb", "Poland_Krakow_2022.pb"])
def test_official_greedy_winners(name: str) -> None:
    instance = real_election(name)
    assert instance.meta["rule"] == "greedy"
    assert set(greedy(instance).selected) == official_winners(instance)


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
    }


@pytest.mark.parametrize(
    ("content", "argv", "message"),
    [
        ("META\nkey;value\n", [], "line 2: META lacks the budget"),
        (None, ["--completion", "add1"], "--completion applies to equal-shares only"),
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
    assert main([str(pb_file), "--rule", "greedy", *argv]) == 2
    assert message in capsys.readouterr().err


def test_cli_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path / "none.pb"), "--rule", "greedy"]) == 2
    assert "No such file" in capsys.readouterr().err
