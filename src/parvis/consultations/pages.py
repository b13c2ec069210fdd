"""The public pages of consultations, for the quality gates (see `parvis.core.modules`).

A resolver finds its page in the demo data when a gate opens it."""

from urllib.parse import urlencode

from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from parvis.consultations.models import Consultation, ResultsVisibility
from parvis.consultations.permissions import visible_consultations
from parvis.core.modules import PublicPage, require_demo_data


def closed_consultation() -> Consultation:
    """The demo's closed consultation whose results are public ("Îlots de fraîcheur")."""
    consultation = (visible_consultations(AnonymousUser()).filter(
        closes_at__lte=timezone.now(), results_visibility=ResultsVisibility.AFTER_CLOSING,
        sites__isnull=False).order_by("pk").first())
    return require_demo_data(consultation, "No closed consultation with sites")


def consultation_results() -> str:
    return reverse("consultations:results", args=[closed_consultation().slug])


def consultation_site_results() -> str:
    site = closed_consultation().sites.order_by("slug").first()
    return f"{consultation_results()}?{urlencode({'site': site.slug})}"


def open_consultation_form() -> str:
    """An open demo consultation anyone may answer ("Les outils de participation")."""
    consultation = (visible_consultations(AnonymousUser()).open_at(timezone.now())
                    .filter(audience="anyone")
                    .order_by("pk").first())
    require_demo_data(consultation, "No open consultation")
    return consultation.get_absolute_url()


def public_pages() -> list[PublicPage]:
    return [
        PublicPage("consultation-list", "consultations:list"),
        PublicPage("consultation-list-closed", "consultations:list", query="etat=closes"),
        PublicPage("consultation-answer", resolver=open_consultation_form, has_form=True),
        PublicPage("consultation-results", resolver=consultation_results),
        PublicPage("consultation-site-results", resolver=consultation_site_results),
    ]
