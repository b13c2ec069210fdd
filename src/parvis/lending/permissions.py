"""Who may do what with the lent equipment (pages, back office and services ask here).

The inventory is shared by the panel organisers (process managers, who organise the
panels of their processes), even before a panel exists. A loan, its convention and its
incidents belong to the organisers of the loan's panel, and to the member it is lent to.
"""

from django.db.models import Q, QuerySet

from parvis.core.models import Role
from parvis.core.permissions import has_role
from parvis.lending.models import ConventionAcceptance, Incident, Loan
from parvis.panels.permissions import can_manage_panel, managed_panels


def is_lending_organiser(user) -> bool:
    return has_role(user, Role.PROCESS_MANAGER)


def managed_loans(user) -> QuerySet[Loan]:
    return Loan.objects.filter(panel__in=managed_panels(user))


def can_manage_loan(user, loan: Loan) -> bool:
    return loan.panel_id is not None and can_manage_panel(user, loan.panel)


def managed_incidents(user) -> QuerySet[Incident]:
    """Incidents of the loans one manages, and those of devices that were not on loan."""
    if not is_lending_organiser(user):
        return Incident.objects.none()
    return Incident.objects.filter(
        Q(loan__isnull=True) | Q(loan__panel__in=managed_panels(user))
    )


def can_manage_incident(user, incident: Incident) -> bool:
    if incident.loan_id is None:
        return is_lending_organiser(user)
    return can_manage_loan(user, incident.loan)


def is_borrower(user, loan: Loan) -> bool:
    """The member the loan is made to (nobody once the loan is anonymised)."""
    return user.is_authenticated and loan.borrower_id == user.pk


def can_read_convention(user, loan: Loan) -> bool:
    return is_borrower(user, loan) or can_manage_loan(user, loan)


def can_read_convention_copy(user, acceptance: ConventionAcceptance) -> bool:
    """The PDF copy of an accepted convention: for the member it is lent to and the panel's
    organisers, until the loan is anonymised (its text is then gone)."""
    return bool(acceptance.text) and can_read_convention(user, acceptance.loan)
