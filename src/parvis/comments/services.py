"""Posting, editing and deleting comments, and starting debates.

Every contribution passes the moderation checks (charter accepted, rate and link limits)
before it is saved; refusals raise `ContributionRefused` (from parvis.moderation.services)
or `CommentError`, both carrying a message for the person.
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from parvis.comments import permissions, registry
from parvis.comments.models import MAX_DEPTH, Comment, Debate
from parvis.core import audit
from parvis.core.errors import DomainError
from parvis.moderation.services import check_contribution
from parvis.notifications.services import notify
from parvis.processes.models import Process

EXCERPT_WORDS = 30


class CommentError(DomainError):
    """A comment or debate that cannot be accepted; the message is for the person."""


def _require(decision) -> None:
    if not decision:
        raise CommentError(decision.reason)


def _clean(body: str) -> str:
    body = body.strip()
    if not body:
        raise CommentError(_("Écrivez votre message avant de le publier."))
    return body


def reply_parent(parent: Comment) -> Comment:
    """Replies go two levels deep: a reply to a second-level reply joins its thread."""
    return parent.parent if parent.depth >= MAX_DEPTH else parent


@transaction.atomic
def post_comment(target, author, body: str, parent: Comment | None = None) -> Comment:
    if not registry.is_enabled(target):
        raise CommentError(_("Ce contenu n'accepte pas de commentaires."))
    _require(permissions.comment_decision(author, target))
    body = _clean(body)
    comment_type = registry.content_type_of(target)
    if parent is not None:
        if (parent.content_type_id, parent.object_id) != (comment_type.pk, target.pk):
            raise CommentError(_("Ce message ne répond à aucun commentaire de cette page."))
        if parent.is_deleted or parent.is_hidden:
            raise CommentError(_("Ce commentaire n'accepte plus de réponse."))
        parent = reply_parent(parent)
    check_contribution(author, body)
    comment = Comment.objects.create(
        content_type=comment_type, object_id=target.pk, author=author,
        parent=parent, depth=parent.depth + 1 if parent else 0, body=body,
    )
    audit.record(author, "comment.posted", comment, on=target._meta.label_lower,
                 on_id=target.pk)
    notify_comment(comment, target)
    return comment


def notify_comment(comment: Comment, target) -> None:
    """The author of the comment replied to, and the author of the commented content."""
    author = comment.author
    url = comment_url(comment, target)
    excerpt = Truncator(comment.body).words(EXCERPT_WORDS)
    replied_to = comment.parent.author if comment.parent else None
    if replied_to is not None:
        notify(
            replied_to, kind="comment_reply", url=url, actor=author,
            subject=_("%(name)s a répondu à votre commentaire") % {"name": author.public_name},
            message=excerpt,
        )
    target_author = registry.author_of(target)
    if target_author is not None and target_author != replied_to:
        notify(
            target_author, kind="comment_reply", url=url, actor=author,
            subject=_("Nouveau commentaire sur « %(title)s »") % {"title": target},
            message=excerpt,
        )


def comment_url(comment: Comment, target) -> str:
    return f"{target.get_absolute_url()}#commentaire-{comment.pk}"


@transaction.atomic
def edit_comment(comment: Comment, user, body: str) -> Comment:
    if not permissions.can_edit(user, comment):
        raise CommentError(
            _("Ce commentaire ne peut plus être modifié : seul son auteur le peut, dans les"
              " %(minutes)d minutes qui suivent sa publication.")
            % {"minutes": settings.COMMENTS_EDIT_WINDOW_MINUTES}
        )
    comment.body = _clean(body)
    check_contribution(user, comment.body)
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "edited_at"])
    audit.record(user, "comment.edited", comment)
    return comment


@transaction.atomic
def delete_comment(comment: Comment, user) -> None:
    """The author withdraws their comment: its text goes, its replies stay."""
    if not permissions.can_delete(user, comment):
        raise CommentError(_("Seul l'auteur d'un commentaire peut le supprimer."))
    comment.body = ""
    comment.deleted_at = timezone.now()
    comment.save(update_fields=["body", "deleted_at"])
    audit.record(user, "comment.deleted", comment)


@transaction.atomic
def start_debate(process: Process, author, title: str, body: str) -> Debate:
    _require(permissions.debate_decision(author, process))
    title, body = title.strip(), _clean(body)
    if not title:
        raise CommentError(_("Donnez un titre à ce débat."))
    check_contribution(author, f"{title}\n{body}")
    debate = Debate.objects.create(process=process, author=author, title=title, body=body)
    audit.record(author, "debate.started", debate, process=process.slug)
    return debate
