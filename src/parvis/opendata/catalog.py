"""The DCAT-AP 3.0 catalog of the datasets every module declares, as JSON-LD.

Harvesters (data.gouv.fr, data.europa.eu) read `/donnees/catalogue.jsonld`: one
`dcat:Catalog` published by the organisation, one `dcat:Dataset` per declared dataset with
its licence, update frequency, keywords, provenance (the explanation of its processing) and
its distributions: the live streaming exports and, once `parvis opendata_dump` has run, the
daily files. The CSV distributions conform to the dataset's Table Schema.
Controlled values come from the EU Publications Office's authority tables, as DCAT-AP asks.
"""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from parvis.core import modules
from parvis.core.datasets import Dataset, Distribution
from parvis.core.links import absolute
from parvis.opendata import dumps

AUTHORITY = "http://publications.europa.eu/resource/authority"
FILE_TYPES = {"csv": "CSV", "geojson": "GEOJSON", "json": "JSON"}
# Government and public sector, in the EU data-theme vocabulary.
THEME = f"{AUTHORITY}/data-theme/GOVE"
LANGUAGE = f"{AUTHORITY}/language/FRA"

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def text(value) -> dict:
    return {"@value": str(value), "@language": "fr"}


def node(iri: str, kind: str) -> dict:
    return {"@id": iri, "@type": kind}


def publisher_iri() -> str:
    return absolute("/") + "#organisation"


def publisher() -> dict:
    return {"@id": publisher_iri(), "@type": "foaf:Agent",
            "foaf:name": text(settings.ORGANISATION_NAME)}


def distribution(dataset: Dataset, item: Distribution, url: str, anchor: str,
                 title: str, dump: dumps.Dump | None = None) -> dict:
    page = absolute(reverse("opendata:dataset", args=[dataset.slug]))
    result = {
        "@id": f"{page}#{anchor}",
        "@type": "dcat:Distribution",
        "dct:title": text(title),
        "dcat:accessURL": {"@id": url},
        "dcat:downloadURL": {"@id": url},
        "dct:format": node(f"{AUTHORITY}/file-type/{FILE_TYPES[item.format]}",
                           "dct:MediaTypeOrExtent"),
        "dcat:mediaType": node(f"https://www.iana.org/assignments/media-types/{item.media_type}",
                               "dct:MediaType"),
        "dct:license": node(dataset.licence_url, "dct:LicenseDocument"),
    }
    if item.format == "csv":
        result["dct:conformsTo"] = node(
            absolute(reverse("opendata:schema", args=[dataset.slug])), "dct:Standard")
    if dump is not None:
        result["dcat:byteSize"] = {"@value": str(dump.size), "@type": "xsd:nonNegativeInteger"}
        result["dct:modified"] = {"@value": dump.generated_at.isoformat(timespec="seconds"),
                                  "@type": "xsd:dateTime"}
    return result


def distributions(dataset: Dataset, available: dict) -> list[dict]:
    result = []
    for item in dataset.distributions:
        result.append(distribution(
            dataset, item, absolute(item.url()), item.format,
            _("%(format)s, à jour à chaque téléchargement") % {"format": item.label}))
        dump = available.get((dataset.slug, item.format))
        if dump is not None:
            url = absolute(reverse("opendata:dump", args=[dataset.slug, item.format]))
            result.append(distribution(
                dataset, item, url, f"{item.format}-quotidien",
                _("%(format)s, fichier complet du jour") % {"format": item.label}, dump))
    return result


def dataset_node(dataset: Dataset, available: dict) -> dict:
    page = absolute(reverse("opendata:dataset", args=[dataset.slug]))
    removed = "; ".join(str(item) for item in dataset.removed)
    provenance = " ".join([
        dataset.provenance,
        _("Retiré : %(removed)s.") % {"removed": removed},
        _("Biais connus : %(biases)s") % {"biases": dataset.biases},
    ])
    return {
        "@id": page,
        "@type": "dcat:Dataset",
        "dct:identifier": dataset.slug,
        "dct:title": text(dataset.title),
        "dct:description": text(dataset.description),
        "dct:publisher": {"@id": publisher_iri()},
        "dcat:contactPoint": {
            "@type": ["vcard:Kind", "vcard:Organization"],
            "vcard:fn": settings.ORGANISATION_NAME,
            "vcard:hasEmail": {"@id": f"mailto:{settings.DEFAULT_FROM_EMAIL}"},
        },
        "dcat:landingPage": node(page, "foaf:Document"),
        "dcat:keyword": [text(keyword) for keyword in dataset.keywords],
        "dcat:theme": {**node(THEME, "skos:Concept"),
                       "skos:prefLabel": text(_("Gouvernement et secteur public"))},
        "dct:language": node(LANGUAGE, "dct:LinguisticSystem"),
        "dct:accrualPeriodicity": node(f"{AUTHORITY}/frequency/{dataset.frequency}",
                                       "dct:Frequency"),
        "dct:provenance": {"@type": "dct:ProvenanceStatement", "rdfs:label": text(provenance)},
        "dcat:distribution": distributions(dataset, available),
    }


def catalog() -> dict:
    """The whole catalog, as a JSON-LD document."""
    available = dumps.available()
    return {
        "@context": CONTEXT,
        "@id": absolute(reverse("opendata:catalog_jsonld")),
        "@type": "dcat:Catalog",
        "dct:title": text(_("Données ouvertes de %(site)s") % {"site": settings.SITE_NAME}),
        "dct:description": text(_(
            "Les données que %(organisation)s publie depuis sa plateforme de participation"
            " citoyenne, anonymisées, avec l'explication de leur traitement."
        ) % {"organisation": settings.ORGANISATION_NAME}),
        "dct:publisher": publisher(),
        "foaf:homepage": node(absolute(reverse("opendata:catalog")), "foaf:Document"),
        "dct:language": node(LANGUAGE, "dct:LinguisticSystem"),
        "dcat:dataset": [dataset_node(dataset, available) for dataset in modules.datasets()],
    }
