"""The demo data, loaded once per test session and restored from a snapshot.

`parvis load_demo` takes about 20 seconds. The first test (or fixture) that asks for the demo
runs it once, inside a transaction, with the settings every test runs with (fast password
hasher, tasks run at once), into media folders of its own; it then reads every table's rows
and rolls back. `DemoSnapshot.restore()` makes the database equal to that state again: in
the caller's transaction it empties every table and inserts the rows back, in any order
(foreign keys are DEFERRABLE INITIALLY DEFERRED on SQLite and PostgreSQL, so they are
checked once the transaction commits), then moves PostgreSQL's sequences past the restored
ids; it copies the demo's media files into the given folders.

A test restoring the demo in its own transaction (the `demo_db` fixture) sees none of it after
it; a fixture that needs the rows committed, for a live server's thread, restores them
outside a transaction and empties the database afterwards, as a live-server test does.
"""

import shutil
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.test import override_settings

# What tests run with (the autouse fixtures of tests/conftest.py): the snapshot is taken
# before any test's fixtures apply them.
TEST_SETTINGS = {
    "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
    "TASKS": {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
}
SCHEMA_TABLES = {"django_migrations"}  # the migrations applied: schema, not data


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[str, ...]
    rows: tuple[tuple, ...]


@dataclass(frozen=True)
class DemoSnapshot:
    tables: tuple[Table, ...]
    media: Path  # the demo's public media files
    private_media: Path  # and its private ones

    @classmethod
    def capture(cls, folder: Path) -> "DemoSnapshot":
        """Load the demo in a transaction, read the database and roll back."""
        media, private_media = folder / "media", folder / "private"
        with (
            override_settings(MEDIA_ROOT=media, PRIVATE_MEDIA_ROOT=private_media,
                              **TEST_SETTINGS),
            transaction.atomic(),
        ):
            call_command("load_demo", verbosity=0)
            tables = tuple(read_table(name) for name in table_names())
            transaction.set_rollback(True)
        ContentType.objects.clear_cache()
        media.mkdir(exist_ok=True)
        private_media.mkdir(exist_ok=True)
        return cls(tables, media, private_media)

    @property
    def row_count(self) -> int:
        return sum(len(table.rows) for table in self.tables)

    def restore(self, media_root: Path | None = None,
                private_media_root: Path | None = None) -> None:
        """Make the database the demo's (inside the current transaction, or committed if
        there is none), and copy its media files into the given folders."""
        with transaction.atomic(), connection.cursor() as cursor:
            for table in self.tables:
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(table.name)}")  # noqa: S608
                insert(cursor, table)
            for statement in sequence_resets({table.name for table in self.tables}):
                cursor.execute(statement)
        ContentType.objects.clear_cache()  # its ids are the snapshot's now
        for source, target in ((self.media, media_root),
                               (self.private_media, private_media_root)):
            if target is not None:
                shutil.copytree(source, target, dirs_exist_ok=True)


# The SQL below names tables and columns read from the database's own catalogue (quoted);
# the values always travel as query parameters.


def table_names() -> list[str]:
    """Every table holding data (SQLite's full-text index included, not its shadow tables
    which the index fills itself)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM pragma_table_list WHERE schema = 'main'"
                           " AND type IN ('table', 'virtual') AND name NOT LIKE 'sqlite_%'")
            names = [name for (name,) in cursor.fetchall()]
        else:
            names = connection.introspection.table_names(cursor)
    return sorted(name for name in names if name not in SCHEMA_TABLES)


def read_table(name: str) -> Table:
    quoted = connection.ops.quote_name(name)
    with connection.cursor() as cursor:
        # A virtual table's rows are numbered by their hidden rowid (an idea's id for the
        # search index); every other table's key is one of its columns.
        rowid = "rowid, " if is_virtual(cursor, name) else ""
        cursor.execute(f"SELECT {rowid}* FROM {quoted}")  # noqa: S608
        columns = tuple(column[0] for column in cursor.description)
        return Table(name, columns, tuple(cursor.fetchall()))


def is_virtual(cursor, name: str) -> bool:
    if connection.vendor != "sqlite":
        return False
    cursor.execute("SELECT type FROM pragma_table_list WHERE name = %s", [name])
    return cursor.fetchone()[0] == "virtual"


def insert(cursor, table: Table) -> None:
    """Bulk INSERTs of a table's rows, as many rows a statement as the backend takes."""
    if not table.rows:
        return
    quote = connection.ops.quote_name
    columns = ", ".join(quote(column) for column in table.columns)
    row = "(" + ", ".join(["%s"] * len(table.columns)) + ")"
    max_params = connection.features.max_query_params or 65535
    batch = max(1, min(500, max_params // len(table.columns)))
    for start in range(0, len(table.rows), batch):
        rows = table.rows[start:start + batch]
        placeholders = ", ".join([row] * len(rows))
        cursor.execute(
            f"INSERT INTO {quote(table.name)} ({columns}) VALUES {placeholders}",  # noqa: S608
            [value for values in rows for value in values],
        )


def sequence_resets(tables: set[str]) -> list[str]:
    """PostgreSQL: the statements that set the restored tables' id sequences to their highest
    id (SQLite's AUTOINCREMENT follows inserted ids by itself)."""
    models = [model for model in apps.get_models(include_auto_created=True)
              if model._meta.db_table in tables]
    return connection.ops.sequence_reset_sql(no_style(), models)
