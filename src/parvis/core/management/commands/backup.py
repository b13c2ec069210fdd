"""Write a backup archive: database, media on disk, and the identity keys."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from parvis.core.services import backups


class Command(BaseCommand):
    help = ("Write a backup archive (database, media kept on disk, identity keys), readable by"
            " its owner only: keep it encrypted and off the server.")

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, help="The archive's path (default: "
                            "parvis-backup-<date>.tar.gz in the current folder).")

    def handle(self, *args, output=None, **options):
        output = output or Path(f"parvis-backup-{timezone.now():%Y%m%d-%H%M%S}.tar.gz")
        try:
            manifest = backups.backup(output)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["counts"].values())
        self.stdout.write(f"{output}: {manifest['database']} database, {rows} rows in "
                          f"{len(manifest['counts'])} tables, storages: "
                          f"{', '.join(manifest['storages']) or 'none on disk'}")
