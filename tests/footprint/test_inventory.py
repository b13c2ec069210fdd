"""The inventory imported from the asset management's CSV export, the public page and the
figures it gives the strategy's indicators."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from parvis.core import modules
from parvis.core.models import AuditEntry
from parvis.footprint.models import EmissionFactor, Equipment, Outcome
from tests.csv_import import assert_refused_lines

HEADER = "reference;categorie;modele;date_achat;reconditionne;date_retrait;devenir;en_etat\n"


@pytest.fixture
def administrator(make_user):
    return make_user(is_superuser=True, is_staff=True)


def upload(client, text: str):
    data = SimpleUploadedFile("parc.csv", text.encode(), content_type="text/csv")
    return client.post(reverse("admin:footprint_equipment_import"), {"file": data})


def test_the_shipped_factors_carry_their_source_and_version(db):
    laptop = EmissionFactor.objects.get(category="laptop")
    assert (laptop.manufacture_kg, laptop.use_kg_per_year) == (Decimal(156), Decimal("1.6"))
    assert laptop.source.startswith("ADEME, Base Empreinte") and laptop.version == "2024-01"
    assert EmissionFactor.objects.count() == 5


def test_an_administrator_imports_the_inventory_then_updates_it(client, administrator):
    client.force_login(administrator)
    response = upload(client, HEADER + "L1;Portable;X1;01/01/2020;non;01/01/2024;Réemploi;oui\n"
                              "L2;portable;;2022-01-01;oui;;;\n"
                              "S1;Écran;24 pouces;2023-07-02;;;;\n")
    assert response.status_code == 302
    assert Equipment.objects.count() == 3
    first = Equipment.objects.get(reference="L1")
    assert (first.category, first.retired_on, first.outcome, first.working) == (
        "laptop", date(2024, 1, 1), Outcome.REUSE, True)
    assert Equipment.objects.get(reference="L2").refurbished
    upload(client, HEADER + "S1;ecran;24 pouces;2023-07-02;non;2026-01-10;recyclage;non\n")
    screen = Equipment.objects.get(reference="S1")
    assert (screen.retired_on, screen.outcome, screen.working) == (
        date(2026, 1, 10), Outcome.RECYCLING, False)
    assert Equipment.objects.count() == 3
    assert AuditEntry.objects.filter(action="footprint_inventory_imported").count() == 2


def test_an_invalid_inventory_stores_nothing_and_names_each_bad_line(client, administrator):
    client.force_login(administrator)
    page = upload(client, HEADER + "A;portable;;2020-01-01;;;;\n"
                                   "B;imprimante;;2020-01-01;;;;\n"
                                   "C;portable;;2020-01-01;peut-être;;;\n"
                                   "D;portable;;2024-01-01;;2023-01-01;;\n"
                                   "E;portable;;2024-01-01;;;recyclage;\n"
                                   "A;portable;;2020-01-01;;;;\n"
                                   "F;portable;;2999-01-01;;;;\n").content.decode()
    assert_refused_lines(page, {
        3: "catégorie « imprimante » inconnu",
        4: "reconditionné « peut-être » : répondez oui ou non.",
        5: "la date de retrait précède la date d'achat.",
        6: "un devenir est donné sans date de retrait.",
        7: "référence « A » en double.",
        8: "date d'achat 2999-01-01 : une date passée est attendue.",
    })
    assert not Equipment.objects.exists()


def test_the_inventory_is_for_administrators(client, manager):
    client.force_login(manager)
    assert upload(client, HEADER + "A;portable;;2020-01-01;;;;\n").status_code in (302, 403)
    assert not Equipment.objects.exists()


def laptops_like_l1(count: int) -> None:
    """New laptops bought on 1 January 2020 and reused on 1 January 2024: 4 years each."""
    Equipment.objects.bulk_create(
        Equipment(reference=f"L{number}", category="laptop", acquired_on=date(2020, 1, 1),
                  retired_on=date(2024, 1, 1), outcome=Outcome.REUSE)
        for number in range(count))


def test_the_public_page_shows_the_year_footprint_and_longer_lives(
        client, db, django_assert_max_num_queries):
    laptops_like_l1(1000)  # 1,000 x (156 / 4 + 1.6) kg = 40.6 t in 2023
    with django_assert_max_num_queries(6):
        response = client.get(reverse("footprint:page"), {"annee": "2023"})
    page = response.content.decode()
    assert "40,6 t CO2e en 2023" in page
    assert "<td>1000</td><td>39,0</td><td>1,6</td><td>40,6</td>" in page
    assert "+1 an sur les ordinateurs portables = −7,8 t CO2e en 2023" in page
    assert "Aucun équipement en état de marche n'a été retiré en 2023." in page
    page = client.get(reverse("footprint:page"), {"annee": "2024"}).content.decode()
    assert "<td>1000</td><td>4,0 ans</td><td>7 ans</td>" in page and "sous la cible" in page
    assert "100 % des équipements retirés en état de marche en 2024" in page
    assert "version 2024-01" in page and 'role="img"' in page


def test_an_unknown_year_is_refused_in_french(client, db):
    laptops_like_l1(1)
    response = client.get(reverse("footprint:page"), {"annee": "1990"})
    assert response.status_code == 400
    assert "Année « 1990 » indisponible : choisissez une année de 2020 à" in (
        response.content.decode())


def test_the_footprint_feeds_the_strategy_indicators(db, register_module):
    laptops_like_l1(10)
    register_module(assets=lambda: [modules.Asset(
        reference="pret-1", category="tablet", model="Tablette", acquired_on=date(2020, 1, 1),
        refurbished=False, retired_on=date(2024, 7, 1), outcome="")])
    measures = modules.measures()
    # 2023, as known on 31 December 2023: the laptops were in service, retirements unknown,
    # so each spread over the 7-year target: 10 x (156 / 7 + 1.6) kg; the tablet over 5 years
    # (no target): 63.2 / 5 + 0.5 kg.
    assert float(measures["footprint.carbon"].compute(date(2023, 12, 31))) == pytest.approx(
        (10 * (156 / 7 + 1.6) + 63.2 / 5 + 0.5) / 1000)
    assert measures["footprint.lifetime_laptop"].compute(date(2024, 12, 31)) == 4
    assert measures["footprint.lifetime_laptop"].compute(date(2025, 12, 31)) is None
    assert float(measures["footprint.lifetime_tablet"].compute(date(2024, 12, 31))) == (
        pytest.approx(1643 / 365.25))
    # Ten laptops reused; the tablet was not retired in working order: not counted.
    assert measures["footprint.refurbished_share"].compute(date(2024, 12, 31)) == 100
