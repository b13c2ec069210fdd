"""Write every open dataset's daily files to storage (run it daily)."""

from django.core.management.base import BaseCommand

from parvis.opendata import dumps


class Command(BaseCommand):
    help = "Write every open dataset's whole files to storage (run it daily)."

    def handle(self, *args, **options):
        for dump in dumps.write_all():
            self.stdout.write(f"{dump.path}: {dump.size} bytes")
