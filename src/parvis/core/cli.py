"""The `parvis` commands that need no database (`parvis tally`, `parvis draw`): each is a
function of its parsed arguments returning the exit code, made into the `main(argv)` that
`parvis/__main__.py` calls by `command`."""

from __future__ import annotations

import argparse
import functools
from collections.abc import Callable


def command(parser: Callable[[], argparse.ArgumentParser]):
    """Decorates `run(args) -> exit code` into `main(argv) -> exit code`, which parses `argv`
    with `parser()` first: `--help` and invalid arguments return argparse's exit code (its
    message is on standard or error output) instead of exiting."""

    def decorate(run: Callable[[argparse.Namespace], int]) -> Callable[[list[str] | None], int]:
        @functools.wraps(run)
        def main(argv: list[str] | None = None) -> int:
            try:
                args = parser().parse_args(argv)
            except SystemExit as exit_:
                return int(exit_.code or 0)
            return run(args)

        return main

    return decorate
