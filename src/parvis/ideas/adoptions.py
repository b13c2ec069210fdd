"""What an idea box adopts: the public ideas « retenues » (and those since « réalisées »),
whose author and supporters are told of their realisation. An idea's optional point is not
passed on (the ideas' open data leaves it out too): the realisation's place is set by the
people who follow it up."""

from django.db.models import Q

from parvis.core import modules
from parvis.core.models import User
from parvis.core.modules import Adopted, Adoptions, FollowUp
from parvis.ideas.models import Idea, Status

PREFIX = "ideas.idea:"
ADOPTED_STATUSES = [Status.ACCEPTED, Status.DONE]


def follow_up_of(idea: Idea) -> FollowUp | None:
    """How the realisation of an idea « retenue » stands (None for any other idea)."""
    if idea.status not in ADOPTED_STATUSES:
        return None
    return modules.follow_up(f"{PREFIX}{idea.pk}")


def accepted():
    return Idea.objects.public().filter(status__in=ADOPTED_STATUSES)


def adopted() -> list[Adopted]:
    return [
        Adopted(key=f"{PREFIX}{idea.pk}", title=idea.title, description=idea.body,
                url=idea.get_absolute_url(), process_id=idea.box.process_id,
                commune_id=idea.commune_id)
        for idea in accepted().select_related("box").order_by("pk")
    ]


def supporters(key: str):
    idea_id = int(key.removeprefix(PREFIX))
    return (User.objects.filter(Q(idea_supports__idea=idea_id) | Q(ideas=idea_id))
            .values_list("pk", flat=True).distinct())


def supported_by(user) -> list[str]:
    chosen = accepted().filter(Q(supports__user=user) | Q(author=user))
    return [f"{PREFIX}{pk}" for pk in chosen.values_list("pk", flat=True).distinct()]


ADOPTIONS = Adoptions(adopted=adopted, supporters=supporters, supported_by=supported_by)
