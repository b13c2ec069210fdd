"""Reading an uploaded CSV file row by row (pure module, no Django): the measurements of
indicators, an IT equipment inventory…

The file is UTF-8 (with or without BOM), separated by « ; » or « , » (guessed from the
header), with a header row naming the columns. `read` returns the rows as dicts keyed by the
expected column names, or raises `CsvError` with a French message for the person.
"""

import csv
import io
import re
from datetime import date
from decimal import Decimal, InvalidOperation

MAX_ROWS = 10_000


class CsvError(ValueError):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def read(data: bytes, columns: list[str], optional: tuple[str, ...] = ()) -> list[dict]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CsvError("Le fichier n'est pas un fichier texte en UTF-8.") from None
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise CsvError("Le fichier est vide : la première ligne doit nommer les colonnes.")
    delimiter = ";" if lines[0].count(";") >= lines[0].count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        rows = list(reader)
    except csv.Error as error:
        raise CsvError(f"Le fichier n'est pas un CSV valide : {error}.") from None
    header = [name.strip().lower() for name in rows[0]]
    missing = [name for name in columns if name not in header]
    if missing:
        raise CsvError("Colonnes manquantes : " + ", ".join(missing)
                       + ". Colonnes attendues : " + ", ".join(columns + list(optional)) + ".")
    body = [row for row in rows[1:] if any(cell.strip() for cell in row)]
    if not body:
        raise CsvError("Le fichier ne contient aucune ligne de données.")
    if len(body) > MAX_ROWS:
        raise CsvError(f"Le fichier dépasse {MAX_ROWS} lignes : découpez-le.")
    wanted = columns + [name for name in optional if name in header]
    positions = {name: header.index(name) for name in wanted}
    return [{name: (row[index].strip() if index < len(row) else "")
             for name, index in positions.items()} for row in body]


_NUMBER = re.compile(r"-?\d+([.,]\d+)?")
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_FRENCH_DAY = re.compile(r"(\d{2})/(\d{2})/(\d{4})")


def parse_number(text: str) -> Decimal:
    """A decimal number written « 12,5 », « 12.5 » or « 1 250 » (spaces group thousands)."""
    compact = "".join(text.split()).replace("\N{NARROW NO-BREAK SPACE}", "")
    if not _NUMBER.fullmatch(compact):
        raise CsvError(f"« {text} » n'est pas un nombre (exemple : 1250 ou 12,5).")
    try:
        return Decimal(compact.replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern above only lets numbers in
        raise CsvError(f"« {text} » n'est pas un nombre.") from None


def parse_day(text: str) -> date:
    """A day written 2025-06-30 or 30/06/2025."""
    text = text.strip()
    if match := _ISO_DAY.fullmatch(text):
        year, month, day = match.groups()
    elif match := _FRENCH_DAY.fullmatch(text):
        day, month, year = match.groups()
    else:
        raise CsvError(f"« {text} » n'est pas une date (exemple : 2025-06-30 ou 30/06/2025).")
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        raise CsvError(f"« {text} » n'est pas une date qui existe.") from None
