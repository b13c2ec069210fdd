"""Comments and debates (public, read-only). No personal data: authors are public names;
hidden and deleted comments keep their place in threads without their text."""

from datetime import datetime
from typing import Annotated, Literal

from django.db.models import CharField, Value
from ninja import Field, Query, Router, Schema

from parvis.comments import registry, selectors
from parvis.core import markdown
from parvis.core.api_kit.errors import ErrorOut, NotFound, ValidationErrorOut, get_by_slug
from parvis.core.api_kit.pagination import paginated
from parvis.core.api_kit.params import Slug
from parvis.core.api_kit.schemas import ObjectOut, id_of
from parvis.core.links import absolute
from parvis.processes.models import Process

router = Router(tags=["comments"])

TargetType = Annotated[str, Field(pattern=r"^[a-z0-9_]+\.[a-z0-9_]+$", max_length=100)]
ObjectId = Annotated[int, Field(ge=1, le=2**63 - 1)]


class CommentOut(Schema):
    id: int
    parent: int | None = Field(description="The comment this one answers, if any.")
    depth: int = Field(description="0 for a comment, 1 or 2 for replies.")
    status: Literal["published", "deleted", "hidden"] = Field(
        description="`deleted` by its author or `hidden` by moderation: no text nor author."
    )
    author: str | None = Field(description="The author's public name (a pseudonym).")
    body: str = Field(description="Markdown.")
    body_html: str = Field(description="The Markdown rendered as sanitised HTML.")
    created_at: datetime
    edited_at: datetime | None
    url: str

    resolve_parent = id_of("parent")

    @staticmethod
    def resolve_status(obj):
        return "hidden" if obj.is_hidden else "deleted" if obj.is_deleted else "published"

    @staticmethod
    def resolve_author(obj):
        return obj.author.public_name if CommentOut.resolve_status(obj) == "published" else None

    @staticmethod
    def resolve_body(obj):
        return obj.body if CommentOut.resolve_status(obj) == "published" else ""

    @staticmethod
    def resolve_body_html(obj):
        return str(markdown.render(CommentOut.resolve_body(obj)))

    @staticmethod
    def resolve_url(obj):
        return absolute(f"{obj.target_url}#commentaire-{obj.pk}")


class DebateOut(ObjectOut):
    id: int
    process: str = Field(description="The process' slug.")
    title: str
    body: str = Field(description="Markdown.")
    body_html: str = Field(description="The Markdown rendered as sanitised HTML.")
    author: str = Field(description="The author's public name (a pseudonym).")
    created_at: datetime
    comment_count: int = Field(description="Comments neither hidden nor deleted.")
    last_comment_at: datetime | None
    url: str
    comments_url: str = Field(description="Its comments in this API.")

    @staticmethod
    def resolve_body_html(obj):
        return str(markdown.render(obj.body))

    @staticmethod
    def resolve_author(obj):
        return obj.author.public_name

    @staticmethod
    def resolve_comments_url(obj):
        return absolute(f"/api/v1/comments?target_type=comments.debate&target_id={obj.pk}")


class CommentFilters(Schema):
    target_type: TargetType = Field(
        description="What is commented: "
        + ", ".join(f"`{label}`" for label in registry.labels()),
        json_schema_extra={"example": "comments.debate"},
    )
    target_id: ObjectId = Field(description="Its identifier.")


@router.get("/comments", response={200: list[CommentOut], 404: ErrorOut,
                                   422: ValidationErrorOut})
@paginated(page_size=50)
def list_comments(request, filters: Query[CommentFilters]):
    """The comments on one public object, oldest first (50 per page); `parent` and `depth`
    give the threads. An unknown or non-public object answers 404."""
    target = registry.visible_target(filters.target_type, filters.target_id)
    if target is None:
        raise NotFound(f"No public {filters.target_type} {filters.target_id} with comments.")
    return selectors.comments_on(target).annotate(
        target_url=Value(target.get_absolute_url(), output_field=CharField())
    ).order_by("created_at", "pk")


@router.get("/processes/{slug}/debates", response={200: list[DebateOut], 404: ErrorOut,
                                                   422: ValidationErrorOut})
@paginated(page_size=20)
def list_debates(request, slug: Slug):
    """The debates (forum threads) of a published process, most recently active first."""
    process = get_by_slug(Process.objects.published(), slug, "process")
    return selectors.debates_of(process).select_related("process")


@router.get("/debates/{debate_id}", response={200: DebateOut, 404: ErrorOut,
                                              422: ValidationErrorOut})
def get_debate(request, debate_id: ObjectId):
    debate = selectors.public_debates().select_related("process").filter(pk=debate_id).first()
    if debate is None:
        raise NotFound(f"Unknown debate {debate_id}.")
    return debate
