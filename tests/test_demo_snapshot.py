"""The demo snapshot (tests/demo_snapshot.py): what it restores is what `load_demo` loads,
on either database, and the command it stands for stays idempotent."""

import io

from django.core.management import call_command

from parvis.core.models import User
from parvis.ideas import search
from parvis.ideas.models import Idea
from parvis.processes.management.commands.load_demo import ACCOUNTS, ADMIN, DEMO_PASSWORD
from tests.demo_snapshot import read_table, table_names


def contents() -> dict[str, set[tuple]]:
    return {name: set(read_table(name).rows) for name in table_names()}


def snapshot_contents(snapshot) -> dict[str, set[tuple]]:
    return {table.name: set(table.rows) for table in snapshot.tables}


def test_the_restored_database_is_the_snapshot(demo_snapshot, demo_db):
    assert snapshot_contents(demo_snapshot) == contents()
    assert demo_snapshot.row_count > 10_000
    assert User.objects.filter(email=ADMIN[0], is_superuser=True).exists()
    for email, *_ in ACCOUNTS:
        assert User.objects.get(email=email).check_password(DEMO_PASSWORD)
    # New rows take ids after the restored ones (PostgreSQL's sequences were moved).
    newest = User.objects.order_by("pk").last()
    assert User.objects.create_user("nouvelle@example.org", None, pseudonym="Nouvelle").pk > (
        newest.pk)
    # The full-text index of ideas is restored with them.
    idea = Idea.objects.order_by("pk").last()
    assert idea in search.matching(Idea.objects.all(), idea.title)


def test_what_the_database_held_before_is_replaced(demo_snapshot, make_user):
    make_user(email="avant@example.org")
    demo_snapshot.restore()
    assert not User.objects.filter(email="avant@example.org").exists()
    assert snapshot_contents(demo_snapshot) == contents()


def test_the_demo_files_are_copied_into_the_tests_media_folders(demo_snapshot, demo_db,
                                                                settings):
    public = sorted(path.relative_to(demo_snapshot.media)
                    for path in demo_snapshot.media.rglob("*") if path.is_file())
    assert public
    assert all((settings.MEDIA_ROOT / path).is_file() for path in public)


def test_loading_the_demo_again_changes_nothing(demo_snapshot, demo_db):
    """The real command, run over its own data: nothing is added twice."""
    before = {name: len(rows) for name, rows in contents().items()}
    output = io.StringIO()
    call_command("load_demo", stdout=output)
    assert {name: len(rows) for name, rows in contents().items()} == before
    assert "Demo data loaded." in output.getvalue()
    assert ADMIN[0] in output.getvalue()
