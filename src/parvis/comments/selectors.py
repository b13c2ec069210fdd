"""Reading comment threads: a page of threads in a constant number of queries."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, Max, Q
from django.db.models.functions import Coalesce

from parvis.comments import permissions, registry
from parvis.comments.models import Comment, Debate
from parvis.processes.models import Process
from parvis.processes.services import Decision

THREADS_PER_PAGE = 30


@dataclass
class CommentsSection:
    target: object
    page: Page
    total: int
    decision: Decision


def comments_on(target):
    return Comment.objects.filter(
        content_type=registry.content_type_of(target), object_id=target.pk
    ).select_related("author")


def attach_rights(comments, user, decision: Decision) -> None:
    """What the reader may do with each comment, computed once for the template."""
    for comment in comments:
        comment.can_reply = bool(decision) and not (comment.is_deleted or comment.is_hidden)
        comment.can_edit = permissions.can_edit(user, comment)
        comment.can_delete = permissions.can_delete(user, comment)


def comments_section(target, user, page_number=None) -> CommentsSection:
    """A page of top-level comments, each with its replies (two levels) in `thread_replies`."""
    comments = comments_on(target)
    page = Paginator(comments.filter(parent=None), THREADS_PER_PAGE).get_page(page_number)
    roots = list(page.object_list)
    root_ids = [comment.pk for comment in roots]
    replies = list(comments.filter(Q(parent__in=root_ids) | Q(parent__parent__in=root_ids)))
    by_parent: dict[int, list[Comment]] = {}
    for comment in roots + replies:
        comment.thread_replies = []
        by_parent.setdefault(comment.parent_id, []).append(comment)
    for comment in roots + replies:
        comment.thread_replies = by_parent.get(comment.pk, [])
    page.object_list = roots
    decision = permissions.comment_decision(user, target)
    attach_rights(roots + replies, user, decision)
    return CommentsSection(target, page, comments.count(), decision)


def listed_debates():
    """Debates not hidden by moderation, with their number of visible comments, most
    recently active first."""
    visible = Q(comments__hidden_at=None, comments__deleted_at=None)
    return (
        Debate.objects.visible()
        .select_related("author")
        .annotate(comment_count=Count("comments", filter=visible),
                  last_comment_at=Max("comments__created_at"))
        .order_by(Coalesce("last_comment_at", "created_at").desc(), "-pk")
    )


def public_debates():
    """The debates the public sees: those of the processes open to everyone."""
    return listed_debates().filter(process__in=Process.objects.published())


def debates_of(process):
    """The debates of `process`, a process the reader may open."""
    return listed_debates().filter(process=process)
