"""Idea boxes (public): boxes, ideas with the listing's filters, one idea with its public
history of statuses and official answers. No personal data: the author is the name the
person shows publicly (a pseudonym unless they chose otherwise), supporters never appear.
Comments have their own routes."""

from datetime import datetime
from enum import StrEnum
from typing import Annotated

from ninja import Field, Query, Router, Schema

from parvis.core.api_kit.errors import ErrorOut, NotFound, ValidationErrorOut, get_filter_object
from parvis.core.api_kit.pagination import paginated
from parvis.core.api_kit.params import Slug
from parvis.core.api_kit.schemas import ObjectOut, file_url_of, id_of
from parvis.core.models import Commune, VerificationLevel
from parvis.ideas import selectors
from parvis.ideas.models import LISTED_STATUSES, PUBLIC_STATUSES
from parvis.processes.models import Theme

router = Router(tags=["ideas"])

ListedStatus = StrEnum("ListedStatus", {status.value: status.value for status in LISTED_STATUSES})
PublicStatus = StrEnum("PublicStatus", {status.value: status.value for status in PUBLIC_STATUSES})
IdeaId = Annotated[int, Field(ge=1, le=2**63 - 1)]
Sort = StrEnum("Sort", {value: value for value, _label in selectors.SORTS if value != "random"})


class BoxOut(ObjectOut):
    slug: str
    title: str
    description: str = Field(description="Markdown.")
    process: str = Field(description="Slug of the process the box belongs to.")
    support_level: int = Field(description="Minimum verification level to support an idea: "
                               + ", ".join(f"{value} {label}"
                                           for value, label in VerificationLevel.choices))
    support_threshold: int = Field(description="Supports that put an idea « à l'étude » (0:"
                                               " none).")
    comments_open: bool
    url: str


class IdeaOut(ObjectOut):
    id: int
    box: str = Field(description="Slug of the idea box.")
    title: str
    theme: str | None = Field(description="Theme slug.")
    commune: str | None = Field(description="Commune slug; none for the whole metropolis.")
    status: PublicStatus
    status_label: str
    author: str = Field(description="The name shown publicly (a pseudonym by default).")
    supports_count: int
    comment_count: int
    published_at: datetime
    url: str

    @staticmethod
    def resolve_author(obj):
        return obj.public_author


class IdeaHistoryOut(ObjectOut):
    status: PublicStatus
    status_label: str
    message: str = Field(description="The public message of this step (official answer).")
    at: datetime


class IdeaDetailOut(IdeaOut):
    body: str = Field(description="Markdown.")
    latitude: float | None
    longitude: float | None
    image_url: str | None
    thumbnail_url: str | None
    edited_at: datetime | None
    merged_into: int | None = Field(description="The idea this one was merged into.")
    history: list[IdeaHistoryOut]

    resolve_image_url = file_url_of("image")
    resolve_thumbnail_url = file_url_of("thumbnail")

    resolve_merged_into = id_of("merged_into")

    @staticmethod
    def resolve_history(obj):
        return list(obj.history.all())


class IdeaFilters(Schema):
    box: Slug = Field(None, description="Ideas of this idea box.")
    theme: Slug = Field(None, description="Ideas of this theme.")
    commune: Slug = Field(None, description="Ideas about this commune.")
    status: ListedStatus = Field(None, description="Ideas with this status.")
    q: str = Field(None, max_length=200, description="Words to find (French stemming).")
    sort: Sort = Field(Sort.newest, description="Order of the ideas.")


@router.get("/idea-boxes", response={200: list[BoxOut], 422: ValidationErrorOut})
@paginated(page_size=20)
def list_boxes(request):
    """The idea boxes of published processes, newest first."""
    return selectors.public_boxes()


@router.get(
    "/ideas",
    response={200: list[IdeaOut], 404: ErrorOut, 422: ValidationErrorOut},
)
@paginated(page_size=20)
def list_ideas(request, filters: Query[IdeaFilters]):
    """Published ideas (withdrawn and merged ones excepted), 20 per page. An unknown `box`,
    `theme` or `commune` answers 404."""
    ideas = selectors.filter_ideas(
        selectors.listed_ideas(),
        q=filters.q or "",
        theme=get_filter_object(Theme.objects, filters.theme, "theme"),
        commune=get_filter_object(Commune.objects, filters.commune, "commune"),
        status=filters.status or "",
        box=get_filter_object(selectors.public_boxes(), filters.box, "idea box"),
    )
    return selectors.order_ideas(ideas, filters.sort)


@router.get("/ideas/{idea_id}", response={200: IdeaDetailOut, 404: ErrorOut,
                                          422: ValidationErrorOut})
def get_idea(request, idea_id: IdeaId):
    """An idea with its public history: statuses and official answers."""
    idea = (selectors.public_ideas().with_comment_count().prefetch_related("history")
            .filter(pk=idea_id).first())
    if idea is None:
        raise NotFound(f"Unknown idea {idea_id}.")
    return idea
