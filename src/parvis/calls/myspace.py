"""Calls for projects in « Mon espace »: the applications I submitted; for jury members,
the calls whose applications they score."""

from django.urls import reverse
from django.utils.translation import gettext as _

from parvis.calls.applications import applications_of
from parvis.calls.jury import jury_seats
from parvis.core.modules import Entry, section


def my_space(user) -> list:
    return [section(_("Mes candidatures aux appels à projets"), applications_of(user),
                    lambda application: Entry(
                        f"{application.call.title} — {application.title}",
                        reverse("calls:application", args=[application.pk]),
                        application.get_status_display(),
                    ), reverse("calls:mine"))]


def awaiting(user) -> list[Entry]:
    if not user.is_authenticated:
        return []
    return [Entry(_("Jury : %s") % seat.call.title, reverse("calls:jury", args=[seat.call.slug]),
                  _("%(scored)d candidature(s) notée(s) sur %(total)d")
                  % {"scored": seat.scored, "total": seat.before_jury})
            for seat in jury_seats(user)]
