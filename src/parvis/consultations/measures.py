"""What consultations tell the strategy's indicators."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parvis.consultations.models import Response
from parvis.core import modules

# The digital-inequality observatory surveys people through the consultations of the
# processes of this theme.
OBSERVATORY_THEME = "numerique"


def people_surveyed(day: date) -> int:
    """Responses sent, by the end of `day`, to the published consultations of the
    observatory's theme (one per person or device)."""
    end = timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))
    return Response.objects.filter(
        is_draft=False, submitted_at__lt=end, consultation__is_published=True,
        consultation__process__theme__slug=OBSERVATORY_THEME).count()


MEASURES = {
    "consultations.people_surveyed": modules.Measure(
        _("Personnes interrogées par l'observatoire des inégalités numériques"),
        _("personnes"), people_surveyed),
}
