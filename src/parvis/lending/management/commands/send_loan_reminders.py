from django.core.management.base import BaseCommand

from parvis.lending.services import send_reminders


class Command(BaseCommand):
    help = ("Remind the panel members whose loan ends within LENDING_REMINDER_DAYS days (run"
            " daily; each loan is reminded once per planned end date).")

    def handle(self, *args, **options):
        self.stdout.write(f"{send_reminders()} loan reminder(s) sent.")
