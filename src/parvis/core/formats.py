"""Formats shared by the apps' messages, pages and documents."""

import math
from datetime import datetime
from fractions import Fraction

from django.utils import dateformat, formats, timezone


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
