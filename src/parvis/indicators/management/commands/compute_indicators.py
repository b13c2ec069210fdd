from django.core.management.base import BaseCommand
from django.utils import timezone

from parvis.indicators.services import compute


class Command(BaseCommand):
    help = ("Record today's value of every strategy indicator Parvis computes from its own data,"
            " when it changed (run daily).")

    def handle(self, *args, **options):
        done = compute(timezone.localdate())
        changed = sum(item.value is not None for item in done)
        self.stdout.write(f"{changed} of {len(done)} computed indicator(s) updated.")
        for item in done:
            if item.problem:
                self.stdout.write(f"{item.indicator.code}: {item.problem}")
