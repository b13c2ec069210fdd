"""Parameter types shared by the routers."""

from typing import Annotated

from ninja import Field

SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"

Slug = Annotated[str, Field(pattern=SLUG_PATTERN, max_length=200)]
