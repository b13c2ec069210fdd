"""Create an API token for an integration and print its key once."""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_date

from parvis.core.models import ApiToken, User
from parvis.core.services.tokens import create_token


def expiry(value: str) -> datetime:
    """--expires: a day (YYYY-MM-DD, the token works until its end) or a number of days."""
    if value.isdigit():
        return timezone.now() + timedelta(days=int(value))
    try:
        day = parse_date(value)
    except ValueError:
        day = None
    if day is None:
        raise ValueError(value)
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


class Command(BaseCommand):
    help = (
        "Create an API token for the account with this e-mail address and print its key once. "
        "The token has the given scopes (read by default; open311:write to create Open311 "
        "requests), an expiry and an hourly rate."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="E-mail address of the token's owner.")
        parser.add_argument("name", help="What the token is for, e.g. the integration's name.")
        parser.add_argument(
            "--scope", action="append", dest="scopes", choices=ApiToken.Scope.values,
            help="A scope the token allows (repeat the option for several; default: read).",
        )
        parser.add_argument(
            "--expires", type=expiry, metavar="YYYY-MM-DD|DAYS",
            help=f"Last day of validity, or a number of days "
                 f"(default: {settings.API_TOKEN_DEFAULT_DAYS} days).",
        )
        parser.add_argument(
            "--requests-per-hour", type=int, metavar="N",
            help=f"Requests allowed per hour (default: {settings.API_TOKEN_REQUESTS_PER_HOUR}).",
        )

    def handle(self, *args, email, name, scopes, expires, requests_per_hour, **options):
        user = User.objects.filter(email=email.strip().lower(), is_active=True).first()
        if user is None:
            raise CommandError(f"No active account with the e-mail address {email}.")
        try:
            token, key = create_token(
                user, name, scopes=tuple(scopes or [ApiToken.Scope.READ]), expires_at=expires,
                requests_per_hour=requests_per_hour,
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        self.stdout.write(self.style.SUCCESS(
            f"Token “{token}” created for {user}: {', '.join(token.scope_list)}, valid until "
            f"{timezone.localtime(token.expires_at):%Y-%m-%d %H:%M}, "
            f"{token.hourly_limit} requests per hour."
        ))
        self.stdout.write("Key (shown only now, store it safely):")
        self.stdout.write(key)
