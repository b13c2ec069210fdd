"""The emission factors shipped with Parvis (data/ademe_base_empreinte.json)."""

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

SHIPPED = Path(__file__).resolve().parent / "data" / "ademe_base_empreinte.json"


def shipped() -> list[dict]:
    """The shipped factors as model fields, each with the file's source, version and date."""
    data = json.loads(SHIPPED.read_text(encoding="utf-8"))
    common = {"source": data["source"], "version": data["version"],
              "published_on": date.fromisoformat(data["published_on"])}
    return [{**common, "category": row["category"],
             **{name: Decimal(row[name]) for name in
                ("manufacture_kg", "refurbished_kg", "use_kg_per_year")}}
            for row in data["factors"]]


def install(model) -> None:
    """Store the shipped factors in `model` (EmissionFactor, or its historical version in a
    migration), unless that version of a category is stored already."""
    for fields in shipped():
        model.objects.get_or_create(category=fields["category"], version=fields["version"],
                                    defaults=fields)
