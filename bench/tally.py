"""Benchmark of the tally rules against pabutools (a test and benchmark dependency only).

Run ``python -m bench.tally`` (``--help`` for options). It times, on the same input and with
pabutools' tie-breaking, our Method of Equal Shares and pabutools' ``method_of_equal_shares``
on a seeded instance of 100,000 voters and 150 projects, then the add1 completion on the real
elections of Świecie 2023 and Warszawa-Ursynów 2017 when the pabulib files are present, and
checks that the outcomes are identical. Times are CPU seconds of this process.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from pabutools.election import ApprovalBallot, ApprovalProfile, Cost_Sat, Instance
from pabutools.election import Project as PabuProject
from pabutools.rules import method_of_equal_shares

from parvis.budgets.pabulib import Ballot, Election, Project, load
from parvis.budgets.tally import Completion, TieBreaking, equal_shares

DEFAULT_PABULIB_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "pabulib"
BALLOT_SIZES = range(1, 11)
BALLOT_SIZE_WEIGHTS = [10, 12, 15, 15, 14, 10, 8, 6, 5, 5]

T = TypeVar("T")


def synthetic_election(voters: int, projects: int, seed: int) -> Election:
    """Approval ballots of 1 to 10 projects, with a heavy-tailed project popularity and costs
    spread over two orders of magnitude; the budget covers a quarter of the total cost."""
    rng = random.Random(seed)
    ids = [str(q + 1) for q in range(projects)]
    popularity = [rng.paretovariate(1.2) for _ in ids]
    costs = {p: int(round(rng.lognormvariate(11.5, 1.0), -3)) + 1000 for p in ids}
    ballots = []
    for voter in range(voters):
        size = rng.choices(BALLOT_SIZES, BALLOT_SIZE_WEIGHTS)[0]
        chosen: set[str] = set()
        while len(chosen) < size:
            chosen.add(rng.choices(ids, popularity)[0])
        ballots.append(Ballot(str(voter), tuple(chosen)))
    return Election(
        meta={"budget": str(sum(costs.values()) // 4), "vote_type": "approval"},
        projects={p: Project(p, cost) for p, cost in costs.items()},
        ballots=ballots,
    )


def as_pabutools(election: Election) -> tuple[Instance, ApprovalProfile]:
    projects = {p: PabuProject(p, project.cost) for p, project in election.projects.items()}
    instance = Instance(projects.values(), budget_limit=election.budget)
    profile = ApprovalProfile(
        [ApprovalBallot([projects[p] for p in b.projects]) for b in election.ballots]
    )
    return instance, profile


def timed(function: Callable[[], T]) -> tuple[T, float]:
    start = time.process_time()
    result = function()
    return result, time.process_time() - start


def compare(label: str, election: Election, completion: Completion, run_pabutools: bool) -> None:
    ours, our_time = timed(
        lambda: equal_shares(election, completion, TieBreaking.LEXICOGRAPHIC, spending=False)
    )
    print(f"{label}: ours {our_time:.2f} s, {len(ours.selected)} projects, cost {ours.cost}")
    if not run_pabutools:
        print(f"{label}: pabutools skipped")
        return
    instance, profile = as_pabutools(election)
    increment = None if completion is Completion.NONE else 1
    theirs, their_time = timed(
        lambda: method_of_equal_shares(
            instance, profile, sat_class=Cost_Sat, voter_budget_increment=increment
        )
    )
    identical = ours.selected == [p.name for p in theirs]
    print(
        f"{label}: pabutools {their_time:.2f} s; ratio {their_time / our_time:.1f}x; "
        f"identical outcome: {'yes' if identical else 'NO'}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.tally", description=__doc__)
    parser.add_argument("--voters", type=int, default=100_000)
    parser.add_argument("--projects", type=int, default=150)
    parser.add_argument("--seed", type=int, default=2027)
    parser.add_argument(
        "--pabulib-dir",
        type=Path,
        default=Path(os.environ.get("PARVIS_PABULIB_DIR", DEFAULT_PABULIB_DIR)),
    )
    parser.add_argument(
        "--skip-slow", action="store_true", help="skip pabutools' add1 on Ursynów (~150 s)"
    )
    args = parser.parse_args(argv)

    election = synthetic_election(args.voters, args.projects, args.seed)
    label = f"MES, {args.voters:,} voters x {args.projects} projects"
    compare(label, election, Completion.NONE, run_pabutools=True)
    _, spending_time = timed(lambda: equal_shares(election))
    print(f"{label}: ours with per-voter spending {spending_time:.2f} s")

    real = [("Poland_Swiecie_2023.pb", True), ("Poland_Warszawa_2017_Ursynow.pb", False)]
    for name, affordable in real:
        path = args.pabulib_dir / name
        if not path.is_file():
            print(f"{name}: absent from {args.pabulib_dir}, skipped")
            continue
        real_election, parse_time = timed(lambda path=path: load(path))
        print(f"{name}: parsed in {parse_time:.2f} s")
        compare(
            f"{name} MES+add1", real_election, Completion.ADD1, affordable or not args.skip_slow
        )
    lodz = args.pabulib_dir / "Poland_Lodz_2022.pb"
    if lodz.is_file():
        print(f"{lodz.name}: parsed in {timed(lambda: load(lodz))[1]:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
