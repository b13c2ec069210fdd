"""Parameter types shared by the routers."""

import re
from datetime import date
from typing import Annotated

from ninja import Field
from pydantic import BeforeValidator, WithJsonSchema

SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
# A day as YYYY-MM-DD within `core.bounds` (1900 to 2999), so that no day overflows.
DAY_PATTERN = r"^(19\d{2}|2\d{3})-\d{2}-\d{2}$"

Slug = Annotated[str, Field(pattern=SLUG_PATTERN, max_length=200)]


def iso_day(value):
    """Only YYYY-MM-DD (pydantic would otherwise read "0" as a Unix timestamp), from
    1900-01-01 to 2999-12-31."""
    if isinstance(value, str) and not re.fullmatch(DAY_PATTERN, value):
        raise ValueError("expected a day as YYYY-MM-DD, from 1900-01-01 to 2999-12-31")
    return value


Day = Annotated[
    date,
    BeforeValidator(iso_day),
    WithJsonSchema({"type": "string", "format": "date", "pattern": DAY_PATTERN}),
]
