"""Restore a backup archive into an empty database and check it."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from parvis.core.services import backups


class Command(BaseCommand):
    help = ("Restore a backup archive into the configured database, which must be empty, and"
            " the media storages on disk; then check every table's row count.")

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument("--show-keys", action="store_true",
                            help="Print the archive's keys as environment variables and stop.")
        parser.add_argument("--resend-pending", action="store_true",
                            help="Send the e-mails that were waiting at backup time (by default"
                                 " they are held: they may have left after the backup).")

    def handle(self, *args, archive, show_keys=False, resend_pending=False, **options):
        try:
            if show_keys:
                _manifest, keys = backups.read_manifest(archive)
                for name, value in keys.items():
                    value = ",".join(value) if isinstance(value, list) else value
                    self.stdout.write(f"{name}={json.dumps(value)}")
                return
            restored = backups.restore(archive, resend_pending)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored {restored.rows} rows in {restored.tables} tables and "
                          f"{restored.files} files; every table's count matches the backup.")
        if restored.held_emails:
            self.stdout.write(f"{restored.held_emails} e-mails waiting at backup time were held,"
                              " not sent: they may have left after the backup (--resend-pending"
                              " sends them).")
