from django.core.management.base import BaseCommand

from parvis.agenda.services import send_reminders


class Command(BaseCommand):
    help = ("E-mail a reminder to the people registered for tomorrow's events (run daily;"
            " each person is reminded once).")

    def handle(self, *args, **options):
        self.stdout.write(f"{send_reminders()} reminder(s) sent.")
