"""The metropolis' territory: its communes, loaded from the bundled reference file."""

import json
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from parvis.core.models import Commune

COMMUNES_FILE = Path(__file__).resolve().parent.parent / "data" / "communes.json"


@transaction.atomic
def load_communes(path: Path = COMMUNES_FILE) -> int:
    """Create or update the communes (idempotent, keyed by INSEE code). Returns the count."""
    rows = json.loads(path.read_text(encoding="utf-8"))
    for name, insee_code, latitude, longitude in rows:
        Commune.objects.update_or_create(
            insee_code=insee_code,
            defaults={
                "name": name,
                "slug": slugify(name),
                "latitude": latitude,
                "longitude": longitude,
            },
        )
    return len(rows)
