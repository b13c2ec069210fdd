"""Backups that restore: one archive holds the database, the media kept on disk and the keys
identity fingerprints depend on; a restore goes into an empty database and checks that every
table holds as many rows as when the archive was made.

The archive (a gzip tar, readable by its owner only) contains:

- `manifest.json`: when and from what it was made, and the row count of every table;
- `database.dump` (PostgreSQL, `pg_dump` custom format) or `database.sqlite3` (SQLite);
- `media/<storage>/…`: the files of every storage kept on the local disk (object storage
  is backed up by the bucket's own versioning or replication);
- `keys.json`: `IDENTITY_HASH_KEY` and its previous values, and `SECRET_KEY`. Without the
  same identity key a restored site would take a verified person for a new one.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.files.storage import storages
from django.db import connection
from django.utils import timezone

from parvis.core.files import local_path
from parvis.core.models import OutboxMessage, OutboxStatus

FORMAT_VERSION = 1


class BackupError(Exception):
    """A backup or a restore that cannot go on; the message says why, for the operator."""


@dataclass(frozen=True)
class Restored:
    tables: int
    rows: int
    files: int
    held_emails: int = 0  # e-mails waiting at backup time, held rather than sent again


def table_counts() -> dict[str, int]:
    """Rows of every concrete model of the project, by model label."""
    counts = {}
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed:
            continue
        counts[meta.label] = model._base_manager.using(connection.alias).count()
    return dict(sorted(counts.items()))


def file_storages() -> dict[str, Path]:
    """The storages that keep files on this machine's disk (the public media and the
    private files), by name."""
    on_disk = {}
    for name in settings.STORAGES:
        location = None if name == "staticfiles" else local_path(storages[name], "")
        if location is not None:
            on_disk[name] = Path(location)
    return on_disk


def identity_keys() -> dict:
    return {"IDENTITY_HASH_KEY": settings.IDENTITY_HASH_KEY,
            "IDENTITY_HASH_PREVIOUS_KEYS": list(settings.IDENTITY_HASH_PREVIOUS_KEYS),
            "SECRET_KEY": settings.SECRET_KEY}


def backup(output: Path) -> dict:
    """Write the archive to `output` and return its manifest."""
    manifest = {
        "format": FORMAT_VERSION,
        "created_at": timezone.now().isoformat(),
        "database": connection.vendor,
        "counts": table_counts(),
        "storages": sorted(file_storages()),
    }
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        dump = _dump_database(Path(work))
        for name, content in (("manifest.json", manifest), ("keys.json", identity_keys())):
            (Path(work) / name).write_text(json.dumps(content, indent=2, ensure_ascii=False))
        partial = output.with_name(output.name + ".partial")
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
            tar.add(Path(work) / "manifest.json", "manifest.json")
            tar.add(Path(work) / "keys.json", "keys.json")
            tar.add(dump, dump.name)
            for name, location in file_storages().items():
                if location.exists():
                    tar.add(location, f"media/{name}")
        partial.replace(output)  # a crash never leaves a truncated archive under the name
    return manifest


def _dump_database(folder: Path) -> Path:
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        target = folder / "database.sqlite3"
        copy = sqlite3.connect(target)
        try:
            connection.connection.backup(copy)
        finally:
            copy.close()
        return target
    if connection.vendor == "postgresql":
        target = folder / "database.dump"
        _run_pg("pg_dump", ["--format=custom", "--no-owner", "--no-privileges",
                            f"--file={target}"])
        return target
    raise BackupError(f"Backups support SQLite and PostgreSQL, not {connection.vendor}.")


def _run_pg(program: str, arguments: list[str]) -> None:
    if shutil.which(program) is None:
        raise BackupError(f"{program} is not installed (Debian package postgresql-client).")
    database = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": database.get("PASSWORD") or ""}
    command = [program, f"--host={database.get('HOST') or 'localhost'}",
               f"--port={database.get('PORT') or 5432}",
               f"--username={database.get('USER') or ''}",
               f"--dbname={database['NAME']}", *arguments]
    result = subprocess.run(command, env=env, capture_output=True, text=True,  # noqa: S603
                            check=False)  # the program is fixed, the arguments are settings
    if result.returncode:
        raise BackupError(f"{program} failed: {result.stderr.strip()}")


def read_manifest(archive: Path) -> tuple[dict, dict]:
    """The manifest and the keys of an archive."""
    try:
        with tarfile.open(archive, "r:gz") as tar:
            manifest = json.load(tar.extractfile("manifest.json"))
            keys = json.load(tar.extractfile("keys.json"))
    except (OSError, KeyError, tarfile.TarError, json.JSONDecodeError) as error:
        raise BackupError(f"{archive} is not a Parvis backup: {error}") from error
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"{archive}: unknown backup format {manifest.get('format')!r}.")
    return manifest, keys


HELD = "Retenu à la restauration d'une sauvegarde : peut-être déjà envoyé après celle-ci."


def restore(archive: Path, resend_pending: bool = False) -> Restored:
    """Restore `archive` into the configured, empty database and the local storages, then
    check every table's row count against the manifest.

    The e-mails still waiting in the outbox at backup time may have left after it: they are
    held (marked abandoned, with the reason) unless `resend_pending`. Queued tasks resume:
    every task is safe to run twice."""
    manifest, keys = read_manifest(archive)
    if manifest["database"] != connection.vendor:
        raise BackupError(f"The archive holds a {manifest['database']} database; this site "
                          f"uses {connection.vendor}.")
    if keys["IDENTITY_HASH_KEY"] != settings.IDENTITY_HASH_KEY:
        raise BackupError(
            "IDENTITY_HASH_KEY differs from the one of the backup: identity fingerprints would"
            " no longer match. Set IDENTITY_HASH_KEY (and IDENTITY_HASH_PREVIOUS_KEYS) to the"
            " values `parvis restore --show-keys` prints, then restore again.")
    if connection.introspection.table_names():
        raise BackupError("The database is not empty: restore into a new, empty database.")
    with tempfile.TemporaryDirectory() as work, tarfile.open(archive, "r:gz") as tar:
        tar.extractall(work, filter="data")
        _load_database(Path(work))
        files = _restore_media(Path(work) / "media")
    counts = table_counts()
    differences = {label: (expected, counts.get(label))
                   for label, expected in manifest["counts"].items()
                   if counts.get(label) != expected}
    if differences:
        listed = ", ".join(f"{label}: {got} instead of {expected}"
                           for label, (expected, got) in differences.items())
        raise BackupError(f"The restored database differs from the backup: {listed}.")
    held = 0 if resend_pending else OutboxMessage.objects.filter(
        status=OutboxStatus.PENDING).update(status=OutboxStatus.FAILED, last_error=HELD)
    return Restored(len(counts), sum(counts.values()), files, held)


def _load_database(folder: Path) -> None:
    if connection.vendor == "sqlite":
        connection.close()
        source = sqlite3.connect(folder / "database.sqlite3")
        target = sqlite3.connect(connection.settings_dict["NAME"])
        try:
            source.backup(target)
        finally:
            source.close()
            target.close()
        return
    _run_pg("pg_restore", ["--no-owner", "--no-privileges", "--exit-on-error",
                           str(folder / "database.dump")])


def _restore_media(folder: Path) -> int:
    restored = 0
    for name, location in file_storages().items():
        source = folder / name
        if not source.exists():
            continue
        for path in source.rglob("*"):
            if path.is_file():
                target = location / path.relative_to(source)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, target)
                restored += 1
    return restored
