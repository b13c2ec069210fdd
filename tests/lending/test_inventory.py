"""The organisers' inventory: devices, their history and indicators, filters, CSV export,
and who may see them."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from parvis.core.models import AuditEntry
from parvis.lending.models import Device, DeviceEvent, DeviceState

VALID_DEVICE = {
    "kind": "pc", "os": "Linux Mint 21", "model": "ThinkPad T480 reconditionné",
    "serial_number": "  PF-1234  ", "accessories": "chargeur", "state": "good",
    "acquisition": "refurbishment", "acquired_on": "2025-03-01", "notes": "", "note": "",
}


@pytest.mark.parametrize("url_name, args", [
    ("lending:inventory", []), ("lending:inventory_csv", []), ("lending:device_create", []),
    ("lending:loans", []), ("lending:overdue", []), ("lending:incidents", []),
])
def test_organiser_pages_need_an_organiser(client, make_user, url_name, args):
    url = reverse(url_name, args=args)
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(make_user())
    assert client.get(url).status_code == 403


def test_device_pages_are_refused_to_citizens(client, make_user, device):
    client.force_login(make_user())
    for name in ["device", "device_edit", "loan_create", "device_incident"]:
        assert client.get(reverse(f"lending:{name}", args=[device.pk])).status_code == 403
    response = client.post(reverse("lending:device_edit", args=[device.pk]),
                           {**VALID_DEVICE, "state": "retired"})
    assert response.status_code == 403
    assert Device.objects.get(pk=device.pk).state == DeviceState.NEW


def test_an_organiser_adds_a_device_and_its_history_starts(client, organiser):
    client.force_login(organiser)
    response = client.post(reverse("lending:device_create"), VALID_DEVICE)
    device = Device.objects.get()
    assert response.status_code == 302 and response.url == device.get_absolute_url()
    assert device.serial_number == "PF-1234"
    assert list(device.events.values_list("kind", "state")) == [("added", "good")]
    assert AuditEntry.objects.filter(action="lending.device_created").exists()


def test_device_form_errors_are_in_french_and_tied_to_their_fields(client, organiser, device):
    client.force_login(organiser)
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    response = client.post(reverse("lending:device_create"), {
        **VALID_DEVICE, "serial_number": device.serial_number, "acquired_on": future,
        "model": "",
    })
    assert response.status_code == 200
    content = response.content.decode()
    assert "Un appareil de l&#x27;inventaire porte déjà ce numéro de série." in content
    assert "Cette date est dans le futur." in content
    assert "Ce champ est obligatoire." in content
    assert 'aria-describedby="id_serial_number_error"' in content
    assert 'id="id_serial_number_error"' in content
    assert Device.objects.count() == 1


def test_a_state_change_goes_to_the_history_with_its_reason(client, organiser, device):
    client.force_login(organiser)
    data = {**VALID_DEVICE, "serial_number": device.serial_number, "kind": device.kind,
            "state": "broken", "note": "Écran fissuré"}
    assert client.post(reverse("lending:device_edit", args=[device.pk]), data).status_code == 302
    event = device.events.last()
    assert (event.kind, event.state, event.note) == ("state_changed", "broken", "Écran fissuré")
    client.post(reverse("lending:device_edit", args=[device.pk]), {**data, "note": ""})
    assert device.events.count() == 2  # no change of state, no new line


def test_a_device_on_loan_cannot_be_retired(client, organiser, handed_over_loan):
    device = handed_over_loan.device
    client.force_login(organiser)
    response = client.post(reverse("lending:device_edit", args=[device.pk]), {
        **VALID_DEVICE, "serial_number": device.serial_number, "state": "retired"})
    assert response.status_code == 200
    assert "enregistrez son retour avant de le retirer du prêt" in response.content.decode()
    assert Device.objects.get(pk=device.pk).state == DeviceState.NEW


def test_the_device_page_shows_history_and_indicators(client, organiser, handed_over_loan):
    from parvis.lending import services

    device = handed_over_loan.device
    Device.objects.filter(pk=device.pk).update(
        acquired_on=timezone.localdate() - timedelta(days=730))
    DeviceEvent.objects.filter(device=device, kind="loan_started").update(
        on=timezone.localdate() - timedelta(days=73))
    services.return_loan(handed_over_loan, organiser, returned_on=timezone.localdate(),
                         state=DeviceState.WORN)
    client.force_login(organiser)
    content = client.get(reverse("lending:device", args=[device.pk])).content.decode()
    assert "730 jours (2,0 ans)" in content
    assert "73 (10 % de sa vie)" in content
    for label in ["inscription à l&#x27;inventaire", "remise à un membre", "fin du prêt"]:
        assert label in content
    assert reverse("lending:loan", args=[handed_over_loan.pk]) in content


def test_inventory_filters(client, organiser, make_device, handed_over_loan):
    make_device(kind="pc", model="ThinkPad T480", state=DeviceState.GOOD)
    make_device(model="Vieille tablette", state=DeviceState.RETIRED)
    client.force_login(organiser)

    def models(**params):
        page = client.get(reverse("lending:inventory"), params).context["page_obj"]
        return sorted(device.model for device in page)

    assert models(kind="pc") == ["ThinkPad T480"]
    assert models(availability="on_loan") == [handed_over_loan.device.model]
    assert models(availability="available") == ["ThinkPad T480"]
    assert models(state="retired", q="vieille") == ["Vieille tablette"]
    response = client.get(reverse("lending:inventory"), {"kind": "fusée"})
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert len(response.context["page_obj"]) == 3  # invalid filters are ignored


def test_inventory_queries_do_not_grow_with_devices(client, organiser, make_device,
                                                    count_queries):
    client.force_login(organiser)
    make_device()
    few = count_queries(reverse("lending:inventory"))
    for _ in range(8):
        make_device()
    assert count_queries(reverse("lending:inventory")) == few


def test_the_csv_inventory_has_indicators_and_no_personal_data(client, organiser,
                                                               handed_over_loan, member):
    Device.objects.filter(pk=handed_over_loan.device_id).update(model="\t=cmd")
    client.force_login(organiser)
    response = client.get(reverse("lending:inventory_csv"))
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode()
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:4] == ["type", "système", "modèle", "numéro de série"]
    device = handed_over_loan.device
    assert rows[1][3] == device.serial_number and rows[1][9:] == ["1", "0", "oui"]
    assert rows[1][2] == "'\t=cmd"  # read as text, not a formula
    for personal in [member.user.pseudonym, member.user.email, member.user.last_name,
                     member.volunteer.pool_id]:
        assert personal not in text


def test_another_panels_organiser_sees_the_inventory_but_not_the_loan(
        client, other_organiser, handed_over_loan, member):
    client.force_login(other_organiser)
    response = client.get(reverse("lending:device", args=[handed_over_loan.device_id]))
    assert response.status_code == 200
    assert member.user.pseudonym not in response.content.decode()
    assert client.get(handed_over_loan.get_absolute_url()).status_code == 403
    assert not client.get(reverse("lending:loans")).context["page_obj"].paginator.count


def test_the_back_office_lists_lending_for_organisers_only(client, organiser, make_staff,
                                                          handed_over_loan, template):
    from parvis.core.models import Role

    names = ["device", "loan", "incident", "conventiontemplate"]
    client.force_login(organiser)
    for name in names:
        assert client.get(reverse(f"admin:lending_{name}_changelist")).status_code == 200
    page = client.get(reverse("admin:lending_loan_change", args=[handed_over_loan.pk]))
    assert page.status_code == 200
    assert handed_over_loan.borrower.pseudonym not in page.content.decode()
    assert client.get(reverse("admin:lending_device_add")).status_code == 403
    moderator = make_staff(Role.MODERATOR)  # staff, but organises no panel
    client.force_login(moderator)
    for name in names:
        assert client.get(reverse(f"admin:lending_{name}_changelist")).status_code == 403
