"""``parvis draw``: re-run a published panel draw, without a database.

``main`` takes the arguments that follow the command name, for instance
``["tirage.json"]`` or ``["tirage.json", "--seed", "4 12 27 33 41", "--size", "100"]``, where
the file is the draw document a panel's page publishes (anonymised pool, quotas, seed and
size). It prints the selected pool ids (one per line), or the whole result as JSON, and
returns the exit code: 0 on success, 2 when the arguments or the file are invalid or the
quotas cannot be met (with the reason on standard error).
"""

from __future__ import annotations

import argparse
import json
import sys

from parvis.core.cli import command
from parvis.panels.sortition import DrawImpossible, draw_document


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="parvis draw",
        description="Re-run a panel draw from its published document (pool, quotas, seed).",
    )
    parser.add_argument("file", help="draw document (JSON) published with the draw")
    parser.add_argument("--seed", help="seed to use instead of the document's")
    parser.add_argument("--size", type=int, help="number of people to draw instead of the"
                                                  " document's")
    parser.add_argument("--format", default="text", choices=["text", "json"])
    return parser


@command(_parser)
def main(args: argparse.Namespace) -> int:
    try:
        with open(args.file, encoding="utf-8") as file:
            data = json.load(file)
        if not isinstance(data, dict):
            raise ValueError("un objet JSON est attendu")
        selection = draw_document(data, seed=args.seed, size=args.size)
    except DrawImpossible as error:
        print("parvis draw: tirage impossible :", *error.reasons, sep="\n  ", file=sys.stderr)
        return 2
    except (OSError, ValueError) as error:  # JSONDecodeError is a ValueError
        print(f"parvis draw: {args.file}: {error}", file=sys.stderr)
        return 2
    if args.format == "json":
        print(json.dumps(selection.as_dict(), ensure_ascii=False, indent=1))
    else:
        print("\n".join(selection.selected))
    return 0
