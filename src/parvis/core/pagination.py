"""Pages of lists: `page_of`, the page a list's query string asks for, and pages of long
lists whose cost does not grow with the table, whose counts stop at COUNT_CAP.

Counting a million reports takes the database a third of a second on every page view; no one
reads past the ten-thousandth report of a list without filtering it. So a count stops at
COUNT_CAP + 1 rows (`SELECT COUNT(*) FROM (… LIMIT 10001)`, bounded by an index scan), the
page says « plus de 10 000 », and pages go as far as the capped count reaches.
"""

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import QuerySet
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

COUNT_CAP = 10_000


def capped_count(queryset: QuerySet) -> int:
    """The number of rows, or COUNT_CAP + 1 when there are more."""
    return queryset.order_by()[:COUNT_CAP + 1].count()


def capped_counts(querysets: dict[str, QuerySet]) -> dict[str, int]:
    """`capped_count` of several querysets in one query (the counts of an inbox by status)."""
    if not querysets:
        return {}
    cap = COUNT_CAP
    parts, params = [], []
    for queryset in querysets.values():
        sql, part_params = queryset.order_by().values("pk")[:cap + 1].query.sql_with_params()
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS counted)")  # noqa: S608 - ORM SQL
        params.extend(part_params)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(parts)}", params)  # noqa: S608 - compiled by the ORM
        return dict(zip(querysets, cursor.fetchone(), strict=True))


class CappedPaginator(Paginator):
    """A Paginator whose count stops at COUNT_CAP + 1; `is_capped` says the list is longer."""

    @cached_property
    def count(self) -> int:
        return capped_count(self.object_list)

    @property
    def is_capped(self) -> bool:
        return self.count > COUNT_CAP


def page_of(request, items, per_page: int, paginator: type[Paginator] = Paginator):
    """The page of `items` that the query string's `page` asks for (the first one when it
    names none, the last one when it names one too far)."""
    return paginator(items, per_page).get_page(request.GET.get("page"))


def shown_count(number: int) -> str:
    """A capped count as a page shows it: « 1 234 », or « plus de 10 000 »."""
    if number > COUNT_CAP:
        return _("plus de %(cap)s") % {"cap": number_format(COUNT_CAP, force_grouping=True)}
    return number_format(number, force_grouping=True)
