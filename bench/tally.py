"""Benchmark of the tally against pabutools (a test and benchmark dependency only).

Run ``python -m bench.tally`` (``--help`` for options). In one run, it prints:

1. the Method of Equal Shares with the add1 completion (pabutools'
   ``voter_budget_increment=1``) on the real elections of Świecie 2023, Wieliczka 2023,
   Warszawa-Ursynów 2017, Łódź 2022 and Warszawa 2026 when the pabulib files are present,
   whole process against whole process: ``parvis tally`` and a Python process that reads the
   file with pabutools and runs its rule, both with pabutools' tie-breaking; the table gives
   their times, the speed-up and whether the outcomes are identical (same projects, same
   order);
2. what each idea of the add1 computation brings on Warszawa 2026: identical ballots grouped,
   one run in floating point (exact where a comparison is close) against one run in exact
   arithmetic, and the whole completion both ways;
3. MES without completion on a seeded instance of 100,000 voters and 150 projects, in this
   process, against pabutools.

Times are seconds: wall-clock and CPU time of each process (the machine may be shared).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import TypeVar

from pabutools.election import ApprovalBallot, ApprovalProfile, Cost_Sat, Instance, parse_pabulib
from pabutools.election import Project as PabuProject
from pabutools.rules import method_of_equal_shares

from parvis.budgets import tally
from parvis.budgets.pabulib import Ballot, Election, Project, load

DEFAULT_PABULIB_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "pabulib"
REAL_ELECTIONS = [
    "Poland_Swiecie_2023.pb",
    "Poland_Wieliczka_2023_Green_Budget.pb",
    "Poland_Warszawa_2017_Ursynow.pb",
    "Poland_Lodz_2022.pb",
    "Poland_Warszawa_2026.pb",
]
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


def run_process(argv: list[str]) -> tuple[list[str], float, float]:
    """The selected ids a process prints (JSON), its wall-clock and CPU seconds."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    completed = subprocess.run(argv, capture_output=True, text=True, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return json.loads(completed.stdout)["selected"], wall, cpu


def pabutools_add1(path: str) -> None:
    """Print, as JSON, the outcome of pabutools' MES with add1 on a pabulib file."""
    instance, profile = parse_pabulib(path)
    outcome = method_of_equal_shares(
        instance, profile, sat_class=Cost_Sat, voter_budget_increment=1
    )
    print(json.dumps({"selected": [project.name for project in outcome]}))


def real_elections_table(pabulib_dir: Path, skip_pabutools: set[str]) -> None:
    print("Equal Shares + add1, whole process (s):")
    print(
        f"{'election':40} {'parvis wall':>11} {'cpu':>6} {'pabutools wall':>14} {'cpu':>7}"
        f" {'speed-up wall':>13} {'cpu':>6}  identical"
    )
    for name in REAL_ELECTIONS:
        path = pabulib_dir / name
        if not path.is_file():
            print(f"{name:40} absent from {pabulib_dir}, skipped")
            continue
        ours, wall, cpu = run_process(
            [sys.executable, "-m", "parvis", "tally", str(path), "--rule", "equal-shares"]
            + ["--completion", "add1", "--tie-breaking", "lexicographic", "--format", "json"]
        )
        row = f"{name.removesuffix('.pb'):40} {wall:11.2f} {cpu:6.2f}"
        if name in skip_pabutools:
            print(f"{row} {'skipped':>14}", flush=True)
            continue
        code = f"from bench.tally import pabutools_add1; pabutools_add1({str(path)!r})"
        theirs, their_wall, their_cpu = run_process([sys.executable, "-c", code])
        identical = "yes" if ours == theirs else "NO"
        print(
            f"{row} {their_wall:14.2f} {their_cpu:7.2f} {their_wall / wall:12.1f}x"
            f" {their_cpu / cpu:5.1f}x  {identical}",
            flush=True,
        )


def ideas(path: Path) -> None:
    """What each idea brings to add1 on one election, in this process."""
    if not path.is_file():
        print(f"{path.name}: absent, ideas not measured")
        return
    profile = tally._Profile.of(load(path))
    print(f"Ideas on {path.name}:")
    print(
        f"  identical ballots grouped: {profile.voter_count:,} voters,"
        f" {len(profile.weights):,} distinct ballots"
    )
    share = Fraction(profile.budget, profile.voter_count)
    key = profile.tie_key(tally.TieBreaking.LEXICOGRAPHIC)
    _, exact = timed(
        lambda: tally._EqualShares(profile, share, tally.TieBreaking.LEXICOGRAPHIC).run()
    )
    _, fast = timed(lambda: tally._FastEqualShares(profile, share, key).run())
    print(f"  one run: exact {exact:.3f} s, floating point {fast:.3f} s ({exact / fast:.1f}x)")
    endowment, fast_add1 = timed(
        lambda: tally._add1_endowment(
            profile, tally.Completion.ADD1, tally.TieBreaking.LEXICOGRAPHIC
        )
    )
    increments = int((endowment - share) / profile.money_scale) + 1
    _, exact_add1 = timed(
        lambda: [
            tally._EqualShares(
                profile, share + k * profile.money_scale, tally.TieBreaking.LEXICOGRAPHIC
            ).run()
            for k in range(increments)
        ]
    )
    print(
        f"  add1 ({increments} runs): exact {exact_add1:.2f} s, floating point"
        f" {fast_add1:.2f} s ({exact_add1 / fast_add1:.1f}x)"
    )


def synthetic(voters: int, projects: int, seed: int) -> None:
    election = synthetic_election(voters, projects, seed)
    label = f"MES, {voters:,} voters x {projects} projects"
    ours, our_time = timed(
        lambda: tally.equal_shares(
            election, tie_breaking=tally.TieBreaking.LEXICOGRAPHIC, spending=False
        )
    )
    instance, profile = as_pabutools(election)
    theirs, their_time = timed(
        lambda: method_of_equal_shares(instance, profile, sat_class=Cost_Sat)
    )
    identical = ours.selected == [p.name for p in theirs]
    print(
        f"{label}: parvis {our_time:.2f} s, pabutools {their_time:.2f} s,"
        f" {their_time / our_time:.1f}x; identical: {'yes' if identical else 'NO'}"
    )
    _, spending_time = timed(lambda: tally.equal_shares(election))
    print(f"{label}: parvis with per-voter spending {spending_time:.2f} s")


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
        "--skip-pabutools",
        action="append",
        default=[],
        metavar="FILE",
        help="an election whose pabutools run is skipped (Warszawa 2026 takes about 10 min)",
    )
    args = parser.parse_args(argv)
    real_elections_table(args.pabulib_dir, set(args.skip_pabutools))
    ideas(args.pabulib_dir / "Poland_Warszawa_2026.pb")
    synthetic(args.voters, args.projects, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
