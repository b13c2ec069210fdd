"""The back office of budgets: envelopes that share out the whole budget, consistent ballot
settings, and lists scoped to the budgets one manages."""

import pytest
from django.urls import reverse

from parvis.budgets.models import Budget, ProjectStatus
from parvis.core.models import AuditEntry, Role
from parvis.processes.models import Process

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:budgets_budget_add")


@pytest.fixture
def process(db):
    return Process.objects.create(title="Budget participatif", slug="bp", summary="Résumé",
                                  description="Description", is_published=True)


def budget_form(process, envelopes, **fields):
    """The admin's add form: the budget's fields and its envelope inline."""
    data = {"process": process.pk, "title": "Budget 2028", "slug": "budget-2028",
            "description": "", "amount": "100000", "submit_level": "10",
            "max_project_cost": "", "ballot_format": "knapsack", "max_choices": "",
            "points": "", "vote_level": "10", "min_age": "", "residents_only": "on",
            "ballot_changeable": "on", "rule": "equal-shares",
            "sub_budgets-TOTAL_FORMS": str(len(envelopes)), "sub_budgets-INITIAL_FORMS": "0",
            "sub_budgets-MIN_NUM_FORMS": "0", "sub_budgets-MAX_NUM_FORMS": "1000"}
    for number, (name, commune, amount) in enumerate(envelopes):
        data.update({f"sub_budgets-{number}-name": name,
                     f"sub_budgets-{number}-commune": commune.pk if commune else "",
                     f"sub_budgets-{number}-district": "",
                     f"sub_budgets-{number}-amount": str(amount)})
    data.update(fields)
    return data


def test_a_manager_creates_a_budget_with_its_envelopes(client, manager, process, communes):
    client.force_login(manager)
    response = client.post(ADD_URL, budget_form(process, [
        ("Toute la métropole", None, 60_000), ("Bordeaux", communes["bordeaux"], 40_000),
    ]))
    assert response.status_code == 302
    budget = Budget.objects.get()
    assert sorted(budget.sub_budgets.values_list("amount", flat=True)) == [40_000, 60_000]
    entry = AuditEntry.objects.get(action="budget.created")
    assert entry.data["sub_budgets"] == {"Toute la métropole": 60_000, "Bordeaux": 40_000}


def test_envelopes_must_add_up_to_the_budget(client, manager, process, communes):
    client.force_login(manager)
    response = client.post(ADD_URL, budget_form(process, [
        ("Toute la métropole", None, 60_000), ("Bordeaux", communes["bordeaux"], 30_000),
    ]))
    page = response.content.decode()
    assert response.status_code == 200 and not Budget.objects.exists()
    assert "Les enveloppes totalisent 90" in page and "leur somme doit être égale" in page


@pytest.mark.parametrize(
    ("fields", "message"),
    [({"ballot_format": "k_approval"}, "Obligatoire pour le format"),
     ({"ballot_format": "cumulative"}, "Obligatoire pour le format"),
     ({"points": "10"}, "Ne s&#x27;applique qu&#x27;au format"),
     ({"max_choices": "3"}, "Ne s&#x27;applique qu&#x27;au format"),
     ({"max_project_cost": "200000"}, "dépasse le montant total du budget")],
)
def test_ballot_settings_must_be_consistent(client, manager, process, fields, message):
    client.force_login(manager)
    response = client.post(ADD_URL, budget_form(process, [("Métropole", None, 100_000)],
                                                **fields))
    assert message in response.content.decode()
    assert not Budget.objects.exists()


def test_consistent_cumulative_budget_is_accepted(client, manager, process):
    client.force_login(manager)
    client.post(ADD_URL, budget_form(process, [("Métropole", None, 100_000)],
                                     ballot_format="cumulative", points="10"))
    assert Budget.objects.get().points == 10


def test_lists_are_scoped_to_managed_budgets(client, make_user, make_staff, make_budget,
                                             make_project, communes):
    pessac_process = make_budget()
    pessac_process.process.communes.set([communes["pessac"]])
    everywhere = make_budget()
    make_project(pessac_process, title="Projet de Pessac", status=ProjectStatus.SUBMITTED)
    make_project(everywhere, title="Projet métropolitain")
    pessac_manager = make_staff(Role.PROCESS_MANAGER, commune=communes["pessac"])
    client.force_login(pessac_manager)
    budgets = client.get(reverse("admin:budgets_budget_changelist")).content.decode()
    assert pessac_process.title in budgets and everywhere.title not in budgets
    listing = client.get(reverse("admin:budgets_project_changelist")).content.decode()
    assert "Projet de Pessac" in listing and "Projet métropolitain" not in listing
    assert client.get(reverse("admin:budgets_budget_change",
                              args=[everywhere.pk])).status_code == 302  # not found
    client.force_login(make_user())
    assert client.get(reverse("admin:budgets_budget_changelist")).status_code == 302
