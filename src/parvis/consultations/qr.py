"""QR codes of a consultation's sites: each encodes the absolute address of the answering
page with ?site=<slug>, so responses collected on a site are counted for it."""

import io
from urllib.parse import urlencode

import segno
from django.urls import reverse

from parvis.consultations.models import Site
from parvis.core.links import absolute

KINDS = {"svg": "image/svg+xml", "png": "image/png"}
SCALE = {"svg": 4, "png": 10}  # a PNG large enough to print at 5 cm


def answering_url(site: Site) -> str:
    path = reverse("consultations:answer", args=[site.consultation.slug])
    return absolute(f"{path}?{urlencode({'site': site.slug})}")


def make(site: Site) -> segno.QRCode:
    return segno.make(answering_url(site), error="m", micro=False)


def image(site: Site, kind: str) -> bytes:
    """The site's QR code as `kind` ("svg" or "png") bytes."""
    buffer = io.BytesIO()
    make(site).save(buffer, kind=kind, scale=SCALE[kind], border=4,
                    **({"title": site.name} if kind == "svg" else {}))
    return buffer.getvalue()
