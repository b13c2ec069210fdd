"""What the lending inventory tells the strategy's indicators and the IT footprint."""

from datetime import date

from django.db.models import Max, Q
from django.utils.translation import gettext_lazy as _

from parvis.core import modules
from parvis.lending.models import Acquisition, Device, DeviceEvent, DeviceKind, DeviceState

# The IT footprint's equipment categories (`parvis.core.modules.Asset.category`).
CATEGORIES = {DeviceKind.TABLET: "tablet", DeviceKind.PC: "laptop",
              DeviceKind.PHONE: "smartphone"}


def refurbished_devices_lent(day: date) -> int:
    """Refurbished computers handed over to panel members at least once by `day`."""
    return (Device.objects.filter(acquisition=Acquisition.REFURBISHMENT, kind=DeviceKind.PC,
                                  events__kind=DeviceEvent.Kind.LOAN_STARTED,
                                  events__on__lte=day)
            .distinct().count())


MEASURES = {
    "lending.refurbished_devices_lent": modules.Measure(
        _("Ordinateurs reconditionnés remis à des membres de panels"), _("ordinateurs"),
        refurbished_devices_lent),
}


def assets() -> list[modules.Asset]:
    """The devices of the inventory, for the IT footprint; a retired device left the
    inventory on the day of its last event that retired it."""
    devices = Device.objects.annotate(retired_on=Max(
        "events__on", filter=Q(events__state=DeviceState.RETIRED)))
    return [modules.Asset(
        reference=f"pret-{device.serial_number}", category=CATEGORIES[device.kind],
        model=device.model, acquired_on=device.acquired_on,
        refurbished=device.acquisition == Acquisition.REFURBISHMENT,
        retired_on=device.retired_on if device.state == DeviceState.RETIRED else None,
    ) for device in devices]
