"""Lent devices in « Mon espace »."""

from django.urls import reverse
from django.utils.translation import gettext as _

from parvis.core.formats import date_format
from parvis.core.modules import Entry, section
from parvis.lending.models import Loan


def my_space(user) -> list:
    loans = Loan.objects.filter(borrower=user).select_related("device").order_by(
        "-starts_on", "-pk")
    my_loans = reverse("lending:my_loans")
    return [section(_("Matériel qui m'est prêté"), loans, lambda loan: Entry(
        f"{loan.device.get_kind_display()} {loan.device.model}", my_loans,
        _("%(status)s · à rendre le %(date)s") % {
            "status": loan.get_status_display(),
            "date": date_format(loan.planned_end_on, "j F Y")},
    ), my_loans)]
