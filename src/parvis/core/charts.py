"""Server-rendered SVG bar charts: no JavaScript, no library, a few hundred bytes each.

A chart is an image for assistive technologies (role="img", named by its <title> and
described by its <desc>); the page shows the same numbers in a table next to it.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

WIDTH = 400
LABEL_HEIGHT = 18
BAR_HEIGHT = 16
ROW_GAP = 10
ROW_HEIGHT = LABEL_HEIGHT + BAR_HEIGHT + ROW_GAP
VALUE_SPACE = 100  # room on the right of the longest bar for its value
LABEL_CHARACTERS = 50  # the table next to the chart gives the whole label


@dataclass(frozen=True)
class Bar:
    """One bar of a chart and one row of its table. `value` is what the bar's length shows:
    the count for a distribution, the points for a Borda score."""

    label: str
    count: int
    percent: float
    value: float


def percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def format_number(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace(".", ",")


def shorten(text: str, size: int = LABEL_CHARACTERS) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def bar_chart(chart_id: str, title: str, description: str, bars: Sequence[Bar],
              unit: str = "%") -> SafeString:
    """Horizontal bars, one per `Bar`, each as long as its share of the longest one.

    `unit` says what the bars measure: "%" shows the percentage after each bar, ""
    the raw value (a score, a count)."""
    longest = max((bar.value for bar in bars), default=0) or 1
    height = max(len(bars), 1) * ROW_HEIGHT
    rows = []
    for index, bar in enumerate(bars):
        top = index * ROW_HEIGHT
        length = round((WIDTH - VALUE_SPACE) * bar.value / longest, 1)
        shown = (f"{format_number(bar.percent)} % ({bar.count})" if unit == "%"
                 else format_number(bar.value))
        rows.append(
            f'<text x="0" y="{top + 13}" class="chart-label">{escape(shorten(bar.label))}</text>'
            f'<rect x="0" y="{top + LABEL_HEIGHT}" width="{length}" height="{BAR_HEIGHT}"'
            f' class="chart-bar"/>'
            f'<text x="{length + 6}" y="{top + LABEL_HEIGHT + 13}" class="chart-value">'
            f"{escape(shown)}</text>"
        )
    svg = (
        f'<svg class="chart" role="img" viewBox="0 0 {WIDTH} {height}" width="100%"'
        f' preserveAspectRatio="xMinYMin meet" aria-labelledby="{chart_id}-t {chart_id}-d"'
        f' xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{chart_id}-t">{escape(title)}</title>'
        f'<desc id="{chart_id}-d">{escape(description)}</desc>'
        f'{"".join(rows)}</svg>'
    )
    return mark_safe(svg)  # noqa: S308 - every piece of text above is escaped
