"""The register of processings (GDPR art. 30): every module's declarations, on the privacy
page and in its exports for the data-protection officer."""

import csv
import io

import pytest
from django.urls import reverse

from parvis.core import privacy

pytestmark = pytest.mark.django_db


@pytest.fixture
def trial_processing(register_module):
    register_module(label="Outil d'essai", privacy=lambda: [privacy.Processing(
        "Traitement d'essai", "Tester le registre.", "Consentement.", "Une adresse e-mail.",
        "Un jour.", subjects="Les testeurs.", recipients="Personne.")])


def test_the_privacy_page_shows_every_processing_with_its_art_30_facts(client,
                                                                        trial_processing):
    page = client.get(reverse("privacy")).content.decode()
    for text in ("Traitement d&#x27;essai", "Les testeurs.", "Personne.", "Outil d&#x27;essai",
                 "Signalements", "Comptes des participant·es", "Aucun transfert hors"):
        assert text in page
    assert f'href="{reverse("privacy_register_csv")}"' in page


def test_the_register_exports_as_csv_for_the_data_protection_officer(client, trial_processing):
    response = client.get(reverse("privacy_register_csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == len(privacy.register())
    trial = next(row for row in rows if row["Traitement"] == "Traitement d'essai")
    assert trial["Module"] == "Outil d'essai"
    assert trial["Personnes concernées"] == "Les testeurs."
    assert trial["Destinataires"] == "Personne."
    assert trial["Durée de conservation"] == "Un jour."
    assert all(row["Finalité"] and row["Base légale"] and row["Destinataires"] for row in rows)


def test_the_register_exports_as_json(client, trial_processing):
    document = client.get(reverse("privacy_register_json")).json()
    assert document["responsable"] == "Bordeaux Métropole"
    names = [entry["name"] for entry in document["traitements"]]
    assert "Traitement d'essai" in names and "Vérification d'identité" in names
    assert set(document["traitements"][0]) == set(privacy.COLUMNS)
