"""The one CSV writer of the project: every export goes through it.

Spreadsheets read a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return as a
formula, so a title such as `=HYPERLINK("https://…", "Cliquez")` written as is would run in
the reader's spreadsheet (CSV injection). Such a text cell is written with a leading
apostrophe, which spreadsheets show as text; numbers, and texts that are plain numbers
(`-0.575`, `+33`), are left as they are.
"""

import csv
import re
from collections.abc import Iterable, Iterator
from itertools import chain

from django.http import StreamingHttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?\Z")


def neutralised(value):
    """A cell as it may be written: a text that would start a formula gets an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.match(
        value
    ):
        return "'" + value
    return value


class Writer:
    """`csv.writer` whose every cell goes through `neutralised`."""

    def __init__(self, file, **options):
        self._writer = csv.writer(file, **options)

    def writerow(self, row: Iterable):
        return self._writer.writerow([neutralised(value) for value in row])

    def writerows(self, rows: Iterable[Iterable]) -> None:
        for row in rows:
            self.writerow(row)


class _Line:
    """What a streaming writer writes to: the formatted line is handed back, not stored."""

    def write(self, value: str) -> str:
        return value


def lines(rows: Iterable[Iterable]) -> Iterator[str]:
    """Each row as one formatted CSV line, for a streaming response."""
    writer = Writer(_Line())
    for row in rows:
        yield writer.writerow(row)


def streamed(header: list[str], rows: Iterable[Iterable], filename: str) -> StreamingHttpResponse:
    """A CSV download of `header` then `rows`, written as the client reads it (flat memory
    whatever the number of rows)."""
    response = StreamingHttpResponse(lines(chain([header], rows)),
                                     content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
