"""The members' space of a panel: what is reserved to its members, and the member
directory.

What is reserved: the consultations, debates, events (the activity programme) and idea
boxes of the panel's `space_process` (a process its members and organisers alone may open,
see `parvis.processes.permissions`), and the consultations addressed to the panel (audience
"panel"), its evaluation survey among them.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from parvis.agenda.models import Event
from parvis.comments.models import Debate
from parvis.comments.selectors import debates_of
from parvis.consultations.models import Consultation, Response
from parvis.ideas.models import IdeaBox
from parvis.panels.models import Member, Panel
from parvis.processes.models import Process

LATEST_DEBATES = 5
UPCOMING_EVENTS = 20


@dataclass
class Space:
    process: Process | None  # the members' space, once published
    consultations: list[Consultation]  # open or coming, each with `answered`
    evaluation: Consultation | None  # the evaluation survey while it is open
    debates: list[Debate]
    events: list[Event]
    idea_boxes: list[IdeaBox]


def open_space(panel: Panel) -> Process | None:
    """The panel's members' space, once published."""
    space = panel.space_process
    return space if space is not None and space.is_published else None


def panel_consultations(panel: Panel, space: Process | None) -> QuerySet[Consultation]:
    """Published consultations of the members' space or addressed to the panel."""
    reserved = Q(panel=panel)
    if space is not None:
        reserved |= Q(process=space)
    return Consultation.objects.filter(reserved, is_published=True)


def answered_ids(user, consultations) -> set[int]:
    return set(Response.objects.filter(respondent=user, is_draft=False,
                                       consultation__in=consultations)
               .values_list("consultation", flat=True))


def space_content(panel: Panel, user, at: datetime | None = None) -> Space:
    at = at or timezone.now()
    space = open_space(panel)
    consultations = list(panel_consultations(panel, space).filter(closes_at__gt=at)
                         .exclude(pk=panel.evaluation_consultation_id)
                         .order_by("closes_at", "pk"))
    evaluation = panel.evaluation_consultation
    if evaluation is not None and not (evaluation.is_published and evaluation.is_open(at)):
        evaluation = None
    shown = [*consultations, *([evaluation] if evaluation else [])]
    answered = answered_ids(user, shown)
    for consultation in shown:
        consultation.answered = consultation.pk in answered
    if space is None:
        return Space(None, consultations, evaluation, [], [], [])
    return Space(
        process=space,
        consultations=consultations,
        evaluation=evaluation,
        debates=list(debates_of(space)[:LATEST_DEBATES]),
        events=list(Event.objects.filter(process=space, is_published=True).upcoming(at)
                    .select_related("commune")[:UPCOMING_EVENTS]),
        idea_boxes=list(IdeaBox.objects.filter(process=space).order_by("-created_at", "-pk")),
    )


def directory(panel: Panel) -> QuerySet[Member]:
    """The members still in the panel, by pseudonym (all the directory shows of them)."""
    return (panel.members.filter(withdrawn_at=None, user__is_active=True,
                                 user__deleted_at=None)
            .select_related("user").order_by("user__pseudonym", "pk"))
