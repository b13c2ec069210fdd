"""The registry's hooks between the adopting tools and the realisations: how the
realisation of adopted items stands, for their own pages (a winning budget project's, an
idea's, a call's laureates), and the creation of the missing realisations as soon as a tool
adopts something."""

from collections.abc import Iterable

from django_tasks import task

from parvis.core import tasks
from parvis.core.modules import FollowUp
from parvis.realisations import selectors, services
from parvis.realisations.models import Milestone


@task()
def synchronise_adopted(app: str) -> None:
    """Idempotent: a task run twice, or beside the daily `sync_realisations`, creates each
    missing realisation once (its key is unique)."""
    services.synchronise(app=app)


def adoptions_changed(app: str) -> None:
    tasks.enqueue(synchronise_adopted, app)


def follow_ups(keys: Iterable[str]) -> dict[str, FollowUp]:
    """The follow-up of each of these keys whose realisation is public, in two queries."""
    realisations = list(selectors.public().filter(source_key__in=list(keys)).with_milestones())
    latest = {}
    for milestone in (Milestone.objects
                      .filter(realisation__in=[realisation for realisation in realisations
                                               if realisation.milestone_count])
                      .order_by("realisation", "-on", "-pk")):
        latest.setdefault(milestone.realisation_id, milestone)
    found = {}
    for realisation in realisations:
        step = latest.get(realisation.pk)
        found[realisation.source_key] = FollowUp(
            status=realisation.get_status_display(), progress=realisation.progress,
            url=realisation.get_absolute_url(), steps=realisation.milestone_count,
            last_step=step.title if step else "", last_step_on=step.on if step else None)
    return found
