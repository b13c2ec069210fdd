"""The « Résultats » block of a process page: the laureates of its calls."""

from django.urls import reverse
from django.utils.translation import gettext as _

from parvis.calls.applications import public_calls
from parvis.core.modules import Entry


def process_results(process, user) -> list[Entry]:
    """The laureates of the process' calls, once published."""
    return [Entry(_("Lauréats : %s") % call.title, reverse("calls:laureates", args=[call.slug]))
            for call in public_calls().filter(process=process,
                                              laureates_published_at__isnull=False)]
