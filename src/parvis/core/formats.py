"""Formats shared by the apps' messages, pages and documents."""

import math
import unicodedata
from datetime import datetime
from fractions import Fraction

from django.utils import dateformat, formats, timezone

SUBJECT_LENGTH = 200


def single_line(text: str) -> str:
    """A text on one line: control characters (line breaks, tabs) become spaces, and every
    run of whitespace (Unicode line and paragraph separators included) one space."""
    return " ".join(
        "".join(" " if unicodedata.category(char) == "Cc" else char for char in text).split()
    )


def email_subject(text, limit: int = SUBJECT_LENGTH) -> str:
    """An e-mail subject that cannot be refused as a header: one line, at most `limit`
    characters (cut with « … »), whatever titles it quotes."""
    line = single_line(str(text))
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def euros(amount) -> str:
    """An amount (int, Decimal, float or Fraction) the French way, rounded to the euro (half
    up), never split across lines: « 12 000 € »."""
    if amount is None or amount == "":
        return ""
    whole = math.floor(Fraction(amount) + Fraction(1, 2))
    return f"{formats.number_format(whole, force_grouping=True)}\N{NO-BREAK SPACE}€"


def moment(at: datetime, now: datetime | None = None) -> str:
    """A moment as people say it, in the site's time zone: « 3 mars à 9 h », « 3 mars 2027 à
    9 h 30 » (the year when it is not the current one)."""
    local = timezone.localtime(at)
    day = "j F" if local.year == timezone.localtime(now or timezone.now()).year else "j F Y"
    hour = r"G \h" if local.minute == 0 else r"G \h i"
    return dateformat.format(local, f"{day} à {hour}")
