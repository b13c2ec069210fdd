"""Who may comment, edit or delete a comment, and start a debate (views ask here)."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from parvis.comments import registry
from parvis.comments.models import Comment, Debate
from parvis.processes.models import Action, Process
from parvis.processes.permissions import visible_processes
from parvis.processes.services import Decision, action_decision


def edit_window() -> timedelta:
    return timedelta(minutes=settings.COMMENTS_EDIT_WINDOW_MINUTES)


def is_author(user, comment: Comment) -> bool:
    return user.is_authenticated and user.is_active and comment.author_id == user.pk


def can_view_debate(user, debate: Debate) -> bool:
    """A debate's page is open to whoever may open its process."""
    return visible_processes(user).filter(pk=debate.process_id).exists()


def can_view_comment(user, comment: Comment) -> bool:
    """A comment is read on the page of what it is about, if that is open to this person."""
    return registry.target_of(comment.content_type_id, comment.object_id, user) is not None


def can_edit(user, comment: Comment, at=None) -> bool:
    """The author edits their comment within the edit window, unless it is gone or hidden."""
    at = at or timezone.now()
    return (
        is_author(user, comment)
        and not comment.is_deleted
        and not comment.is_hidden
        and at - comment.created_at <= edit_window()
    )


def can_delete(user, comment: Comment) -> bool:
    return is_author(user, comment) and not comment.is_deleted


def comment_decision(user, target) -> Decision:
    """Is commenting on `target` open now, for this person?"""
    if getattr(target, "is_hidden", False):
        return Decision(False, _("Ce contenu a été masqué par la modération : les commentaires"
                                 " sont fermés."))
    reason = registry.closed_reason(target)
    if reason:
        return Decision(False, reason)
    process = registry.process_of(target)
    if process is not None:
        decision = action_decision(process, Action.COMMENT, user)
        if not decision:
            return decision
    if not user.is_authenticated:
        return Decision(False, _("Connectez-vous pour participer."))
    return Decision(True)


def debate_decision(user, process: Process) -> Decision:
    """Is starting a debate in `process` open now, for this person?"""
    decision = action_decision(process, Action.COMMENT, user)
    if decision and not user.is_authenticated:
        return Decision(False, _("Connectez-vous pour participer."))
    return decision
