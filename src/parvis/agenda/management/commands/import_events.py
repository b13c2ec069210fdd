from urllib.parse import urlsplit
from urllib.request import urlopen

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from parvis.agenda.ical import ICalendarError
from parvis.agenda.services import ImportRefused, import_events
from parvis.core.models import Commune
from parvis.processes.models import Process

TIMEOUT_SECONDS = 20
MAX_BYTES = 5 * 1024 * 1024


class Command(BaseCommand):
    help = ("Import the events of an iCalendar feed (http or https URL) or file; events"
            " already imported (same UID) are updated, not duplicated.")

    def add_arguments(self, parser):
        parser.add_argument("source", help="An .ics file or an http(s) URL.")
        parser.add_argument("--process", help="Slug of the process the events belong to.")
        parser.add_argument("--commune", help="Slug of the commune of the events.")

    def handle(self, *args, source, process=None, commune=None, **options):
        process = self.get(Process, process)
        commune = self.get(Commune, commune)
        try:
            counts = import_events(read(source), process=process, commune=commune)
        except (ICalendarError, ImportRefused, ValidationError) as error:
            raise CommandError(f"{source}: {error}") from error
        self.stdout.write("{created} created, {updated} updated, {unchanged} unchanged."
                          .format(**counts))

    def get(self, model, slug):
        if slug is None:
            return None
        try:
            return model.objects.get(slug=slug)
        except model.DoesNotExist:
            raise CommandError(f"Unknown {model._meta.verbose_name}: {slug}") from None


def read(source: str) -> bytes:
    """The bytes of an http(s) URL (with a timeout and a size limit) or of a file."""
    scheme = urlsplit(source).scheme
    if scheme in ("http", "https"):
        try:
            with urlopen(source, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 - http(s) only
                return response.read(MAX_BYTES)
        except OSError as error:
            raise CommandError(f"{source}: {error}") from error
    if scheme and len(scheme) > 1:
        raise CommandError(f"{source}: only http and https URLs or files can be imported.")
    try:
        with open(source, "rb") as file:
            return file.read(MAX_BYTES)
    except OSError as error:
        raise CommandError(f"{source}: {error}") from error
