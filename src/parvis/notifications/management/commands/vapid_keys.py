from django.core.management.base import BaseCommand

from parvis.notifications.push import new_key_pair


class Command(BaseCommand):
    help = ("Make a new VAPID key pair for notifications on people's devices (Web Push), printed"
            " as the environment variables to set. Keep the private key secret; changing the"
            " pair ends every device's subscription.")

    def handle(self, *args, **options):
        public, private = new_key_pair()
        self.stdout.write(f"VAPID_PUBLIC_KEY={public}\nVAPID_PRIVATE_KEY={private}")
