"""What the lending inventory tells the strategy indicators and the IT footprint."""

from datetime import timedelta

from django.utils import timezone

from parvis.core import modules
from parvis.lending import services
from parvis.lending.models import Acquisition, DeviceKind, DeviceState
from tests.lending.helpers import accept


def test_refurbished_computers_count_once_lent(make_device, make_member, panel, organiser,
                                               template):
    refurbished = make_device(kind=DeviceKind.PC, acquisition=Acquisition.REFURBISHMENT)
    make_device(kind=DeviceKind.PC, acquisition=Acquisition.REFURBISHMENT)  # never lent
    bought = make_device(kind=DeviceKind.PC)
    tablet = make_device(acquisition=Acquisition.REFURBISHMENT)
    today = timezone.localdate()
    for device in [refurbished, bought, tablet]:
        loan = services.prepare_loan(device, make_member(panel), organiser, starts_on=today)
        accept(loan, template)
        services.hand_over(loan, organiser)
    measure = modules.measures()["lending.refurbished_devices_lent"]
    assert measure.compute(today) == 1
    assert measure.compute(today - timedelta(days=1)) == 0


def test_the_inventory_is_part_of_the_it_footprint(make_device, organiser):
    tablet = make_device(serial_number="TAB-1")
    laptop = make_device(kind=DeviceKind.PC, serial_number="PC-1",
                         acquisition=Acquisition.REFURBISHMENT)
    laptop.state = DeviceState.RETIRED
    services.save_device(laptop, organiser, created=False)
    assets = {asset.reference: asset for asset in modules.assets()}
    assert assets["pret-TAB-1"] == modules.Asset(
        reference="pret-TAB-1", category="tablet", model=tablet.model,
        acquired_on=tablet.acquired_on, refurbished=False)
    assert assets["pret-PC-1"].category == "laptop" and assets["pret-PC-1"].refurbished
    assert assets["pret-PC-1"].retired_on == timezone.localdate()
