"""Formats shared by the apps' messages, pages and documents."""

import math
import unicodedata
from datetime import datetime
from fractions import Fraction

from django.utils import formats, timezone
from django.utils.formats import get_format

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


# Format characters that name the month: with one, the day is said « 1er » on the first.
MONTH_NAMES = set("FMNE")
FIRST = r"1\e\r"  # « 1er », escaped as date format characters


def first_of_month(format_string: str) -> str:
    """`format_string` saying the first day of a month « 1er » when it names the month
    (« 1er mars 2027 »); a numeric date (« 01/03/2027 ») stays as it is."""
    characters, escaped = [], False
    for char in format_string:
        characters.append((char, escaped))
        escaped = char == "\\" and not escaped
    if not any(char in MONTH_NAMES and not escaped for char, escaped in characters):
        return format_string
    return "".join(FIRST if char == "j" and not escaped else char for char, escaped in characters)


def date_format(value, format_string: str = "DATE_FORMAT") -> str:
    """`django.utils.formats.date_format`, the French way: « 1er mars », « 2 mars »."""
    format_string = get_format(format_string)
    if getattr(value, "day", None) == 1:
        format_string = first_of_month(format_string)
    return formats.date_format(value, format_string)


def moment(at: datetime, now: datetime | None = None) -> str:
    """A moment as people say it, in the site's time zone: « 3 mars à 9 h », « 3 mars 2027 à
    9 h 30 » (the year when it is not the current one)."""
    local = timezone.localtime(at)
    day = "j F" if local.year == timezone.localtime(now or timezone.now()).year else "j F Y"
    hour = r"G \h" if local.minute == 0 else r"G \h i"
    return date_format(local, f"{day} à {hour}")
