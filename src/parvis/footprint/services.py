"""Writes on the IT inventory: the import of the asset management's CSV export."""

import unicodedata
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parvis.core import audit, bounds, csv_import
from parvis.core.errors import ImportRefused
from parvis.footprint.models import Category, Equipment, Outcome

COLUMNS = ["reference", "categorie", "date_achat"]
OPTIONAL = ("modele", "reconditionne", "date_retrait", "devenir", "en_etat")
CATEGORY_NAMES = {"portable": Category.LAPTOP, "ordinateur portable": Category.LAPTOP,
                  "fixe": Category.DESKTOP, "ordinateur fixe": Category.DESKTOP,
                  "ecran": Category.SCREEN, "smartphone": Category.SMARTPHONE,
                  "telephone": Category.SMARTPHONE, "tablette": Category.TABLET}
OUTCOME_NAMES = {"reemploi": Outcome.REUSE, "reconditionnement": Outcome.REFURBISHMENT,
                 "recyclage": Outcome.RECYCLING, "": ""}
YES, NO = {"oui", "o", "1", "vrai", "x"}, {"non", "n", "0", "faux", ""}


def _plain(text: str) -> str:
    """Lower case, without accents: « Écran » and « ecran » are the same category."""
    decomposed = unicodedata.normalize("NFD", text.strip().lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _choice(text: str, names: dict, what: str):
    if _plain(text) not in names:
        allowed = ", ".join(sorted(name for name in names if name))
        raise csv_import.CsvError(f"{what} « {text} » inconnu (valeurs possibles : {allowed})")
    return names[_plain(text)]


def _flag(text: str, default: bool, what: str) -> bool:
    value = _plain(text)
    if not value:
        return default
    if value in YES | NO:
        return value in YES
    raise csv_import.CsvError(f"{what} « {text} » : répondez oui ou non")


def _day(text: str, what: str) -> date:
    day = csv_import.parse_day(text)
    if not bounds.day_in_range(day) or day > timezone.localdate():
        raise csv_import.CsvError(f"{what} {text} : une date passée est attendue")
    return day


def _row(row: dict) -> dict:
    reference = row["reference"]
    if not reference or len(reference) > 60:
        raise csv_import.CsvError("référence vide ou de plus de 60 caractères")
    fields = {
        "category": _choice(row["categorie"], CATEGORY_NAMES, "catégorie"),
        "model": row.get("modele", "")[:100],
        "acquired_on": _day(row["date_achat"], "date d'achat"),
        "refurbished": _flag(row.get("reconditionne", ""), False, "reconditionné"),
        "retired_on": (_day(row["date_retrait"], "date de retrait")
                       if row.get("date_retrait") else None),
        "outcome": _choice(row.get("devenir", ""), OUTCOME_NAMES, "devenir"),
        "working": _flag(row.get("en_etat", ""), True, "en état"),
    }
    if fields["retired_on"] and fields["retired_on"] < fields["acquired_on"]:
        raise csv_import.CsvError("la date de retrait précède la date d'achat")
    if fields["outcome"] and not fields["retired_on"]:
        raise csv_import.CsvError("un devenir est donné sans date de retrait")
    return fields


@transaction.atomic
def import_inventory(data: bytes, actor) -> dict[str, int]:
    """Add or update (by reference) every row of the asset management's CSV export, or
    nothing when a row is invalid. Returns the numbers of pieces created and updated."""
    try:
        rows = csv_import.read(data, COLUMNS, optional=OPTIONAL)
    except csv_import.CsvError as error:
        raise ImportRefused([error.message]) from None
    errors, valid, seen = [], {}, set()
    for line, row in enumerate(rows, start=2):
        try:
            if row["reference"] in seen:
                raise csv_import.CsvError(f"référence « {row['reference']} » en double")
            seen.add(row["reference"])
            valid[row["reference"]] = _row(row)
        except csv_import.CsvError as error:
            errors.append(_("Ligne %(line)d : %(problem)s.") % {
                "line": line, "problem": error.message.rstrip(".")})
    if errors:
        raise ImportRefused(errors)
    existing = Equipment.objects.in_bulk(list(valid), field_name="reference")
    now = timezone.now()
    created = [Equipment(reference=reference, updated_at=now, **fields)
               for reference, fields in valid.items() if reference not in existing]
    updated = []
    for reference, equipment in existing.items():
        for name, value in valid[reference].items():
            setattr(equipment, name, value)
        equipment.updated_at = now
        updated.append(equipment)
    Equipment.objects.bulk_create(created, batch_size=500)
    Equipment.objects.bulk_update(updated, [*valid[next(iter(valid))], "updated_at"],
                                  batch_size=500)
    counts = {"created": len(created), "updated": len(updated)}
    audit.record(actor, "footprint_inventory_imported", **counts)
    return counts
