"""``parvis tally``: the outcome of a pabulib election under a tally rule.

``main`` takes the arguments that follow the command name, for instance
``["Poland_Swiecie_2023.pb", "--rule", "equal-shares", "--completion", "add1"]``, prints the
selected project ids (one per line, or as JSON) and returns the exit code: 0 on success, 1
when ``--verify`` finds a difference, 2 when the arguments or the file are invalid (with the
reason on standard error).

Without ``--rule``, the rule and its parameters are those the file names in its META section
(``rule``, ``min_project_score_threshold``), so that a published election is recounted with
the rule it was decided by. ``--verify`` compares the outcome with ``--expect`` (project ids
separated by commas) or, without it, with the ``selected`` column of the file.
"""

from __future__ import annotations

import argparse
import json
import sys
from fractions import Fraction

from parvis.budgets.pabulib import Election, load, parse_number
from parvis.budgets.tally import Completion, Method, Rule, TallyResult, TieBreaking, tally
from parvis.core.cli import command


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="parvis tally",
        description="Recompte une élection de budget participatif (fichier pabulib .pb).",
    )
    parser.add_argument("file", help="élection au format pabulib")
    parser.add_argument(
        "--rule",
        choices=[r.value for r in Rule],
        help="règle de décompte ; par défaut, celle que nomme le fichier (META rule)",
    )
    parser.add_argument(
        "--completion",
        default=Completion.NONE.value,
        choices=[c.value for c in Completion],
        help="parts égales : add1 augmente la part des votants tant que le résultat tient",
    )
    parser.add_argument(
        "--threshold", default="0", help="règles gloutonnes : score minimal d'un projet"
    )
    parser.add_argument(
        "--comparison",
        action="store_true",
        help="parts égales : garder le résultat glouton si plus de votants le préfèrent",
    )
    parser.add_argument(
        "--tie-breaking",
        default=TieBreaking.SUPPORT.value,
        choices=[t.value for t in TieBreaking],
        help="lexicographic reproduit pabutools",
    )
    parser.add_argument("--format", default="text", choices=["text", "json"])
    parser.add_argument(
        "--verify",
        action="store_true",
        help="comparer aux lauréats attendus ; code de sortie 1 à la moindre différence",
    )
    parser.add_argument("--expect", help="lauréats attendus, séparés par des virgules")
    return parser


def _number(text: str) -> int | float:
    value = Fraction(text)
    return value.numerator if value.denominator == 1 else float(value)


def _method(args: argparse.Namespace, election: Election) -> Method:
    tie_breaking = TieBreaking(args.tie_breaking)
    if args.rule is None:
        return Method.of_file(election.meta, tie_breaking)
    threshold = parse_number(args.threshold)
    return Method(
        Rule(args.rule), Completion(args.completion), tie_breaking, threshold, args.comparison
    )


def _render(result: TallyResult, method: Method, output_format: str) -> str:
    if output_format == "json":
        return json.dumps(
            {
                "selected": result.selected,
                "cost": _number(result.cost),
                "budget": _number(result.budget),
                "rule": result.rule.value,
                "completion": result.completion.value,
                "tie_breaking": result.tie_breaking.value,
                "threshold": _number(result.threshold),
                "comparison": result.preferences,
                "pabulib_rule": method.pabulib_rule,
            }
        )
    return "\n".join(result.selected)


def _expected(args: argparse.Namespace, election: Election) -> set[str]:
    if args.expect is not None:
        return {item.strip() for item in args.expect.split(",") if item.strip()}
    if all(project.selected is None for project in election.projects.values()):
        raise ValueError("le fichier n'a pas de colonne selected : indiquez --expect")
    return {project.id for project in election.projects.values() if project.selected}


def _differences(selected: list[str], expected: set[str]) -> list[str]:
    missing = sorted(expected - set(selected))
    extra = [project_id for project_id in selected if project_id not in expected]
    lines = []
    if missing:
        lines.append(f"attendus mais non retenus : {', '.join(missing)}")
    if extra:
        lines.append(f"retenus mais non attendus : {', '.join(extra)}")
    return lines


@command(_parser)
def main(args: argparse.Namespace) -> int:
    try:
        election = load(args.file)
        method = _method(args, election)
        expected = _expected(args, election) if args.verify else None
        result = tally(election, method, spending=False)
    except (OSError, ValueError) as error:  # PabulibError is a ValueError
        print(f"parvis tally: {args.file}: {error}", file=sys.stderr)
        return 2
    print(_render(result, method, args.format))
    if expected is None:
        return 0
    differences = _differences(result.selected, expected)
    for line in differences or ["vérifié : les lauréats sont identiques"]:
        print(f"parvis tally: {line}", file=sys.stderr)
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
