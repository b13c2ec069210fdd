"""Addresses from the national address base, kept in the site's own database: import,
completion, resolution of a typed address and reverse geocoding, with no third party.

`import_addresses` reads a BAN file line by line (flat memory: rows are written in
batches), replaces the addresses of every commune of the territory the file covers, and
leaves the others; lines of communes outside the territory are counted, not errors. It
runs in one transaction: refused (too many bad lines, a wrong header), nothing changes.
"""

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Avg
from django.utils.text import slugify

from parvis.core import ban, geo
from parvis.core.models import Address, Commune
from parvis.core.search import fold

BATCH = 2000
MAX_ERRORS = 1000
SHOWN_ERRORS = 20
COMPLETION_LIMIT = 8
SCANNED_ROWS = 2000
# Reverse geocoding looks this far around the point, then gives up.
REVERSE_RADII_M = (150, 600)
REVERSE_MAX_CANDIDATES = 2000


class AddressImportRefused(Exception):
    """The file was refused as a whole; nothing was changed. The message says why."""


@dataclass
class ImportReport:
    imported: int = 0
    outside: int = 0
    errors: int = 0
    communes: set = field(default_factory=set)
    messages: list = field(default_factory=list)

    def refuse(self, line_number: int, reason: str) -> None:
        self.errors += 1
        if len(self.messages) < SHOWN_ERRORS:
            self.messages.append(f"line {line_number}: {reason}")


@dataclass(frozen=True)
class Place:
    """An address (or a street, without number) with its point."""

    label: str
    latitude: float
    longitude: float
    commune_slug: str

    def as_json(self) -> dict:
        return {"label": self.label, "latitude": round(self.latitude, 6),
                "longitude": round(self.longitude, 6), "commune": self.commune_slug}


def _row(line: ban.AddressLine, commune: Commune) -> Address:
    return Address(
        ban_id=line.ban_id, commune=commune, number=line.number, suffix=line.suffix,
        street=line.street, street_key=fold(line.street), postcode=line.postcode,
        latitude=line.latitude, longitude=line.longitude,
    )


@transaction.atomic
def import_addresses(lines: Iterable[str], max_errors: int = MAX_ERRORS) -> ImportReport:
    """Import a BAN CSV file given as text lines (header first)."""
    reader = csv.DictReader(lines, delimiter=";")
    header = [name.strip() for name in (reader.fieldnames or [])]
    reader.fieldnames = header
    missing = ban.missing_columns(header)
    if missing:
        raise AddressImportRefused(
            "not a BAN address file: missing columns " + ", ".join(missing)
            + " (expected a « ; »-separated file with a header line)")
    communes = {commune.insee_code: commune for commune in Commune.objects.all()}
    # A batch by id: an id seen twice keeps its last line (as across batches, `_write`).
    report, batch = ImportReport(), {}
    try:
        for row in reader:
            try:
                line = ban.parse(row)
            except ban.LineRefused as error:
                report.refuse(reader.line_num, str(error))
                if report.errors > max_errors:
                    raise AddressImportRefused(
                        f"more than {max_errors} invalid lines; first ones: "
                        + "; ".join(report.messages)) from None
                continue
            commune = communes.get(line.insee_code)
            if commune is None:
                report.outside += 1
                continue
            if commune.insee_code not in report.communes:
                report.communes.add(commune.insee_code)
                Address.objects.filter(commune=commune).delete()
            batch[line.ban_id] = _row(line, commune)
            if len(batch) >= BATCH:
                report.imported += _write(batch)
    except csv.Error as error:
        raise AddressImportRefused(f"line {reader.line_num}: not valid CSV ({error})") from None
    report.imported += _write(batch)
    return report


def _write(batch: dict[str, Address]) -> int:
    """Write a batch; an id already stored (an earlier line, another commune) is replaced."""
    count = len(batch)
    Address.objects.filter(ban_id__in=list(batch)).delete()
    Address.objects.bulk_create(batch.values())
    batch.clear()
    return count


def _streets(queryset, limit: int) -> list[Place]:
    """Streets (without number) matching, one place each at the middle of its addresses.
    The streets are read in index order from at most SCANNED_ROWS addresses, then only
    their addresses are averaged: the cost does not grow with the address base."""
    pairs = []
    rows = queryset.order_by("street_key", "commune_id").values_list("street_key",
                                                                     "commune_id")
    for pair in rows[:SCANNED_ROWS]:
        if pair not in pairs:
            pairs.append(pair)
            if len(pairs) == limit:
                break
    if not pairs:
        return []
    middles = (
        Address.objects.filter(street_key__in={key for key, _ in pairs},
                               commune_id__in={commune for _, commune in pairs})
        .values("street", "street_key", "commune_id", "commune__name", "commune__slug")
        .annotate(latitude=Avg("latitude"), longitude=Avg("longitude"))
    )
    found = {(row["street_key"], row["commune_id"]): row for row in middles}
    return [Place(f"{row['street']}, {row['commune__name']}", row["latitude"],
                  row["longitude"], row["commune__slug"])
            for row in (found.get(pair) for pair in pairs) if row]


def _place(address: Address) -> Place:
    return Place(address.label, address.latitude, address.longitude, address.commune.slug)


def _matching(text: str):
    """(number, addresses whose street starts with the typed street, those that contain
    it), within the commune typed after a comma."""
    number, street, commune = ban.split_query(text[:200])
    key = fold(street)
    if len(key) < 2:
        return number, None, None
    addresses = Address.objects.select_related("commune")
    if commune:
        addresses = addresses.filter(commune__slug__startswith=slugify(commune))
    starting = addresses.filter(street_key__startswith=key)
    containing = addresses.filter(street_key__contains=key).exclude(street_key__startswith=key)
    return number, starting, containing


def complete(text: str, limit: int = COMPLETION_LIMIT) -> list[Place]:
    """Addresses (with the typed number) or streets (without) whose street name starts
    with, then contains, what was typed, ignoring case and accents."""
    number, starting, containing = _matching(text)
    if starting is None:
        return []
    if number is None:
        places = _streets(starting, limit)
        if len(places) < limit:
            places += _streets(containing, limit - len(places))
        return places
    places = []
    for addresses in (starting, containing):
        rows = addresses.filter(number=number).order_by("street_key", "commune_id",
                                                        "suffix")[:limit - len(places)]
        places += [_place(address) for address in rows]
        if len(places) >= limit:
            break
    return places


def resolve(text: str) -> Place | None:
    """The place of a typed address (its first completion), or None when none matches.
    A number that the street lacks gives the street's middle."""
    place = next(iter(complete(text, limit=1)), None)
    number, street, commune = ban.split_query(text[:200])
    if place is None and number is not None:
        place = next(iter(complete(", ".join(filter(None, (street, commune))), limit=1)), None)
    return place


def nearest(latitude: float, longitude: float) -> Address | None:
    """The address nearest to the point, within REVERSE_RADII_M, or None."""
    for radius in REVERSE_RADII_M:
        south, west, north, east = geo.box_around(latitude, longitude, radius)
        candidates = list(
            Address.objects.select_related("commune")
            .filter(latitude__range=(south, north), longitude__range=(west, east))
            .order_by("pk")[:REVERSE_MAX_CANDIDATES]
        )
        if candidates:
            return min(candidates, key=lambda address: geo.distance_m(
                latitude, longitude, address.latitude, address.longitude))
    return None
