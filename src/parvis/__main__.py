"""The `parvis` command: Django's manage.py for this project, plus `parvis tally`, which
recomputes a participatory-budgeting election from a pabulib file without a database, and
`parvis draw`, which re-runs a published panel draw."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = argv if argv is not None else sys.argv
    if argv[1:2] == ["tally"]:
        from parvis.budgets.cli import main as tally

        sys.exit(tally(argv[2:]))
    if argv[1:2] == ["draw"]:
        from parvis.panels.cli import main as draw

        sys.exit(draw(argv[2:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parvis.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
