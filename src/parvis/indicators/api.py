"""The responsible-digital strategy (public): indicators, their targets, latest values and
where they stand against the straight path to their target. No personal data."""

from datetime import date
from decimal import Decimal
from typing import Literal

from ninja import Field, Router, Schema

from parvis.core.api_kit.errors import ErrorOut, NotFound, ValidationErrorOut, get_filter_object
from parvis.core.api_kit.pagination import paginated
from parvis.core.api_kit.params import Slug
from parvis.core.links import absolute
from parvis.indicators import selectors
from parvis.indicators.models import Axis, Indicator

router = Router(tags=["strategy"])
ERRORS = {404: ErrorOut, 422: ValidationErrorOut}
Status = Literal["reached", "ahead", "behind", "no_data"]


class ValueOut(Schema):
    on: date
    value: Decimal
    expected: Decimal = Field(description="Value on the straight path to the target that day.")
    status: Status


class IndicatorOut(Schema):
    code: str
    name: str
    axis: str = Field(description="Axis slug.")
    commitment: str
    unit: str
    direction: Literal["increase", "decrease"]
    baseline: Decimal
    baseline_on: date
    target: Decimal
    target_on: date
    latest: ValueOut | None = Field(description="The latest value (the last recorded for its day).")
    progress: Decimal | None = Field(
        description="Share of the way from the baseline to the target covered, in percent.")
    status: Status
    url: str


class IndicatorDetailOut(IndicatorOut):
    source: str
    owner_service: str
    method: str
    frequency: Literal["monthly", "quarterly", "yearly"]
    values: list[ValueOut] = Field(description="One per day measured, oldest first.")


def indicator_out(state: selectors.IndicatorState) -> dict:
    indicator = state.indicator
    fields = ["code", "name", "unit", "direction", "baseline", "baseline_on", "target",
              "target_on", "source", "owner_service", "method", "frequency"]
    return {**{name: getattr(indicator, name) for name in fields},
            "axis": indicator.commitment.axis.slug, "commitment": indicator.commitment.title,
            "latest": state.latest, "values": state.values, "status": state.status,
            "progress": None if state.progress is None else round(state.progress, 2),
            "url": absolute(indicator.get_absolute_url())}


class States:
    """A queryset of indicators seen as their states, for the pagination: counted, then cut,
    each page's states computed from its prefetched values."""

    def __init__(self, indicators):
        self.indicators = indicators

    def __len__(self) -> int:
        return self.indicators.count()

    def __getitem__(self, cut):
        return [indicator_out(selectors.state_of(indicator))
                for indicator in self.indicators[cut]]


@router.get("/strategy/indicators", response={200: list[IndicatorOut], **ERRORS})
@paginated(page_size=50)
def list_indicators(request, axis: Slug | None = None):
    """The strategy's indicators, axis by axis, 50 per page; `axis` keeps one axis."""
    indicators = selectors.with_values(Indicator.objects.all())
    chosen = get_filter_object(Axis.objects, axis, "axis")
    if chosen is not None:
        indicators = indicators.filter(commitment__axis=chosen)
    return States(indicators)


@router.get("/strategy/indicators/{code}", response={200: IndicatorDetailOut, **ERRORS})
def get_indicator(request, code: Slug):
    """One indicator with every value measured."""
    indicator = selectors.with_values(Indicator.objects.filter(code=code)).first()
    if indicator is None:
        raise NotFound(f"Unknown indicator '{code}'.")
    return indicator_out(selectors.state_of(indicator))
