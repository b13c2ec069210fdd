from django.core.management.base import BaseCommand

from parvis.notifications.services import send_digests


class Command(BaseCommand):
    help = ("Send the daily e-mail digest to everyone who chose it (run once a day; running it"
            " again sends only what is new).")

    def handle(self, *args, **options):
        emails, notifications = send_digests()
        self.stdout.write(f"{emails} digest(s) sent, {notifications} notification(s) included.")
