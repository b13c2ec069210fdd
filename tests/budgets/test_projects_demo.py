"""The demo budget of « Budget participatif 2027 »: projects in every status of the review,
and every public page of the projects side resolvable and answering."""

from django.test import Client

from parvis import pages
from parvis.budgets.models import Budget, ProjectStatus

BUDGET_PAGES = ["budget-list", "budget-detail", "budget-projects", "budget-project-detail",
                "budget-project-new"]


def test_demo_budget_and_its_public_pages(demo_db):
    budget = Budget.objects.get(slug="budget-participatif-2027")
    assert sum(budget.sub_budgets.values_list("amount", flat=True)) == budget.amount
    statuses = set(budget.projects.values_list("status", flat=True))
    assert statuses == {ProjectStatus.SUBMITTED, ProjectStatus.REVIEWING,
                        ProjectStatus.ELIGIBLE, ProjectStatus.INELIGIBLE,
                        ProjectStatus.MERGED, ProjectStatus.WITHDRAWN}
    assert budget.projects.filter(idea__isnull=False).exists()
    client = Client()
    for page in pages.public_pages():
        if page.name in BUDGET_PAGES:
            assert client.get(page.path()).status_code == 200, page.name
