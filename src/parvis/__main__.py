"""The `parvis` command: Django's manage.py for this project, plus `parvis tally`, which
recomputes a participatory-budgeting election from a pabulib file without a database, and
`parvis draw`, which re-runs a published panel draw."""

import os
import sys
from contextlib import contextmanager
from importlib import import_module


@contextmanager
def output_only_on_stdout():
    """Standard output carries the command's result and nothing else.

    Libraries may write to file descriptor 1 from C code (the HiGHS solver prints a banner
    whatever its options), which would corrupt a JSON result. While the command runs, file
    descriptor 1 points to standard error, and ``sys.stdout`` writes to a private copy of the
    original standard output, so only what the command prints reaches it."""
    from parvis.core.streams import native_output_to_stderr

    with native_output_to_stderr() as original:
        saved = sys.stdout
        sys.stdout = open(original, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
        try:
            yield
        finally:
            sys.stdout.flush()
            sys.stdout.close()
            sys.stdout = saved


# The commands that need no database: name -> the module whose `main(argv)` runs it.
COMMANDS = {"tally": "parvis.budgets.cli", "draw": "parvis.panels.cli"}


def main(argv: list[str] | None = None) -> None:
    argv = argv if argv is not None else sys.argv
    if argv[1:2] and argv[1] in COMMANDS:
        run = import_module(COMMANDS[argv[1]]).main
        with output_only_on_stdout():
            code = run(argv[2:])
        sys.exit(code)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parvis.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
