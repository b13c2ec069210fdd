"""The daily dump: each dataset's whole files written to the default storage, so that
harvesters and people download a finished file rather than a live export.

`write_all()` (the `parvis opendata_dump` command, run daily) streams each distribution to a
temporary file (memory stays flat), stores it as `opendata/<dataset>.<format>` and records
its size and time in `opendata/manifest.json`, which the catalog reads.
"""

import json
import tempfile
from dataclasses import dataclass
from datetime import datetime

from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from parvis.core import modules
from parvis.core.datasets import Dataset

FOLDER = "opendata"
MANIFEST = f"{FOLDER}/manifest.json"


@dataclass(frozen=True)
class Dump:
    dataset: str
    format: str
    size: int
    generated_at: datetime

    @property
    def path(self) -> str:
        return path(self.dataset, self.format)


def path(slug: str, format: str) -> str:
    return f"{FOLDER}/{slug}.{format}"


def _replace(name: str, content) -> None:
    if default_storage.exists(name):
        default_storage.delete(name)
    default_storage.save(name, content)


def write(dataset: Dataset, now: datetime) -> list[Dump]:
    dumps = []
    for distribution in dataset.distributions:
        with tempfile.TemporaryFile() as file:
            for part in distribution.stream():
                file.write(part.encode())
            size = file.tell()
            file.seek(0)
            _replace(path(dataset.slug, distribution.format), File(file))
        dumps.append(Dump(dataset.slug, distribution.format, size, now))
    return dumps


def write_all(now: datetime | None = None) -> list[Dump]:
    """Dump every dataset of the registry; returns what was written."""
    now = now or timezone.now()
    dumps = [dump for dataset in modules.datasets() for dump in write(dataset, now)]
    manifest = {f"{dump.dataset}.{dump.format}": {"size": dump.size,
                                                  "generated_at": dump.generated_at.isoformat()}
                for dump in dumps}
    _replace(MANIFEST, ContentFile(json.dumps(manifest).encode()))
    return dumps


def available() -> dict[tuple[str, str], Dump]:
    """The dumps the last run wrote, by (dataset, format); empty before the first run."""
    try:
        with default_storage.open(MANIFEST) as file:
            manifest = json.load(file)
    except (FileNotFoundError, ValueError):
        return {}
    result = {}
    for name, facts in manifest.items():
        slug, _dot, format = name.rpartition(".")
        result[slug, format] = Dump(slug, format, facts["size"],
                                    datetime.fromisoformat(facts["generated_at"]))
    return result
