"""Results of a consultation: pure aggregation of answer values, then the loader.

The functions take plain values (what Answer.value holds, see models.py) and return
bars and summaries; they never touch the database (results_queries.py reads the answers).

Ranking questions are scored with the Borda count: with n choices, the first place
earns n-1 points, the second n-2… the last 0; a choice a respondent did not rank earns
0 from them. A complete ranking therefore gives n(n-1)/2 points in all.
"""

import statistics
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from parvis.core.charts import Bar, format_number, percent

OTHER = "other"  # the key of the "autre, précisez" choice


@dataclass(frozen=True)
class Summary:
    """Average, median and extremes of numeric answers."""

    average: float
    median: float
    minimum: float
    maximum: float


def distribution(counts: Iterable[tuple[str, int]], whole: int) -> list[Bar]:
    """Bars from (label, count) pairs, each a percentage of `whole` (the respondents)."""
    return [Bar(label, count, percent(count, whole), count) for label, count in counts]


def choice_counts(values: Iterable, choices: Sequence[tuple[object, str]]) -> list[tuple[str, int]]:
    """How often each choice was picked; `values` holds one picked key or a list of keys
    per respondent. Keys not among `choices` are ignored."""
    counter = Counter()
    for value in values:
        counter.update(value if isinstance(value, list) else [value])
    return [(label, counter[key]) for key, label in choices]


def borda_scores(rankings: Iterable[Sequence], keys: Sequence) -> dict:
    """Borda points per key (see the module's docstring); unknown keys are ignored."""
    points = len(keys) - 1
    scores = dict.fromkeys(keys, 0)
    for ranking in rankings:
        known = [key for key in dict.fromkeys(ranking) if key in scores]
        for place, key in enumerate(known):
            scores[key] += points - place
    return scores


def borda_bars(scores: dict, labels: dict) -> list[Bar]:
    """Bars ordered by score (best first); the percentage is the share of all points."""
    total = sum(scores.values())
    ordered = sorted(scores.items(), key=lambda item: -item[1])
    best = ordered[0][1] if ordered else 0
    return [Bar(labels[key], points, percent(points, total), points,
                mark=_("en tête") if points and points == best else "")
            for key, points in ordered]


def summarise(numbers: Sequence[float]) -> Summary | None:
    if not numbers:
        return None
    return Summary(
        average=round(statistics.fmean(numbers), 2),
        median=statistics.median(numbers),
        minimum=min(numbers),
        maximum=max(numbers),
    )


def value_counts(values: Iterable, ordered_keys: Sequence | None = None) -> list[tuple[str, int]]:
    """Count of each distinct value, in `ordered_keys` order (every key shown, even at 0)
    or else sorted."""
    counter = Counter(values)
    keys = ordered_keys if ordered_keys is not None else sorted(counter)
    return [(format_number(key), counter[key]) for key in keys]


def number_bins(numbers: Sequence[float], most: int = 10) -> list[tuple[str, int]]:
    """Each distinct value when there are at most `most`, else `most` equal-width ranges."""
    distinct = sorted(set(numbers))
    if len(distinct) <= most:
        return value_counts(numbers, distinct)
    low, high = distinct[0], distinct[-1]
    width = (high - low) / most
    counter = Counter(min(int((number - low) / width), most - 1) for number in numbers)
    return [
        (f"{format_number(round(low + index * width, 2))} – "
         f"{format_number(round(low + (index + 1) * width, 2))}", counter[index])
        for index in range(most)
    ]


def month_counts(dates: Iterable[str]) -> list[tuple[str, int]]:
    """Answers per month ("2026-07"), in calendar order; `dates` are ISO dates."""
    return sorted(Counter(date[:7] for date in dates if len(date) >= 7).items())


def place_counts(points: Iterable[tuple[float, float]],
                 locate: Callable[[float, float], str | None],
                 outside: str) -> list[tuple[str, int]]:
    """Points per place name (most first), `outside` for those `locate` finds nowhere."""
    counter = Counter(locate(latitude, longitude) or outside for latitude, longitude in points)
    return counter.most_common()


@dataclass(frozen=True)
class MatrixRow:
    label: str
    answered: int
    bars: list[Bar]
    summary: Summary | None


@dataclass(frozen=True)
class Tally:
    """A question's results: how many answered it, its bars (`unit` "%" for a
    distribution, "" for scores), numeric summary and, for a matrix, one row per line."""

    answered: int
    bars: list[Bar] = field(default_factory=list)
    unit: str = "%"
    summary: Summary | None = None
    rows: list[MatrixRow] = field(default_factory=list)


