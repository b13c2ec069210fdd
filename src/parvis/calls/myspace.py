"""Calls for projects in « Mon espace »: the applications I submitted; for jury members,
the calls whose applications they score; for organisers, the applications to examine."""

from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from parvis.calls.applications import applications_of
from parvis.calls.jury import jury_seats
from parvis.calls.models import ApplicationStatus
from parvis.calls.permissions import managed_calls
from parvis.core.modules import Entry, section


def my_space(user) -> list:
    return [section(_("Mes candidatures aux appels à projets"), applications_of(user),
                    lambda application: Entry(
                        f"{application.call.title} — {application.title}",
                        reverse("calls:application", args=[application.pk]),
                        application.get_status_display(),
                    ), reverse("calls:mine"))]


def awaiting(user) -> list[Entry]:
    """A jury member's calls being scored; an organiser's applications whose admissibility
    is to be examined (in the back office)."""
    if not user.is_authenticated:
        return []
    juries = [Entry(_("Jury : %s") % seat.call.title,
                    reverse("calls:jury", args=[seat.call.slug]),
                    _("%(scored)d candidature(s) notée(s) sur %(total)d")
                    % {"scored": seat.scored, "total": seat.before_jury})
              for seat in jury_seats(user)]
    submitted = Q(applications__status=ApplicationStatus.SUBMITTED)
    calls = managed_calls(user).annotate(to_examine=Count("applications", filter=submitted))
    changelist = reverse("admin:calls_application_changelist")
    reviews = [Entry(ngettext("%(count)d candidature à examiner : %(call)s",
                              "%(count)d candidatures à examiner : %(call)s", call.to_examine)
                     % {"count": call.to_examine, "call": call.title},
                     changelist + "?" + urlencode({"status__exact": ApplicationStatus.SUBMITTED,
                                                   "call__id__exact": call.pk}))
               for call in calls.filter(to_examine__gt=0).order_by("pk")]
    return juries + reviews
