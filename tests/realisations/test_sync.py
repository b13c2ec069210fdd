"""Realisations are created from what the tools adopted, once, through the registry."""

import io

from django.core.management import call_command

from parvis.budgets.models import ProjectStatus
from parvis.core import modules
from parvis.core.models import AuditEntry
from parvis.ideas.models import Status as IdeaStatus
from parvis.realisations import services
from parvis.realisations.models import Realisation, Status


def test_each_tool_declares_what_it_adopted(adopted):
    keys = {item.key: item for item in modules.adopted()}
    assert set(keys) == {f"budgets.project:{adopted.project.pk}",
                         f"ideas.idea:{adopted.idea.pk}",
                         f"calls.application:{adopted.laureate.pk}",
                         f"indicators.commitment:{adopted.commitment.pk}"}
    project = keys[f"budgets.project:{adopted.project.pk}"]
    assert (project.planned_amount, project.latitude, project.app) == (28_000, 44.84, "budgets")
    assert keys[f"calls.application:{adopted.laureate.pk}"].planned_amount == 50_000


def test_synchronising_creates_one_realisation_per_adopted_item(realisations, adopted):
    project = realisations["budgets"]
    assert (project.title, project.status, project.progress, project.planned_amount,
            project.commune.slug, project.process_id) == (
        "Un jardin partagé", Status.PLANNED, 0, 28_000, "bordeaux",
        adopted.project.budget.process_id)
    assert project.source_url == adopted.project.get_absolute_url()
    assert realisations["ideas"].commune.slug == "pessac"
    assert realisations["ideas"].latitude is None  # an idea's point is not passed on
    assert realisations["indicators"].process is None
    assert AuditEntry.objects.get(action="realisations_synchronised").data == {
        "created": 4, "updated": 0}


def test_synchronising_again_changes_nothing_but_refreshes_the_titles(realisations, adopted):
    project = realisations["budgets"]
    services.update(project, None, status=Status.IN_PROGRESS, progress=40, spent_amount=9_000)
    assert services.synchronise() == services.Synchronised(0, 0)
    adopted.project.title = "Un grand jardin partagé"
    adopted.project.cost = 99_000
    adopted.project.save()
    assert services.synchronise() == services.Synchronised(0, 1)
    project.refresh_from_db()
    assert (project.title, project.status, project.progress, project.planned_amount,
            project.spent_amount) == ("Un grand jardin partagé", Status.IN_PROGRESS, 40, 28_000,
                                      9_000)
    assert Realisation.objects.count() == 4


def test_what_is_not_or_no_longer_adopted(adopted):
    adopted.idea.status = IdeaStatus.REJECTED
    adopted.idea.save()
    adopted.project.status = ProjectStatus.NOT_SELECTED
    adopted.project.save()
    adopted.laureate.call.laureates_published_at = None
    adopted.laureate.call.save()
    assert [item.app for item in modules.adopted()] == ["indicators"]


def test_a_realisation_whose_item_is_no_longer_adopted_stays(realisations, adopted):
    adopted.idea.status = IdeaStatus.REJECTED
    adopted.idea.save()
    services.synchronise()
    assert Realisation.objects.filter(source="ideas").exists()


def test_the_daily_command(adopted):
    output = io.StringIO()
    call_command("sync_realisations", stdout=output)
    call_command("sync_realisations", stdout=output)
    assert output.getvalue().splitlines() == ["4 realisation(s) created, 0 updated.",
                                              "0 realisation(s) created, 0 updated."]


def test_a_tool_s_change_synchronises_that_tool_s_items_only(adopted):
    assert services.synchronise(app="ideas") == services.Synchronised(created=1, updated=0)
    assert list(Realisation.objects.values_list("source_key", flat=True)) == [
        f"ideas.idea:{adopted.idea.pk}"]
    assert services.synchronise().created == 3


def test_a_realisation_created_meanwhile_by_another_run_is_not_created_twice(
        adopted, monkeypatch):
    """Another run (a worker's task, the daily command) creates the idea's realisation
    after this run has read the existing ones."""
    read = modules.adopted

    def adopted_while_another_run_creates(app=None):
        items = read(app)
        for item in items:
            Realisation.objects.create(source_key=item.key, source=item.app,
                                       source_url=item.url, title=item.title)
        return items

    monkeypatch.setattr(modules, "adopted", adopted_while_another_run_creates)
    assert services.synchronise(app="ideas") == services.Synchronised(created=0, updated=0)
    assert Realisation.objects.filter(source="ideas").count() == 1
