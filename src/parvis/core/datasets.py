"""What a module publishes as open data: its datasets, declared in its `Module.datasets`.

A `Dataset` describes one published table: its title and description, the plain-French
explanation of how it is made (what is collected, how it is anonymised, what is removed, its
known biases), its licence, update frequency, keywords and coverage, the Table Schema of its
columns (`Column`s) and its files (`Distribution`s). A distribution names the URL of the
tool's own streaming export and the function producing the whole file, which the daily dump
(`parvis opendata_dump`) writes to storage.

The open-data catalog (`parvis.opendata`) builds the human page, the DCAT-AP catalog and the
Table Schemas from these declarations; it never re-implements an export.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# Licences a dataset may carry: key -> (label, URL of the licence text).
LICENCES = {
    "etalab-2.0": ("Licence Ouverte / Open Licence 2.0",
                   "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"),
    "odbl-1.0": ("Open Database License (ODbL) 1.0",
                 "https://opendatacommons.org/licenses/odbl/1-0/"),
}

# Update frequencies, from the EU Publications Office's frequency vocabulary.
FREQUENCIES = {
    "DAILY": "quotidienne",
    "WEEKLY": "hebdomadaire",
    "MONTHLY": "mensuelle",
    "ANNUAL": "annuelle",
    "IRREG": "irrégulière",
}

# File formats: key -> (media type, label).
FORMATS = {
    "csv": ("text/csv", "CSV"),
    "geojson": ("application/geo+json", "GeoJSON"),
    "json": ("application/json", "JSON"),
}

# Table Schema field types a column may have (https://specs.frictionlessdata.io/table-schema/).
COLUMN_TYPES = {"string", "integer", "number", "boolean", "date", "datetime"}


@dataclass(frozen=True)
class Column:
    """One column of a dataset's CSV file, as a Table Schema field."""

    name: str
    type: str
    title: str
    description: str = ""
    required: bool = False
    unique: bool = False
    enum: Sequence[str] = ()
    minimum: int | None = None
    maximum: int | float | None = None

    def __post_init__(self):
        if self.type not in COLUMN_TYPES:
            raise ValueError(f"Column {self.name!r}: unknown Table Schema type {self.type!r}.")

    def field(self) -> dict:
        field = {"name": self.name, "type": self.type, "title": str(self.title)}
        if self.description:
            field["description"] = str(self.description)
        constraints = {}
        if self.required:
            constraints["required"] = True
        if self.unique:
            constraints["unique"] = True
        if self.enum:
            constraints["enum"] = list(self.enum)
        if self.minimum is not None:
            constraints["minimum"] = self.minimum
        if self.maximum is not None:
            constraints["maximum"] = self.maximum
        if constraints:
            field["constraints"] = constraints
        return field


def status_columns(values: Sequence[str]) -> list[Column]:
    """The columns of a row's status: its value (one of `values`) and its label."""
    return [Column("statut", "string", _("Statut"), required=True, enum=list(values)),
            Column("statut_libelle", "string", _("Libellé du statut"), required=True)]


@dataclass(frozen=True)
class Distribution:
    """One file of a dataset: its format (a key of FORMATS), the URL name of the tool's
    streaming export, and `stream()`, the whole file as text parts (for the daily dump)."""

    format: str
    url_name: str
    stream: Callable[[], Iterable[str]]

    def __post_init__(self):
        if self.format not in FORMATS:
            raise ValueError(f"Unknown distribution format {self.format!r}.")

    @property
    def media_type(self) -> str:
        return FORMATS[self.format][0]

    @property
    def label(self) -> str:
        return FORMATS[self.format][1]

    def url(self) -> str:
        return reverse(self.url_name)


# How every dataset is refreshed: its CSV is streamed from the database at each download,
# and `opendata_dump` writes the whole file every night (said once for all of them).
FRESHNESS = _("Le fichier est recalculé à chaque téléchargement et déposé chaque nuit en"
              " fichier complet.")


@dataclass(frozen=True)
class Dataset:
    """A published table (see the module's docstring). `processing` is the plain-French
    explanation of its processing; `removed` lists what was taken out of it (personal data);
    `columns` describe its CSV distribution, the one every dataset has."""

    slug: str
    title: str
    description: str
    processing: str
    removed: Sequence[str]
    biases: str
    columns: Sequence[Column]
    distributions: Sequence[Distribution]
    licence: str = "etalab-2.0"
    frequency: str = "DAILY"
    keywords: Sequence[str] = ()
    primary_key: str = ""

    def __post_init__(self):
        if self.licence not in LICENCES:
            raise ValueError(f"Dataset {self.slug!r}: unknown licence {self.licence!r}.")
        if self.frequency not in FREQUENCIES:
            raise ValueError(f"Dataset {self.slug!r}: unknown frequency {self.frequency!r}.")
        if "csv" not in {distribution.format for distribution in self.distributions}:
            raise ValueError(f"Dataset {self.slug!r} has no CSV distribution.")

    @property
    def provenance(self) -> str:
        """How it is made: its processing, then how every dataset is refreshed."""
        return f"{self.processing} {FRESHNESS}"

    @property
    def licence_label(self) -> str:
        return LICENCES[self.licence][0]

    @property
    def licence_url(self) -> str:
        return LICENCES[self.licence][1]

    @property
    def frequency_label(self) -> str:
        return FREQUENCIES[self.frequency]

    def distribution(self, format: str) -> Distribution | None:
        return next((item for item in self.distributions if item.format == format), None)

    def table_schema(self) -> dict:
        """The Table Schema (Frictionless) describing the CSV distribution."""
        schema = {"fields": [column.field() for column in self.columns],
                  "missingValues": [""]}
        if self.primary_key:
            schema["primaryKey"] = self.primary_key
        return schema
