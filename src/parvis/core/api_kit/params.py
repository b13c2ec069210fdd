"""Parameter types shared by the routers."""

import re
from datetime import date
from typing import Annotated

from ninja import Field
from pydantic import AfterValidator, BeforeValidator

from parvis.core import bounds

SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"

Slug = Annotated[str, Field(pattern=SLUG_PATTERN, max_length=200)]


def iso_day(value):
    """Only YYYY-MM-DD: pydantic would otherwise read "0" as a Unix timestamp."""
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("expected a day as YYYY-MM-DD")
    return value


def day_in_range(value: date) -> date:
    """The range the site computes with (`core.bounds`), so that no day overflows."""
    if not bounds.day_in_range(value):
        raise ValueError(f"expected a day between {bounds.EARLIEST_DAY} and {bounds.LATEST_DAY}")
    return value


Day = Annotated[date, BeforeValidator(iso_day), AfterValidator(day_in_range)]
