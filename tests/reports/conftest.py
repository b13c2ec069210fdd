import io

import pytest
from PIL import Image

from parvis.reports.models import Category, RoutingRule
from parvis.reports.services import load_default_categories


@pytest.fixture
def routing(communes, make_service):
    """Default categories; Voirie goes to the road service (Bordeaux: its own team);
    everything else to the triage service."""
    load_default_categories()
    services = {
        "triage": make_service("Centre de relation usagers", email="triage@example.org"),
        "voirie": make_service("Direction de la voirie", email="voirie@example.org"),
        "voirie-bordeaux": make_service("Voirie de Bordeaux"),
        "eau": make_service("Direction de l'eau"),
    }
    voirie = Category.objects.get(slug="voirie")
    RoutingRule.objects.create(service=services["triage"])
    RoutingRule.objects.create(category=voirie, service=services["voirie"])
    RoutingRule.objects.create(category=voirie, commune=communes["bordeaux"],
                               service=services["voirie-bordeaux"])
    RoutingRule.objects.create(category=Category.objects.get(slug="eau"),
                               service=services["eau"])
    return services


def decompression_bomb() -> bytes:
    """A PNG of a few kilobytes declaring 7,070 × 7,070 pixels (under 50 million)."""
    buffer = io.BytesIO()
    Image.new("1", (7070, 7070), 1).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def jpeg_with_gps(width=800, height=600) -> bytes:
    """A JPEG carrying EXIF GPS data and a camera model, as phones produce."""
    image = Image.new("RGB", (width, height), (200, 120, 40))
    exif = Image.Exif()
    exif[0x0110] = "Phone X"  # camera model
    exif[0x0112] = 6  # orientation: rotate 90° clockwise
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (44.0, 50.0, 17.0), "W", (0.0, 34.0, 44.0)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


@pytest.fixture
def photo_bytes():
    return jpeg_with_gps()
