"""Every CSV the project writes goes through `parvis.core.spreadsheets`, whose cells never
start a formula; each export's own test checks a hostile cell comes out as text."""

import re
from pathlib import Path

import parvis

SOURCES = Path(parvis.__file__).parent
# The `.pb` data format of Pabulib is read by voting-research tools, not by spreadsheets:
# its names are written exactly, so that the file round-trips.
OWN_FORMATS = {"core/spreadsheets.py", "budgets/pabulib.py"}


def test_no_export_writes_csv_without_the_shared_writer():
    direct = [
        str(path.relative_to(SOURCES)) for path in SOURCES.rglob("*.py")
        if re.search(r"\bcsv\.(writer|DictWriter)\(", path.read_text())
    ]
    assert sorted(set(direct) - OWN_FORMATS) == []
