"""Formats shared by the apps' messages, pages and documents."""

from django.utils import formats


def euros(amount: int) -> str:
    """An amount the French way, never split across lines: « 12 000 € »."""
    return f"{formats.number_format(amount, force_grouping=True)}\N{NO-BREAK SPACE}€"
