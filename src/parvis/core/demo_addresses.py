"""A small generated address base for the demo (the real one comes from
`parvis import_addresses`): plausible streets with numbers inside each commune's outline,
so that address completion and reverse geocoding work offline. Deterministic and fast."""

import math
import random

from django.db import transaction

from parvis.core import geo, maps
from parvis.core.models import Address, Commune
from parvis.core.search import fold

STREETS_PER_COMMUNE = 10
NUMBERS_PER_STREET = 8  # on each side
SPACING_M = 25
SIDE_M = 12
KINDS = ("rue", "avenue", "allée", "impasse", "chemin", "place", "cours")
NAMES = (
    "Victor-Hugo", "Jean-Jaurès", "de la République", "des Lilas", "du Port", "Pasteur",
    "Gambetta", "des Écoles", "du Moulin", "de la Gare", "Sainte-Catherine", "des Vignes",
    "Montesquieu", "des Chartrons", "de l'Église", "des Tilleuls", "Émile-Zola",
    "de la Liberté", "du Stade", "Jules-Ferry", "des Acacias", "du Lavoir", "Aliénor-d'Aquitaine",
    "de la Jalle", "Mauriac", "des Peupliers", "du 8-Mai-1945", "de Verdun",
)
# One street the documentation and the tests name, in Bordeaux.
BORDEAUX_STREET = "rue Sainte-Catherine"


def _polygon(rings: list) -> dict:
    return {"type": "MultiPolygon",
            "coordinates": [[[[lon, lat] for lat, lon in ring]] for ring in rings]}


def _street_names(rng: random.Random, commune: Commune) -> list[str]:
    names = [f"{kind} {name}" for kind in KINDS for name in NAMES]
    rng.shuffle(names)
    chosen = [name for name in names if name != BORDEAUX_STREET][:STREETS_PER_COMMUNE]
    if commune.name == "Bordeaux":
        chosen[0] = BORDEAUX_STREET
    return chosen


@transaction.atomic
def load_demo_addresses(seed: int = 33) -> int:
    """Replace the generated sample (unless real addresses were imported); returns how many
    addresses were written."""
    Address.objects.filter(ban_id__startswith="demo_").delete()
    communes = list(Commune.objects.all())
    if not communes or Address.objects.exists():
        return 0
    outlines = maps.outlines(communes)
    rng = random.Random(seed)
    rows = []
    for commune in communes:
        shape = _polygon(outlines[commune.insee_code])
        for street_index, street in enumerate(_street_names(rng, commune)):
            # Streets start near the commune's centre, going in any direction.
            distance = rng.uniform(0, 1500) if street_index else 0
            bearing = rng.uniform(0, 2 * math.pi)
            latitude, longitude = geo.offset(commune.latitude, commune.longitude,
                                             distance, bearing)
            heading = rng.uniform(0, 2 * math.pi)
            for step in range(NUMBERS_PER_STREET):
                # Odd numbers on one side of the street, even ones across it.
                for number, side in ((2 * step + 1, 0), (2 * step + 2, SIDE_M)):
                    lat, lon = geo.offset(latitude, longitude, step * SPACING_M, heading)
                    lat, lon = geo.offset(lat, lon, side, heading + math.pi / 2)
                    if geo.contains(shape, lat, lon):
                        rows.append(Address(
                            ban_id=f"demo_{commune.insee_code}_{street_index:02d}_{number}",
                            commune=commune, number=number, street=street,
                            street_key=fold(street), latitude=round(lat, 6),
                            longitude=round(lon, 6),
                        ))
    Address.objects.bulk_create(rows, batch_size=1000)
    return len(rows)
