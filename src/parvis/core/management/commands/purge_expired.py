"""Delete the personal data whose retention period is over (run it daily). Each run stores a
retention report (counts per module and kind), shown in the back office."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from parvis.core.services import retention


class Command(BaseCommand):
    help = "Delete the personal data whose retention period is over (run it daily)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Count what would be deleted, and delete nothing.",
        )

    def handle(self, *args, dry_run=False, **options):
        counts = retention.run(timezone.now(), dry_run=dry_run)
        verb = "would delete" if dry_run else "deleted"
        for kind, count in counts.items():
            self.stdout.write(f"{kind}: {verb} {count}")
        if not dry_run:
            self.stdout.write(f"Retention report stored: {sum(counts.values())} rows in all.")
