from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from parvis.core.services.territory import load_boundaries, load_communes


class Command(BaseCommand):
    help = "Load or update the communes of the metropolis (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--boundaries",
            help="GeoJSON FeatureCollection of commune contours (INSEE code in properties).",
        )

    def handle(self, *args, boundaries=None, **options):
        count = load_communes()
        self.stdout.write(self.style.SUCCESS(f"{count} communes loaded."))
        if boundaries:
            try:
                updated = load_boundaries(Path(boundaries))
            except (OSError, ValueError) as exc:
                raise CommandError(f"Cannot read {boundaries}: {exc}") from exc
            self.stdout.write(self.style.SUCCESS(f"{updated} commune contours loaded."))
