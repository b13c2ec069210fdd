"""Create an API token for a person's integration and print its key once."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from parvis.core.models import User
from parvis.core.services.tokens import create_token


class Command(BaseCommand):
    help = "Create an API token for the account with this e-mail address and print its key once."

    def add_arguments(self, parser):
        parser.add_argument("email", help="E-mail address of the token's owner.")
        parser.add_argument("name", help="What the token is for, e.g. the integration's name.")

    def handle(self, *args, email, name, **options):
        user = User.objects.filter(email=email.strip().lower(), is_active=True).first()
        if user is None:
            raise CommandError(f"No active account with the e-mail address {email}.")
        try:
            token, key = create_token(user, name)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        self.stdout.write(self.style.SUCCESS(f"Token “{token}” created for {user}."))
        self.stdout.write("Key (shown only now, store it safely):")
        self.stdout.write(key)
