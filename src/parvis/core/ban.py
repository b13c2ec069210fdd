"""Lines of the national address base (Base Adresse Nationale, « BAN »), no Django import.

The BAN publishes one CSV file per department (`adresses-33.csv.gz`), separated by « ; »,
with a header line: `id;id_fantoir;numero;rep;nom_voie;code_postal;code_insee;nom_commune;
code_insee_ancienne_commune;nom_ancienne_commune;x;y;lon;lat;…`. `parse` reads the columns
the site keeps, by name, and refuses a line it cannot use with a message saying why.
"""

import math
import re
from dataclasses import dataclass

REQUIRED = ("id", "numero", "nom_voie", "code_insee", "lon", "lat")
# The BAN numbers a named place without a street number 99999.
NO_NUMBER = 99999
MAX_STREET_LENGTH = 200


class LineRefused(ValueError):
    """A line of the file that cannot be imported; the message says why (in English, for
    the operator's import report)."""


@dataclass(frozen=True)
class AddressLine:
    ban_id: str
    number: int | None
    suffix: str
    street: str
    postcode: str
    insee_code: str
    longitude: float
    latitude: float


def missing_columns(header: list[str]) -> list[str]:
    return [name for name in REQUIRED if name not in header]


def _coordinate(value: str, name: str, limit: float) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise LineRefused(f"{name} is not a number: {value!r}") from None
    if not math.isfinite(number) or abs(number) > limit:
        raise LineRefused(f"{name} out of range: {value!r}")
    return number


def parse(row: dict) -> AddressLine:
    """One line of the file, as a dict of its columns (`csv.DictReader`)."""
    ban_id = (row.get("id") or "").strip()
    if not ban_id or len(ban_id) > 64:
        raise LineRefused("missing or too long id")
    street = " ".join((row.get("nom_voie") or "").split())
    if not street or len(street) > MAX_STREET_LENGTH:
        raise LineRefused("missing or too long street name (nom_voie)")
    insee_code = (row.get("code_insee") or "").strip()
    if not re.fullmatch(r"[0-9][0-9AB][0-9]{3}", insee_code):
        raise LineRefused(f"invalid INSEE code: {insee_code!r}")
    raw_number = (row.get("numero") or "").strip()
    if not raw_number.isascii() or not raw_number.isdigit() or len(raw_number) > 5:
        raise LineRefused(f"invalid number (numero): {raw_number!r}")
    number = int(raw_number)
    return AddressLine(
        ban_id=ban_id,
        number=None if number == NO_NUMBER else number,
        suffix=" ".join((row.get("rep") or "").split())[:10],
        street=street,
        postcode=(row.get("code_postal") or "").strip()[:5],
        insee_code=insee_code,
        longitude=_coordinate(row.get("lon"), "lon", 180),
        latitude=_coordinate(row.get("lat"), "lat", 90),
    )


NUMBER_AT_START = re.compile(r"^\s*(\d{1,5})\s*(bis|ter|quater|[a-z])?\b[\s,]*", re.IGNORECASE)


def split_query(text: str) -> tuple[int | None, str, str]:
    """A typed address as (number or None, street part, commune part after a comma):
    « 12 rue Sainte-Catherine, Bordeaux » -> (12, "rue Sainte-Catherine", "Bordeaux")."""
    street, _, commune = text.partition(",")
    match = NUMBER_AT_START.match(street)
    number = None
    if match:
        number = int(match.group(1))
        street = street[match.end():]
    return number, " ".join(street.split()), " ".join(commune.split())
