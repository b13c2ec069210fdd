"""Create the permanent idea box about the platform itself (idempotent)."""

from django.core.management.base import BaseCommand

from parvis.ideas.services import ensure_platform_box


class Command(BaseCommand):
    help = ("Create the permanent idea box « Améliorer Parvis » and its process, open to"
            " proposals, supports and comments (once per deployment; running it again"
            " changes nothing).")

    def handle(self, *args, **options):
        box = ensure_platform_box()
        self.stdout.write(self.style.SUCCESS(f"Idea box ready: {box.get_absolute_url()}"))
