"""Who may do what with ideas: asked by the pages, the services, the back office and the API."""

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from parvis.core.models import User
from parvis.core.permissions import can_moderate
from parvis.ideas.models import LISTED_STATUSES, Idea, IdeaBox, Status
from parvis.processes.models import Action
from parvis.processes.permissions import (
    can_access_process,
    can_manage_process,
    managed_processes,
    process_managers,
)
from parvis.processes.services import Decision, action_decision


def submit_decision(user, box: IdeaBox) -> Decision:
    """May this person propose an idea in this box now? (Anyone may read the form.)"""
    return action_decision(box.process, Action.SUBMIT, user)


def support_decision(user, idea: Idea) -> Decision:
    """May this person support this idea now? The reason, in French, when not."""
    if not idea.is_supportable:
        return Decision(False, _("Cette idée ne peut plus recevoir de soutiens."))
    if not user.is_authenticated:
        return Decision(False, _("Connectez-vous pour soutenir cette idée."))
    return action_decision(idea.box.process, Action.SUPPORT, user,
                           required_level=idea.box.support_level)


def comments_closed(idea: Idea) -> str:
    """Why commenting on this idea is closed (the comments app asks), or "" when open."""
    if not idea.box.comments_open:
        return _("Les commentaires sont fermés dans cette boîte à idées.")
    if idea.status in (Status.WITHDRAWN, Status.MERGED):
        return _("Cette idée n'est plus en discussion.")
    return ""


def can_edit(user, idea: Idea, at=None) -> bool:
    """The author edits a draft at any time, a published idea during the box's edit window
    as long as it has no answer."""
    if not user.is_authenticated or user.pk != idea.author_id or idea.is_hidden:
        return False
    if idea.status == Status.DRAFT:
        return True
    return idea.status == Status.RECEIVED and (at or timezone.now()) < idea.editable_until


def can_withdraw(user, idea: Idea) -> bool:
    """The author withdraws a published idea until a decision is taken on it."""
    return (user.is_authenticated and user.pk == idea.author_id
            and idea.status in (Status.RECEIVED, Status.STUDYING))


def can_answer(user, idea: Idea) -> bool:
    """The managers of the idea's process give the official answers."""
    return idea.status in LISTED_STATUSES and can_manage_process(user, idea.box.process)


def can_merge(user, idea: Idea) -> bool:
    """Moderators of the idea's commune and managers of its process merge duplicates."""
    if idea.status not in LISTED_STATUSES:
        return False
    return can_moderate(user, idea.commune) or can_manage_process(user, idea.box.process)


def can_view(user, idea: Idea) -> bool:
    """Published ideas are public (those of a process reserved to a panel, to its members).
    Its author always sees their idea (a draft, or hidden by moderation); so do the
    moderators of its commune and the managers of its process, drafts excepted."""
    if user.is_authenticated and user.pk == idea.author_id:
        return True
    if idea.status == Status.DRAFT:
        return False
    public = not idea.is_hidden and can_access_process(user, idea.box.process)
    return public or can_moderate(user, idea.commune) or can_manage_process(
        user, idea.box.process
    )


def managed_boxes(user) -> QuerySet[IdeaBox]:
    return IdeaBox.objects.filter(process__in=managed_processes(user))


def managed_ideas(user) -> QuerySet[Idea]:
    return Idea.objects.filter(box__process__in=managed_processes(user))


def box_managers(box: IdeaBox) -> list[User]:
    """The people who manage the box's process (told when an idea reaches the threshold)."""
    return process_managers(box.process)
