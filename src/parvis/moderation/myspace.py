"""Moderation in « Mon espace »: for moderators, the contents awaiting a decision."""

from django.urls import reverse
from django.utils.translation import ngettext

from parvis.core.modules import Entry
from parvis.moderation import services
from parvis.moderation.permissions import can_use_queue


def awaiting(user) -> list[Entry]:
    if not can_use_queue(user):
        return []
    count = services.queue(user).count()
    return [Entry(ngettext("%(count)d contenu signalé à examiner",
                           "%(count)d contenus signalés à examiner", count) % {"count": count},
                  reverse("moderation:queue"))]
