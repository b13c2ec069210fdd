"""What the tests of the CSV imports share (`parvis.core.csv_import`)."""

import html
import re

LINE = re.compile(r"Ligne (\d+) : ")


def assert_refused_lines(page: str, refusals: dict[int, str]) -> None:
    """`page` names each line of `refusals` with (the start of) its message, and no other."""
    text = html.unescape(page)
    for number, message in refusals.items():
        assert f"Ligne {number} : {message}" in text
    assert {int(number) for number in LINE.findall(text)} == set(refusals)
