"""The CSV import of the realisations' progress in the back office: all lines or none."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from parvis.core.models import AuditEntry
from parvis.realisations.models import Realisation, Status
from tests.csv_import import assert_refused_lines


@pytest.fixture
def staff_manager(manager):
    manager.is_staff = True
    manager.save()
    return manager


def upload(client, text: str):
    data = SimpleUploadedFile("avancement.csv", text.encode(), content_type="text/csv")
    return client.post(reverse("admin:realisations_realisation_import"), {"file": data})


def states() -> dict:
    return {realisation.source: (realisation.status, realisation.progress,
                                 realisation.spent_amount)
            for realisation in Realisation.objects.all()}


def test_a_manager_imports_the_progress(client, realisations, staff_manager, make_service):
    service = make_service(name="Direction de la nature")
    client.force_login(staff_manager)
    project, idea = realisations["budgets"], realisations["ideas"]
    response = upload(client, "origine;statut;avancement;depenses;service\n"
                              f"{project.source_key};en cours;40 %;12 000;{service.slug}\n"
                              f"{idea.source_key};done;100;;\n")
    assert response.status_code == 302
    assert states()["budgets"] == (Status.IN_PROGRESS, 40, 12_000)
    assert states()["ideas"] == (Status.DONE, 100, None)
    assert Realisation.objects.get(pk=project.pk).service == service
    assert AuditEntry.objects.filter(action="realisation_updated").count() == 2


def test_an_invalid_file_stores_nothing_and_names_each_bad_line(client, realisations,
                                                               staff_manager):
    client.force_login(staff_manager)
    before = states()
    project = realisations["budgets"].source_key
    response = upload(client, "origine;statut;avancement;depenses;service\n"
                              f"{project};en cours;40;;\n"
                              "budgets.project:999999;en cours;40;;\n"
                              f"{project};fini;40;;\n"
                              f"{project};terminé;80;;\n"
                              f"{project};en cours;quarante;;\n"
                              f"{project};en cours;40;12,5;\n"
                              f"{project};en cours;40;;inconnu\n")
    page = response.content.decode()
    assert response.status_code == 200
    assert_refused_lines(page, {
        3: "réalisation « budgets.project:999999 » inconnue.",
        4: "Statut inconnu",
        5: "Une réalisation terminée est avancée à 100 %.",
        6: "« quarante » n'est pas un nombre",
        7: "« 12,5 » n'est pas un nombre entier d'euros.",
        8: "service « inconnu » inconnu.",
    })
    assert states() == before


def test_a_file_without_the_columns_is_refused_clearly(client, realisations, staff_manager):
    client.force_login(staff_manager)
    page = upload(client, "origine;avancement\nx;1\n").content.decode()
    assert "Colonnes manquantes : statut." in page


def test_a_citizen_cannot_import(client, realisations, adopted):
    client.force_login(adopted.voter)
    text = f"origine;statut;avancement\n{realisations['budgets'].source_key};en cours;50\n"
    assert upload(client, text).status_code in (302, 403)
    assert states()["budgets"] == (Status.PLANNED, 0, None)
