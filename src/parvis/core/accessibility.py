"""The accessibility statement's figures."""

from decimal import Decimal, InvalidOperation

from django.conf import settings


def conformity_rate() -> Decimal | None:
    """The share of RGAA 4.1 criteria met by the site's pages, in percent, as the latest audit
    found it (setting `RGAA_CONFORMITY_RATE`); None before any audit."""
    try:
        rate = Decimal(str(settings.RGAA_CONFORMITY_RATE).replace(",", "."))
    except InvalidOperation:
        return None
    return rate if rate.is_finite() and 0 <= rate <= 100 else None