@dataclass(frozen=True)
class QuestionShape:
    """What tallying a question needs to know of it."""

    type: str
    choices: Sequence[tuple[object, str]] = ()
    settings: dict = field(default_factory=dict)
    has_other: bool = False

    def choice_list(self) -> list[tuple[object, str]]:
        return [*self.choices, (OTHER, _("Autre"))] if self.has_other else list(self.choices)

    def scale(self) -> list[int]:
        return list(range(self.settings["min"], self.settings["max"] + 1))

    def scale_label(self, point: int) -> str:
        ends = {self.settings["min"]: self.settings.get("min_label"),
                self.settings["max"]: self.settings.get("max_label")}
        return f"{point} ({ends[point]})" if ends.get(point) else str(point)


def is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def picked(value: dict) -> list:
    """The keys a single or multiple choice answer picked ("other" for a free answer)."""
    keys = value.get("choices", []) if "choices" in value else [value.get("choice")]
    return [key for key in keys if key is not None] + ([OTHER] if value.get("other") else [])


def tally_choices(shape: QuestionShape, values: list) -> Tally:
    picks = [picked(value) for value in values if isinstance(value, dict)]
    return Tally(len(picks), distribution(choice_counts(picks, shape.choice_list()), len(picks)))


def tally_ranking(shape: QuestionShape, values: list) -> Tally:
    rankings = [value for value in values if isinstance(value, list)]
    scores = borda_scores(rankings, [key for key, _label in shape.choices])
    return Tally(len(rankings), borda_bars(scores, dict(shape.choices)), unit="")


def scale_tally(shape: QuestionShape, numbers: list) -> tuple[list[Bar], Summary | None]:
    counts = Counter(numbers)
    pairs = [(shape.scale_label(point), counts[point]) for point in shape.scale()]
    return distribution(pairs, len(numbers)), summarise(numbers)


def tally_scale(shape: QuestionShape, values: list) -> Tally:
    numbers = [value for value in values if is_number(value)]
    bars, summary = scale_tally(shape, numbers)
    return Tally(len(numbers), bars, summary=summary)


def tally_matrix(shape: QuestionShape, values: list) -> Tally:
    lines = [value for value in values if isinstance(value, list)]
    rows = []
    for index, label in enumerate(shape.settings.get("rows", [])):
        numbers = [line[index] for line in lines if len(line) > index and is_number(line[index])]
        bars, summary = scale_tally(shape, numbers)
        rows.append(MatrixRow(label, len(numbers), bars, summary))
    return Tally(len(lines), rows=rows)


def tally_yes_no(shape: QuestionShape, values: list) -> Tally:
    answers = [value for value in values if isinstance(value, bool)]
    pairs = [(_("Oui"), answers.count(True)), (_("Non"), answers.count(False))]
    return Tally(len(answers), distribution(pairs, len(answers)))


def tally_number(shape: QuestionShape, values: list) -> Tally:
    numbers = [value for value in values if is_number(value)]
    return Tally(len(numbers), distribution(number_bins(numbers), len(numbers)),
                 summary=summarise(numbers))


def tally_date(shape: QuestionShape, values: list) -> Tally:
    dates = [value for value in values if isinstance(value, str)]
    return Tally(len(dates), distribution(month_counts(dates), len(dates)))


def tally_text(shape: QuestionShape, values: list) -> Tally:
    return Tally(len(values))


TALLIES = {
    "single": tally_choices,
    "multiple": tally_choices,
    "ranking": tally_ranking,
    "scale": tally_scale,
    "matrix": tally_matrix,
    "yes_no": tally_yes_no,
    "number": tally_number,
    "date": tally_date,
    "short_text": tally_text,
    "long_text": tally_text,
}


def tally(shape: QuestionShape, values: list,
          locate: Callable[[float, float], str | None] | None = None) -> Tally:
    """The results of one question from its answers' values. Map points need `locate`,
    which names the place (a commune) where a point lies."""
    if shape.type == "map_point":
        points = [(value["lat"], value["lon"]) for value in values
                  if isinstance(value, dict) and is_number(value.get("lat"))
                  and is_number(value.get("lon"))]
        counts = place_counts(points, locate, _("Hors du territoire"))
        return Tally(len(points), distribution(counts, len(points)))
    return TALLIES[shape.type](shape, values)
