"""Measurements entered in the back office, imported from CSV, or computed by Parvis."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from parvis.core import modules
from parvis.core.models import AuditEntry
from parvis.indicators import services
from parvis.indicators.models import Measurement, Origin
from tests.csv_import import assert_refused_lines


@pytest.fixture
def indicator(make_indicator):
    return make_indicator(code="wifi-social")


def upload(client, text: str):
    data = SimpleUploadedFile("mesures.csv", text.encode(), content_type="text/csv")
    return client.post(reverse("admin:indicators_measurement_import"), {"file": data})


def test_a_manager_imports_a_csv_file_of_measurements(client, manager, indicator):
    client.force_login(manager)
    response = upload(client, "indicateur;date;valeur;note\n"
                              "wifi-social;31/12/2025;12,5;relevé\nwifi-social;2026-06-30;14;\n")
    assert response.status_code == 302
    stored = list(Measurement.objects.values_list("on", "value", "origin", "recorded_by"))
    assert stored == [(date(2025, 12, 31), Decimal("12.5"), Origin.IMPORTED, manager.pk),
                      (date(2026, 6, 30), Decimal(14), Origin.IMPORTED, manager.pk)]
    assert AuditEntry.objects.get(action="indicator_measurements_imported").data == {
        "rows": 2, "indicators": ["wifi-social"]}


def test_an_invalid_file_stores_nothing_and_names_each_bad_line(client, manager, indicator):
    client.force_login(manager)
    response = upload(client, "indicateur;date;valeur\n"
                              "wifi-social;31/12/2025;12\n"
                              "inconnu;31/12/2025;12\n"
                              "wifi-social;31/02/2025;12\n"
                              "wifi-social;2024-12-31;douze\n"
                              "wifi-social;2024-12-31;3\n")
    page = response.content.decode()
    assert response.status_code == 200
    assert_refused_lines(page, {
        3: "indicateur « inconnu » inconnu.",
        4: "« 31/02/2025 » n'est pas une date qui existe.",
        5: "« douze » n'est pas un nombre",
        6: "La date précède celle de la valeur de référence (01/01/2025).",
    })
    assert not Measurement.objects.exists()


def test_a_file_without_the_columns_is_refused_clearly(client, manager, indicator):
    client.force_login(manager)
    page = upload(client, "code;valeur\nwifi-social;12\n").content.decode()
    assert "Colonnes manquantes : indicateur, date." in page
    assert not Measurement.objects.exists()


def test_only_strategy_managers_reach_the_back_office_pages(client, citizen, indicator):
    client.force_login(citizen())
    assert upload(client, "indicateur;date;valeur\nwifi-social;2025-12-31;1\n").status_code in (
        302, 403)
    assert client.post(reverse("admin:indicators_measurement_compute")).status_code in (302, 403)
    assert not Measurement.objects.exists()


def test_a_large_file_is_imported_in_a_bounded_number_of_queries(
        client, manager, indicator, django_assert_max_num_queries):
    rows = "".join(f"wifi-social;2025-03-{day % 28 + 1:02d};{day}\n" for day in range(600))
    client.force_login(manager)
    with django_assert_max_num_queries(25):
        upload(client, "indicateur;date;valeur\n" + rows)
    assert Measurement.objects.count() == 600


def test_a_value_entered_in_the_back_office_is_checked_and_recorded(client, manager, indicator):
    client.force_login(manager)
    add = reverse("admin:indicators_measurement_add")
    refused = client.post(add, {"indicator": indicator.pk, "on": "01/01/2024", "value": "3"})
    assert "La date précède celle de la valeur de référence" in refused.content.decode()
    client.post(add, {"indicator": indicator.pk, "on": "01/06/2025", "value": "3"})
    measurement = Measurement.objects.get()
    assert (measurement.origin, measurement.recorded_by) == (Origin.ENTERED, manager)


def test_indicators_follow_the_measures_modules_compute(client, manager, make_indicator,
                                                       register_module):
    computed = {"value": 7}
    register_module(measures={"essai.personnes": modules.Measure(
        "Personnes", "personnes", lambda day: computed["value"])})
    followed = make_indicator(measure="essai.personnes")
    unknown = make_indicator(measure="essai.inconnue")
    make_indicator()  # entered by hand: not computed
    client.force_login(manager)
    response = client.post(reverse("admin:indicators_measurement_compute"), follow=True)
    page = response.content.decode()
    assert "1 indicateur(s) mis à jour sur 2 suivis par Parvis." in page
    assert f"Indicateur « {unknown.code} » : mesure « essai.inconnue » inconnue." in page
    assert list(followed.measurements.values_list("value", "origin", "recorded_by")) == [
        (Decimal(7), Origin.COMPUTED, manager.pk)]
    services.compute(date(2026, 2, 1))  # unchanged: nothing new
    computed["value"] = 9
    services.compute(date(2026, 3, 1))  # changed: recorded by Parvis itself
    assert list(followed.measurements.order_by("pk").values_list("on", "value", "recorded_by")
                )[1:] == [(date(2026, 3, 1), Decimal(9), None)]


def test_a_measure_without_data_records_nothing(manager, make_indicator, register_module):
    register_module(measures={"essai.vide": modules.Measure("Vide", "%", lambda day: None)})
    indicator = make_indicator(measure="essai.vide")
    [done] = services.compute(date(2026, 1, 1))
    assert done.problem == "pas de donnée disponible" and not indicator.measurements.exists()


def test_the_daily_command_records_what_changed(make_indicator, register_module):
    register_module(measures={"essai.compte": modules.Measure("Compte", "", lambda day: 3)})
    indicator = make_indicator(measure="essai.compte")
    make_indicator(measure="essai.inconnue")
    out = io.StringIO()
    call_command("compute_indicators", stdout=out)
    assert out.getvalue().splitlines()[0] == "1 of 2 computed indicator(s) updated."
    assert "essai.inconnue" in out.getvalue()
    assert indicator.measurements.get().value == 3
