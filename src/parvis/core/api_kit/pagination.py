"""Page-number pagination shared by every listing of the API."""

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination, paginate

MAX_PAGE = 10_000
MAX_PAGE_SIZE = 100


class Pagination(PageNumberPagination):
    """`?page=N` (from 1) and `?page_size=N` (1 to 100); the answer gives `items` and `count`."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE, description="Page number, from 1.")
        page_size: int = Field(
            None,
            ge=1,
            le=MAX_PAGE_SIZE,
            description=f"Items per page, at most {MAX_PAGE_SIZE} (default: see the listing).",
        )


def paginated(page_size: int):
    return paginate(Pagination, page_size=page_size, max_page_size=MAX_PAGE_SIZE)
