"""Citizen panels (public): panels with their quotas and aggregate counts, and their draws
with everything needed to re-run them (seed, anonymised pool, quotas) and their result.
No personal data: a volunteer appears only as a random pool id with category values."""

from datetime import date, datetime
from typing import Annotated

from django.urls import reverse
from ninja import Field, Router, Schema

from parvis.core.api_kit.errors import ErrorOut, NotFound, ValidationErrorOut, get_by_slug
from parvis.core.api_kit.pagination import paginated
from parvis.core.api_kit.params import Slug
from parvis.core.api_kit.schemas import ObjectOut, entry_of
from parvis.core.links import absolute
from parvis.panels import draws, recruitment
from parvis.panels.models import DrawKind, PanelStatus

router = Router(tags=["panels"])

DrawId = Annotated[int, Field(ge=1, le=2**63 - 1)]


class PanelOut(ObjectOut):
    slug: str
    title: str
    process: str = Field(description="Slug of the process the panel belongs to.")
    status: PanelStatus
    status_label: str
    size: int = Field(description="Number of members.")
    starts_on: date
    ends_on: date
    recruitment_closes_at: datetime
    min_age: int
    workers_eligible: bool = Field(description="Open to people who work (not only live) in"
                                               " the metropolis.")
    url: str


class QuotaValueOut(Schema):
    key: str
    label: str
    minimum: int
    maximum: int
    volunteers: int = Field(description="Eligible volunteers with this value.")
    members: int = Field(description="Active members with this value.")


class QuotaCategoryOut(Schema):
    key: str
    name: str
    source: str = Field(description="asked (in the form), commune or age_band (derived).")
    values: list[QuotaValueOut]


class PanelDetailOut(PanelOut):
    purpose: str = Field(description="Markdown.")
    categories: list[QuotaCategoryOut]

    @staticmethod
    def resolve_categories(obj):
        return [
            {"key": item["category"].key, "name": item["category"].name,
             "source": item["category"].source,
             "values": [{"key": row["value"].key, "label": row["value"].label,
                         "minimum": row["value"].minimum, "maximum": row["value"].maximum,
                         "volunteers": row["volunteers"], "members": row["members"]}
                        for row in item["values"]]}
            for item in recruitment.profile_counts(obj)
        ]


class DrawOut(Schema):
    id: int
    kind: DrawKind
    size: int = Field(description="Number of people to draw.")
    algorithm: str
    seed: str = Field(description="Published before the draw was performed.")
    seed_published_at: datetime
    performed_at: datetime | None
    pool_size: int
    impossible: list[str] | None = Field(description="Why the quotas could not be met, if so.")
    min_probability: float | None
    max_probability: float | None
    input_url: str = Field(description="The draw document: `parvis draw` re-runs it.")

    resolve_impossible = entry_of("result", "impossible")
    resolve_min_probability = entry_of("result", "min_probability")
    resolve_max_probability = entry_of("result", "max_probability")

    @staticmethod
    def resolve_pool_size(obj):
        return len(obj.pool)

    @staticmethod
    def resolve_input_url(obj):
        return absolute(reverse("panels:draw_input", args=[obj.panel.slug, obj.pk]))


class PoolEntryOut(Schema):
    pool_id: str = Field(description="Random identifier of a volunteer.")
    profile: dict[str, str] = Field(description="{category key: value key}.")


class QuotaOut(Schema):
    key: str
    label: str
    minimum: int
    maximum: int


class CategoryOut(Schema):
    key: str
    name: str
    values: list[QuotaOut]


class PortfolioPanelOut(Schema):
    weight: int
    panel: list[str] = Field(description="Pool ids, sorted.")


class LotteryOut(Schema):
    ticket: int = Field(description="SHA-256('parvis-lottery:' + seed) modulo total_weight.")
    total_weight: int
    portfolio: list[PortfolioPanelOut] = Field(description="The panels the lottery could pick"
                                                           " and their weights, in order.")


class DrawDetailOut(DrawOut):
    categories: list[CategoryOut] = Field(description="Quotas, frozen with the seed.")
    fixed: list[PoolEntryOut] = Field(description="Members who stay (replacement draw).")
    pool: list[PoolEntryOut] = Field(description="The anonymised pool, frozen with the seed.")
    selected: list[str] | None = Field(description="Pool ids drawn.")
    probabilities: dict[str, float] | None = Field(description="Selection probability of"
                                                               " each volunteer of the pool.")
    library: dict[str, str] | None = Field(description="Versions of the libraries used.")
    lottery: LotteryOut | None

    resolve_categories = entry_of("result", "categories", [])
    resolve_fixed = entry_of("result", "fixed", [])
    resolve_selected = entry_of("result", "selected")
    resolve_probabilities = entry_of("result", "probabilities")
    resolve_library = entry_of("result", "library")
    resolve_lottery = entry_of("result", "lottery")


def public_panel(slug: str):
    return get_by_slug(recruitment.public_panels().select_related("process"), slug, "panel")


@router.get("/panels", response={200: list[PanelOut], 422: ValidationErrorOut})
@paginated(page_size=20)
def list_panels(request):
    """Public panels (out of preparation), newest first, 20 per page."""
    return recruitment.public_panels().select_related("process")


@router.get("/panels/{slug}", response={200: PanelDetailOut, 404: ErrorOut,
                                        422: ValidationErrorOut})
def get_panel(request, slug: Slug):
    """One panel with its quotas and, per value, how many eligible volunteers and active
    members have it (totals only)."""
    return public_panel(slug)


@router.get("/panels/{slug}/draws", response={200: list[DrawOut], 404: ErrorOut,
                                              422: ValidationErrorOut})
@paginated(page_size=20)
def list_draws(request, slug: Slug):
    """The panel's draws in order of their seed's publication."""
    return draws.published_draws(public_panel(slug)).select_related("panel")


@router.get("/panels/{slug}/draws/{draw_id}", response={200: DrawDetailOut, 404: ErrorOut,
                                                        422: ValidationErrorOut})
def get_draw(request, slug: Slug, draw_id: DrawId):
    """One draw: seed, frozen pool and quotas, and once performed its result: the selected
    pool ids, every volunteer's probability and the lottery over the portfolio of panels."""
    draw = draws.published_draws(public_panel(slug)).select_related("panel").filter(
        pk=draw_id).first()
    if draw is None:
        raise NotFound(f"Unknown draw {draw_id} of panel '{slug}'.")
    return draw
