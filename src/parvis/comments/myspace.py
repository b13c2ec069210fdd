"""Comments in « Mon espace »: my latest comments, where they were written."""

from django.utils.translation import gettext as _

from parvis.comments.models import Comment
from parvis.comments.registry import targets
from parvis.core.formats import date_format
from parvis.core.modules import Entry, section


def my_space(user) -> list:
    comments = Comment.objects.filter(author=user, deleted_at=None).prefetch_related(
        targets()).order_by("-created_at", "-pk")
    return [section(_("Mes commentaires"), comments, lambda comment: Entry(
        str(comment.target) if comment.target is not None else _("contenu retiré"),
        comment.get_absolute_url() if comment.target is not None else "",
        date_format(comment.created_at, "j F Y"),
    ))]
