"""The realisation news that budgets kept for their winning projects become the steps of the
projects' realisations, where every adopted item is followed: the project's realisation is
created if it does not exist yet, each news item becomes a dated step (its progress label as
title, its text), and the project's last progress sets the realisation's status when no one
has followed the realisation since. Budgets drop their news afterwards (their migration 0007
runs after this one)."""

from django.db import migrations
from django.urls import NoReverseMatch, reverse

# The budgets' progress, their label, and the realisation's status and progress it means.
PROGRESS = {
    "not_started": ("À lancer", "planned", 0),
    "studies": ("Études en cours", "in_progress", None),
    "works": ("Travaux en cours", "in_progress", None),
    "done": ("Réalisé", "done", 100),
    "abandoned": ("Abandonné", "abandoned", None),
}


def project_page(project) -> str:
    try:
        return reverse("budgets:project", args=[project.budget.slug, project.pk])
    except NoReverseMatch:  # the site does not mount budgets: the daily sync sets it
        return ""


def move_news(apps, schema_editor):
    ProjectUpdate = apps.get_model("budgets", "ProjectUpdate")
    Realisation = apps.get_model("realisations", "Realisation")
    Milestone = apps.get_model("realisations", "Milestone")
    projects = {}
    for news in (ProjectUpdate.objects.select_related("project__budget")
                 .order_by("project_id", "published_at", "pk")):
        projects.setdefault(news.project_id, []).append(news)
    for news_items in projects.values():
        project = news_items[0].project
        realisation, created = Realisation.objects.get_or_create(
            source_key=f"budgets.project:{project.pk}",
            defaults={"source": "budgets", "source_url": project_page(project),
                      "title": project.title[:250], "description": project.description,
                      "process_id": project.budget.process_id,
                      "commune_id": project.commune_id, "latitude": project.latitude,
                      "longitude": project.longitude,
                      "planned_amount": project.cost if project.cost is not None
                      else project.estimated_cost,
                      "created_at": news_items[0].published_at})
        for news in news_items:
            Milestone.objects.create(
                realisation=realisation, on=news.published_at.date(),
                title=PROGRESS.get(news.realisation, (news.realisation,))[0],
                text=news.text, created_at=news.published_at, created_by_id=news.author_id)
        latest = news_items[-1]
        if project.realisation in PROGRESS and (created
                                                or realisation.updated_at < latest.published_at):
            _label, status, progress = PROGRESS[project.realisation]
            realisation.status = status
            if progress is not None:
                realisation.progress = progress
            realisation.updated_at = latest.published_at
            realisation.save(update_fields=["status", "progress", "updated_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("realisations", "0003_milestone_photo_withheld"),
        ("budgets", "0006_project_photo_withheld"),
    ]
    run_before = [("budgets", "0007_project_news_moved_to_realisations")]

    operations = [migrations.RunPython(move_news, migrations.RunPython.noop)]
