"""Read-side queries of idea boxes, shared by the pages, the API and the exports.

Every listing reads a fixed number of queries whatever the number of ideas: the author,
theme, commune and box come by joins, the comment count by an aggregate.
"""


from django.db.models import F, QuerySet
from django.db.models.functions import Mod
from django.utils.translation import gettext_lazy as _

from parvis.ideas import search
from parvis.ideas.models import LISTED_STATUSES, Idea, IdeaBox, Support
from parvis.processes.models import Process
from parvis.processes.permissions import accessible_processes

SORTS = [
    ("random", _("Au hasard")),
    ("newest", _("Les plus récentes")),
    ("supports", _("Les plus soutenues")),
    ("comments", _("Les plus commentées")),
]
DEFAULT_SORT = "random"
# A permutation of ids that changes with the seed: (id + seed) * A mod P, P prime.
SHUFFLE_MULTIPLIER = 2654435761
SHUFFLE_MODULUS = 4294967291


def public_boxes() -> QuerySet[IdeaBox]:
    return IdeaBox.objects.filter(process__in=Process.objects.published()).select_related(
        "process")


def visible_boxes(user) -> QuerySet[IdeaBox]:
    """The boxes this person may open: the public ones, and those of a process reserved to
    a panel they belong to."""
    return IdeaBox.objects.filter(process__in=accessible_processes(user)).select_related(
        "process")


def public_ideas() -> QuerySet[Idea]:
    return Idea.objects.public().select_related("box__process", "theme", "commune", "author")


def box_ideas(box: IdeaBox) -> QuerySet[Idea]:
    """The listed ideas of `box`, a box the reader may open (public, or reserved to a panel
    they belong to)."""
    return Idea.objects.shown().filter(box=box, status__in=LISTED_STATUSES)


def listed_ideas(box: IdeaBox | None = None) -> QuerySet[Idea]:
    ideas = Idea.objects.listed() if box is None else box_ideas(box)
    return ideas.with_comment_count().select_related("box__process", "theme", "commune",
                                                     "author")


def filter_ideas(ideas: QuerySet[Idea], q: str = "", theme=None, commune=None,
                 status: str = "", box=None) -> QuerySet[Idea]:
    if q:
        ideas = search.matching(ideas, q)
    if theme is not None:
        ideas = ideas.filter(theme=theme)
    if commune is not None:
        ideas = ideas.filter(commune=commune)
    if status:
        ideas = ideas.filter(status=status)
    if box is not None:
        ideas = ideas.filter(box=box)
    return ideas


def order_ideas(ideas: QuerySet[Idea], sort: str, seed: int = 0) -> QuerySet[Idea]:
    """Newest, most supported, most commented, or shuffled by `seed` (the same seed gives
    the same order, so pages do not repeat or skip ideas)."""
    if sort == "random":
        shuffled = Mod((F("id") + seed) * SHUFFLE_MULTIPLIER, SHUFFLE_MODULUS)
        return ideas.order_by(shuffled, "id")
    orders = {
        "newest": ["-published_at", "-id"],
        "supports": ["-supports_count", "-published_at", "-id"],
        "comments": ["-comment_count", "-published_at", "-id"],
    }
    return ideas.order_by(*orders[sort])


def has_supported(user, idea: Idea) -> bool:
    return user.is_authenticated and Support.objects.filter(idea=idea, user=user).exists()


def similar_ideas(box: IdeaBox, text: str, exclude: Idea | None = None, limit: int = 5):
    """Published ideas of the box close to `text` (a title being typed), best first."""
    ideas = box_ideas(box)
    if exclude is not None:
        ideas = ideas.exclude(pk=exclude.pk)
    return search.similar(ideas, text, limit=limit)
