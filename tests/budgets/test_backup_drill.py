"""Restore drill: a backup of a site with a published vote, restored by `parvis restore` into
a new, empty database, gives back every row and file, and a voter's receipt code still finds
their ballot in the published results; an e-mail still waiting at backup time is held, not
sent a second time."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.core.management import call_command
from django.db import connection

from parvis.core.models import OutboxMessage, OutboxStatus
from parvis.core.services.backups import HELD

PARVIS = str(Path(sys.executable).parent / "parvis")


@pytest.fixture
def fresh_database(transactional_db, tmp_path):
    """The DATABASE_URL of a new, empty database of the same kind as the test database."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    database = connection.settings_dict
    name = f"{database['NAME']}_drill"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield (f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST']}:"
           f"{database['PORT'] or 5432}/{name}")
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def parvis(*arguments, env):
    return subprocess.run([PARVIS, *arguments], env=env, capture_output=True, text=True,
                          check=False, timeout=300)


OUTBOX_CHECK = """
from parvis.core.models import OutboxMessage
for message in OutboxMessage.objects.order_by("pk"):
    print(message.subject, message.status, message.last_error)
"""
RECEIPT_CHECK = """
from django.test import Client
page = Client().get("/budgets/{slug}/resultats/mon-bulletin/", {{"code": "{code}"}})
text = page.content.decode()
print(page.status_code, "{code}" in text, "Aucun bulletin" in text)
"""


def test_a_backup_restores_into_a_new_database_with_every_row_file_and_receipt(
        published_with_voters, fresh_database, tmp_path):
    budget = published_with_voters(6)
    receipt = budget.ballots.order_by("id").first().receipt_code
    default_storage.save("drill/lettre.pdf", ContentFile(b"%PDF-1.4 drill"))
    storages["private"].save("drill/convention.pdf", ContentFile(b"%PDF-1.4 private"))
    OutboxMessage.objects.create(to="a@example.org", subject="Envoyé", body="…",
                                 status=OutboxStatus.SENT)
    OutboxMessage.objects.create(to="b@example.org", subject="En attente", body="…")
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", output=archive)
    assert archive.stat().st_mode & 0o077 == 0  # readable by its owner only

    env = {**os.environ, "DATABASE_URL": fresh_database,
           "PARVIS_DATA_DIR": str(tmp_path / "data"), "MEDIA_ROOT": str(tmp_path / "restored"),
           "IDENTITY_HASH_KEY": "another-key-" + "x" * 40, "ALLOWED_HOSTS": "testserver"}
    refused = parvis("restore", str(archive), env=env)
    assert refused.returncode == 1 and "IDENTITY_HASH_KEY differs" in refused.stderr

    env["IDENTITY_HASH_KEY"] = settings.IDENTITY_HASH_KEY
    restored = parvis("restore", str(archive), env=env)
    assert restored.returncode == 0, restored.stderr
    assert "every table's count matches the backup" in restored.stdout
    assert "1 e-mails waiting at backup time were held" in restored.stdout
    assert (tmp_path / "restored" / "drill" / "lettre.pdf").read_bytes() == b"%PDF-1.4 drill"
    private = tmp_path / "data" / "private" / "drill" / "convention.pdf"
    assert private.read_bytes() == b"%PDF-1.4 private"  # private files too, in their folder

    check = parvis("shell", "-v", "0", "-c",
                   RECEIPT_CHECK.format(slug=budget.slug, code=receipt), env=env)
    assert check.stdout.split() == ["200", "True", "False"], check.stderr
    outbox = parvis("shell", "-v", "0", "-c", OUTBOX_CHECK, env=env)
    assert outbox.stdout.split("\n")[:2] == ["Envoyé sent ", f"En attente failed {HELD}"], (
        outbox.stderr)

    again = parvis("restore", str(archive), env=env)
    assert again.returncode == 1 and "not empty" in again.stderr


def test_restore_refuses_what_is_not_a_backup(tmp_path):
    fake = tmp_path / "fake.tar.gz"
    fake.write_bytes(b"not an archive")
    result = parvis("restore", str(fake), env={**os.environ,
                                                "PARVIS_DATA_DIR": str(tmp_path / "data")})
    assert result.returncode == 1 and "is not a Parvis backup" in result.stderr
