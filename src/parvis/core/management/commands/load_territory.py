from django.core.management.base import BaseCommand

from parvis.core.services.territory import load_communes


class Command(BaseCommand):
    help = "Load or update the communes of the metropolis (idempotent)."

    def handle(self, *args, **options):
        count = load_communes()
        self.stdout.write(self.style.SUCCESS(f"{count} communes loaded."))
