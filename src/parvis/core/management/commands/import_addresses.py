"""Import the national address base (BAN) of the territory, for address completion and
reverse geocoding from the site's own database.

    parvis import_addresses adresses-33.csv.gz
    parvis import_addresses https://adresse.data.gouv.fr/data/ban/adresses/latest/csv/adresses-33.csv.gz

A file (or http(s) URL) in the BAN's CSV format, gzipped or not. Re-importing replaces the
addresses of the communes the file covers; communes outside the territory are skipped.
"""

import gzip
import io
import urllib.request
from contextlib import ExitStack

from django.core.management.base import BaseCommand, CommandError

from parvis.core.services.addresses import MAX_ERRORS, AddressImportRefused, import_addresses

GZIP_MAGIC = b"\x1f\x8b"


def open_source(source: str, stack: ExitStack) -> io.TextIOBase:
    """The text lines of a local file or an http(s) URL, decompressed when gzipped."""
    if source.startswith(("http://", "https://")):
        raw = stack.enter_context(urllib.request.urlopen(source, timeout=60))  # noqa: S310
    else:
        raw = stack.enter_context(open(source, "rb"))  # noqa: SIM115
    buffered = io.BufferedReader(raw) if not hasattr(raw, "peek") else raw
    if buffered.peek(2)[:2] == GZIP_MAGIC:
        buffered = stack.enter_context(gzip.GzipFile(fileobj=buffered))
    return io.TextIOWrapper(buffered, encoding="utf-8-sig", newline="")


class Command(BaseCommand):
    help = "Import a Base Adresse Nationale CSV file (or URL) of the territory's addresses."

    def add_arguments(self, parser):
        parser.add_argument("source", help="adresses-NN.csv(.gz) file or http(s) URL")
        parser.add_argument("--max-errors", type=int, default=MAX_ERRORS,
                            help="invalid lines tolerated before the import is refused")

    def handle(self, *args, source, max_errors, **options):
        try:
            with ExitStack() as stack:
                report = import_addresses(open_source(source, stack), max_errors=max_errors)
        except (OSError, UnicodeDecodeError, EOFError) as error:
            raise CommandError(f"cannot read {source}: {error}") from None
        except AddressImportRefused as error:
            raise CommandError(f"import refused, nothing changed: {error}") from None
        self.stdout.write(
            f"{report.imported} addresses imported in {len(report.communes)} communes;"
            f" {report.outside} lines outside the territory; {report.errors} invalid lines"
            " skipped."
        )
        for message in report.messages:
            self.stdout.write(f"  {message}")
