from django.core.management.base import BaseCommand

from parvis.realisations.services import synchronise


class Command(BaseCommand):
    help = ("Create the realisation of everything the participation tools adopted (winning"
            " projects, ideas « retenues », laureates, strategy commitments) and refresh their"
            " titles; idempotent (run daily).")

    def handle(self, *args, **options):
        done = synchronise()
        self.stdout.write(f"{done.created} realisation(s) created, {done.updated} updated.")
