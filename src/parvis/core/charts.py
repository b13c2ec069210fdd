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
MARK_SPACE = 80  # and for a winner's mark
LABEL_CHARACTERS = 50  # the table next to the chart gives the whole label


@dataclass(frozen=True)
class Bar:
    """One bar of a chart and one row of its table. `value` is what the bar's length shows:
    the count for a distribution, the points for a Borda score."""

    label: str
    count: int
    percent: float
    value: float
    # What singles the bar out (« lauréat », « en tête »): written after its value and its
    # bar drawn outlined, so that a winner is told by text and shape, not by colour alone.
    mark: str = ""


def percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def format_number(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace(".", ",")


def shorten(text: str, size: int = LABEL_CHARACTERS) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def bar_chart(chart_id: str, title: str, description: str, bars: Sequence[Bar],
              unit: str = "%", scale: float | None = None) -> SafeString:
    """Horizontal bars, one per `Bar`, each as long as its share of the longest one.

    `unit` says what the bars measure: "%" shows the percentage after each bar, ""
    the raw value (a score, a count). `scale` is the value of a full-width bar (100 for a
    share of the way to a target); by default the longest bar's."""
    longest = scale or max((bar.value for bar in bars), default=0) or 1
    space = VALUE_SPACE + (MARK_SPACE if any(bar.mark for bar in bars) else 0)
    height = max(len(bars), 1) * ROW_HEIGHT
    rows = []
    for index, bar in enumerate(bars):
        top = index * ROW_HEIGHT
        length = round((WIDTH - space) * bar.value / longest, 1)
        shown = (f"{format_number(bar.percent)} % ({bar.count})" if unit == "%"
                 else format_number(bar.value))
        label = f"★ {shorten(bar.label)}" if bar.mark else shorten(bar.label)
        shown = f"{shown} — {bar.mark}" if bar.mark else shown
        rows.append(
            f'<text x="0" y="{top + 13}" class="chart-label">{escape(label)}</text>'
            f'<rect x="0" y="{top + LABEL_HEIGHT}" width="{length}" height="{BAR_HEIGHT}"'
            f' class="chart-bar{" chart-bar-marked" if bar.mark else ""}"/>'
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


@dataclass(frozen=True)
class Point:
    """One value of a series over time; `x` is a day number (`date.toordinal()`)."""

    x: int
    value: float


LINE_HEIGHT = 200
LINE_MARGIN = 40  # room on the left for the axis' values, at the bottom for the years


def line_chart(chart_id: str, title: str, description: str, points: Sequence[Point],
               path: Sequence[Point] = (), x_labels: Sequence[tuple[int, str]] = ()) -> SafeString:
    """The measured `points` as a line with a dot per value, and the dashed `path` they are
    compared with (a target's straight path); `x_labels` are (x, label) marks under the
    chart (the years)."""
    every = list(points) + list(path)
    if not every:
        every = [Point(0, 0)]
    low_x, high_x = min(p.x for p in every), max(p.x for p in every)
    low = min(0.0, min(p.value for p in every))
    high = max(p.value for p in every)
    high = high if high > low else low + 1
    plot_width = WIDTH - LINE_MARGIN - 10
    plot_height = LINE_HEIGHT - LINE_MARGIN

    def x(value) -> float:
        return round(LINE_MARGIN + plot_width * (value - low_x) / ((high_x - low_x) or 1), 1)

    def y(value) -> float:
        return round(10 + plot_height * (high - value) / (high - low), 1)

    def polyline(series, css) -> str:
        coordinates = " ".join(f"{x(p.x)},{y(p.value)}" for p in series)
        return f'<polyline points="{coordinates}" class="{css}"/>' if len(series) > 1 else ""

    parts = [
        f'<line x1="{LINE_MARGIN}" y1="{y(low)}" x2="{WIDTH - 10}" y2="{y(low)}"'
        ' class="chart-axis"/>',
        f'<text x="{LINE_MARGIN - 4}" y="{y(high) + 4}" class="chart-value" text-anchor="end">'
        f"{escape(format_number(round(high, 2)))}</text>",
        f'<text x="{LINE_MARGIN - 4}" y="{y(low)}" class="chart-value" text-anchor="end">'
        f"{escape(format_number(round(low, 2)))}</text>",
        polyline(path, "chart-path"),
        polyline(points, "chart-line"),
        *(f'<circle cx="{x(p.x)}" cy="{y(p.value)}" r="3" class="chart-dot"/>' for p in points),
        *(f'<text x="{x(mark)}" y="{LINE_HEIGHT - 12}" class="chart-label"'
          f' text-anchor="middle">{escape(label)}</text>' for mark, label in x_labels),
    ]
    svg = (
        f'<svg class="chart" role="img" viewBox="0 0 {WIDTH} {LINE_HEIGHT}" width="100%"'
        f' preserveAspectRatio="xMinYMin meet" aria-labelledby="{chart_id}-t {chart_id}-d"'
        f' xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{chart_id}-t">{escape(title)}</title>'
        f'<desc id="{chart_id}-d">{escape(description)}</desc>'
        f'{"".join(parts)}</svg>'
    )
    return mark_safe(svg)  # noqa: S308 - every piece of text above is escaped
