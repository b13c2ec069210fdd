"""Reading the lending data: the inventory with its filters, loans, incidents and the
indicators of a device."""

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from parvis.lending import indicators
from parvis.lending.models import (
    LENDABLE_STATES,
    OPEN_LOAN_STATUSES,
    Device,
    DeviceEvent,
    Loan,
    LoanStatus,
)

HANDED_OVER_STATUSES = [LoanStatus.HANDED_OVER, LoanStatus.RETURNED, LoanStatus.CLOSED]
HISTORY_KINDS = {DeviceEvent.Kind.LOAN_STARTED: indicators.LOAN_STARTED,
                 DeviceEvent.Kind.LOAN_ENDED: indicators.LOAN_ENDED}


def inventory() -> QuerySet[Device]:
    """Devices with `on_loan` (an open loan) and `loan_count` (loans handed over)."""
    open_loans = Loan.objects.filter(device=OuterRef("pk"), status__in=OPEN_LOAN_STATUSES)
    handed_over = Q(loans__status__in=HANDED_OVER_STATUSES)
    return Device.objects.annotate(
        on_loan=Exists(open_loans), loan_count=Count("loans", filter=handed_over),
    ).order_by(*Device._meta.ordering)  # an aggregation does not apply Meta.ordering


def filter_inventory(devices: QuerySet[Device], filters: dict) -> QuerySet[Device]:
    """Apply the filters of InventoryFilterForm."""
    if filters.get("kind"):
        devices = devices.filter(kind=filters["kind"])
    if filters.get("state"):
        devices = devices.filter(state=filters["state"])
    if filters.get("availability") == "available":
        devices = devices.filter(on_loan=False, state__in=LENDABLE_STATES)
    elif filters.get("availability") == "on_loan":
        devices = devices.filter(on_loan=True)
    if filters.get("q"):
        text = filters["q"]
        devices = devices.filter(Q(model__icontains=text) | Q(serial_number__icontains=text)
                                 | Q(os__icontains=text))
    return devices


def available_devices() -> QuerySet[Device]:
    return filter_inventory(inventory(), {"availability": "available"})


def device_indicators(device: Device, events=None) -> indicators.Indicators:
    """From the device's history (`events`, in recorded order, when already fetched)."""
    events = device.events.order_by("pk") if events is None else events
    history = [(HISTORY_KINDS[event.kind], event.on) for event in events
               if event.kind in HISTORY_KINDS]
    return indicators.compute(device.acquired_on, history, timezone.localdate())


def with_people(loans: QuerySet[Loan]) -> QuerySet[Loan]:
    return loans.select_related("device", "panel", "borrower", "member__volunteer")


def overdue(loans: QuerySet[Loan]) -> QuerySet[Loan]:
    return loans.filter(status=LoanStatus.HANDED_OVER,
                        planned_end_on__lt=timezone.localdate()).order_by("planned_end_on",
                                                                          "pk")
