"""The pages of equipment lending for the quality gates (see `parvis.core.modules`): a
panel member's loans, and the organisers' inventory, loans and incidents, each signed in
as the demo account that uses it."""

from parvis.core.models import Role, User
from parvis.core.modules import PublicPage, holder_of, require_demo_data, signed_in
from parvis.lending.models import Loan


def borrower() -> User:
    """The first demo account that has borrowed a device."""
    loan = (Loan.objects.filter(borrower__isnull=False).select_related("borrower")
            .order_by("pk").first())
    return require_demo_data(loan, "No loan").borrower


def public_pages() -> list[PublicPage]:
    organiser = signed_in(holder_of(Role.PROCESS_MANAGER))
    return [
        PublicPage("lending-my-loans", "lending:my_loans", session=signed_in(borrower)),
        PublicPage("lending-inventory", "lending:inventory", session=organiser),
        PublicPage("lending-loans", "lending:loans", session=organiser),
        PublicPage("lending-incidents", "lending:incidents", session=organiser),
    ]
