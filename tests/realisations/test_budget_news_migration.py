"""The realisation news budgets kept before their realisation was followed in one place
become the steps of the projects' realisations: nothing already published is lost."""

from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from parvis.realisations.models import Realisation

BEFORE = [("budgets", "0006_project_photo_withheld"),
          ("realisations", "0003_milestone_photo_withheld")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_the_news_of_winning_projects_become_steps_of_their_realisations(make_user):
    author = make_user(pseudonym="Agente")
    old = migrate(BEFORE)
    try:
        march = timezone.make_aware(datetime(2026, 3, 2, 9))
        process = old.get_model("processes", "Process").objects.create(
            title="Budget", slug="budget", summary="Résumé", description="Description",
            is_published=True)
        budget = old.get_model("budgets", "Budget").objects.create(
            process=process, title="Budget 2026", slug="budget-2026", amount=100_000)
        envelope = old.get_model("budgets", "SubBudget").objects.create(
            budget=budget, name="Métropole", amount=100_000)
        projects = old.get_model("budgets", "Project").objects
        news = old.get_model("budgets", "ProjectUpdate").objects
        in_budget = {"budget": budget, "sub_budget": envelope, "status": "selected"}
        garden = projects.create(**in_budget, title="Un jardin", description="Des bacs.",
                                 estimated_cost=20_000, cost=18_000, realisation="works")
        done = projects.create(**in_budget, title="Un banc", description="Un banc.",
                               estimated_cost=900, realisation="done")
        projects.create(**in_budget, title="Sans nouvelles", description=".",
                        estimated_cost=500)
        news.create(project=garden, author_id=author.pk, realisation="studies",
                    text="Études **lancées**.", published_at=march)
        news.create(project=garden, author_id=author.pk, realisation="works",
                    text="Travaux commencés.", published_at=march + timedelta(days=60))
        news.create(project=done, author_id=None, realisation="done", text="Posé.",
                    published_at=march)
    finally:
        migrate(latest())

    garden_realisation = Realisation.objects.get(source_key=f"budgets.project:{garden.pk}")
    assert (garden_realisation.source, garden_realisation.title, garden_realisation.status,
            garden_realisation.planned_amount, garden_realisation.process_id) == (
        "budgets", "Un jardin", "in_progress", 18_000, process.pk)
    assert garden_realisation.source_url == f"/budgets/budget-2026/projets/{garden.pk}/"
    steps = list(garden_realisation.milestones.values_list("on", "title", "text",
                                                            "created_by_id"))
    assert steps == [(march.date(), "Études en cours", "Études **lancées**.", author.pk),
                     ((march + timedelta(days=60)).date(), "Travaux en cours",
                      "Travaux commencés.", author.pk)]
    bench = Realisation.objects.get(source_key=f"budgets.project:{done.pk}")
    assert (bench.status, bench.progress, bench.milestones.count()) == ("done", 100, 1)
    assert Realisation.objects.count() == 2  # a project without news waits for the sync
