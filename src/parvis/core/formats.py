"""Formats shared by the apps' messages, pages and documents."""

import math
from fractions import Fraction

from django.utils import formats


def euros(amount) -> str:
    """An amount (int, Decimal, float or Fraction) the French way, rounded to the euro (half
    up), never split across lines: « 12 000 € »."""
    if amount is None or amount == "":
        return ""
    whole = math.floor(Fraction(amount) + Fraction(1, 2))
    return f"{formats.number_format(whole, force_grouping=True)}\N{NO-BREAK SPACE}€"
