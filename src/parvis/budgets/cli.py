"""``parvis tally``: the outcome of a pabulib election under a tally rule.

``main`` takes the arguments that follow the command name, for instance
``["Poland_Swiecie_2023.pb", "--rule", "equal-shares", "--completion", "add1"]``, prints the
selected project ids (one per line, or as JSON) and returns the exit code: 0 on success, 2 when
the arguments or the file are invalid (with the reason on standard error).
"""

from __future__ import annotations

import argparse
import json
import sys
from fractions import Fraction

from parvis.budgets.pabulib import load
from parvis.budgets.tally import Completion, Rule, TallyResult, TieBreaking, tally


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="parvis tally", description="Tally a participatory-budgeting election (.pb file)."
    )
    parser.add_argument("file", help="election in the pabulib format")
    parser.add_argument("--rule", required=True, choices=[r.value for r in Rule])
    parser.add_argument(
        "--completion",
        default=Completion.NONE.value,
        choices=[c.value for c in Completion],
        help="for equal-shares: add1 raises voters' endowment while the outcome fits",
    )
    parser.add_argument(
        "--tie-breaking",
        default=TieBreaking.SUPPORT.value,
        choices=[t.value for t in TieBreaking],
        help="lexicographic reproduces pabutools",
    )
    parser.add_argument("--format", default="text", choices=["text", "json"])
    return parser


def _number(text: str) -> int | float:
    value = Fraction(text)
    return value.numerator if value.denominator == 1 else float(value)


def _render(result: TallyResult, output_format: str) -> str:
    if output_format == "json":
        return json.dumps(
            {
                "selected": result.selected,
                "cost": _number(result.cost),
                "budget": _number(result.budget),
                "rule": result.rule.value,
                "completion": result.completion.value,
            }
        )
    return "\n".join(result.selected)


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    rule, completion = Rule(args.rule), Completion(args.completion)
    if rule is Rule.GREEDY and completion is not Completion.NONE:
        parser.print_usage(sys.stderr)
        print("parvis tally: error: --completion applies to equal-shares only", file=sys.stderr)
        return 2
    try:
        election = load(args.file)
        result = tally(election, rule, completion, TieBreaking(args.tie_breaking), spending=False)
    except (OSError, ValueError) as error:  # PabulibError is a ValueError
        print(f"parvis tally: {args.file}: {error}", file=sys.stderr)
        return 2
    print(_render(result, args.format))
    return 0


if __name__ == "__main__":
    sys.exit(main())
