"""Page-number pagination shared by every listing of the API."""

from typing import Any

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination, paginate

from parvis.core import pagination as capped
from parvis.core.pagination import COUNT_CAP

MAX_PAGE = 10_000
MAX_PAGE_SIZE = 100


class Pagination(PageNumberPagination):
    """`?page=N` (from 1) and `?page_size=N` (1 to 100); the answer gives `items`, `count`
    and `count_capped`: counts stop above COUNT_CAP, so that a listing of a million rows
    costs what a listing of ten thousand does."""

    class Output(Schema):
        items: list[Any]
        count: int = Field(description=f"Number of items; {COUNT_CAP + 1} when there are more"
                                       f" than {COUNT_CAP} (then `count_capped` is true).")
        count_capped: bool = Field(description=f"True when there are more than {COUNT_CAP}"
                                               " items: narrow the filters to count them.")

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE, description="Page number, from 1.")
        page_size: int = Field(
            None,
            ge=1,
            le=MAX_PAGE_SIZE,
            description=f"Items per page, at most {MAX_PAGE_SIZE} (default: see the listing).",
        )

    def paginate_queryset(self, queryset, pagination, request, **params):
        page = super().paginate_queryset(queryset, pagination, request, **params)
        return {**page, "count_capped": page["count"] > capped.COUNT_CAP}

    def _items_count(self, queryset) -> int:
        return capped.capped_count(queryset) if hasattr(queryset, "query") else len(queryset)


def paginated(page_size: int):
    return paginate(Pagination, page_size=page_size, max_page_size=MAX_PAGE_SIZE)
