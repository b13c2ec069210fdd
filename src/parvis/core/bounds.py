"""The range of the dates and amounts the site accepts from people and clients, wherever
they come from (a form, a query string, the API, Open311): wide enough for any real use,
narrow enough that nothing computed from them (a 90-day window, the end of a day in UTC, a
sum of costs) overflows a date or a database integer."""

from datetime import UTC, date, datetime, time

EARLIEST_DAY = date(1900, 1, 1)
LATEST_DAY = date(2999, 12, 31)
EARLIEST_MOMENT = datetime.combine(EARLIEST_DAY, time.min, tzinfo=UTC)
LATEST_MOMENT = datetime.combine(LATEST_DAY, time.max, tzinfo=UTC)
MAX_AMOUNT = 2_000_000_000  # euros: far above any budget, within a 32-bit database integer


def day_in_range(day: date) -> bool:
    return EARLIEST_DAY <= day <= LATEST_DAY


def moment_in_range(moment: datetime) -> bool:
    """For an aware moment."""
    return EARLIEST_MOMENT <= moment <= LATEST_MOMENT
