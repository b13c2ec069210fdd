"""Aggregating a jury's scores: weighted means, spread, outliers and ranking.

A pure module (no Django): the jury services feed it plain values, so the rules below are
easy to test and anyone can re-check a ranking from the scores.

- Each criterion of an application gets the mean of its jurors' scores, their standard
  deviation (population) and their range (lowest–highest). Jurors who declared a conflict of
  interest are not given to this module: they do not count.
- An application's weighted mean is the mean of its criterion means weighted by the criteria's
  weights, on the scale of the scores (0 to the maximum score). It exists only once every
  criterion has at least one score: a partly scored application is not ranked.
- Outlier rule: a score is an outlier when it lies more than 40 % of the scale (2 points on a
  0–5 scale) away from the median of all the scores given on that criterion to that
  application, and at least three jurors scored it (with two, neither stands out).
- Ranking: by weighted mean, highest first, in exact arithmetic. Applications with the same
  weighted mean share a rank ("ex aequo", the next rank is skipped: 1, 2, 2, 4) and name each
  other; the jury settles a tie if it has to.
"""

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from itertools import groupby
from statistics import median

OUTLIER_SHARE = Fraction(2, 5)  # of the scale
OUTLIER_MIN_SCORES = 3


@dataclass(frozen=True)
class Criterion:
    key: Hashable
    weight: int


@dataclass(frozen=True)
class Mark:
    """One juror's score on one criterion."""

    juror: Hashable
    criterion: Hashable
    value: int


@dataclass(frozen=True)
class CriterionSummary:
    criterion: Hashable
    weight: int
    count: int = 0
    mean: Fraction | None = None
    deviation: float | None = None
    low: int | None = None
    high: int | None = None
    outliers: tuple[Mark, ...] = ()


@dataclass(frozen=True)
class ApplicationResult:
    application: Hashable
    criteria: tuple[CriterionSummary, ...]
    jurors: int
    weighted_mean: Fraction | None
    rank: int | None = None
    tied_with: tuple[Hashable, ...] = ()

    @property
    def outliers(self) -> tuple[Mark, ...]:
        return tuple(mark for summary in self.criteria for mark in summary.outliers)


def is_outlier(value: int, values: Sequence[int], score_max: int) -> bool:
    """`value` is one of `values` (all the scores on a criterion of an application)."""
    if len(values) < OUTLIER_MIN_SCORES:
        return False
    return abs(value - Fraction(median(values))) > OUTLIER_SHARE * score_max


def summarise(criterion: Criterion, marks: Sequence[Mark], score_max: int) -> CriterionSummary:
    if not marks:
        return CriterionSummary(criterion.key, criterion.weight)
    values = [mark.value for mark in marks]
    mean = Fraction(sum(values), len(values))
    variance = sum((value - mean) ** 2 for value in values) / len(values)
    return CriterionSummary(
        criterion.key, criterion.weight, count=len(values), mean=mean,
        deviation=math.sqrt(variance), low=min(values), high=max(values),
        outliers=tuple(sorted(
            (mark for mark in marks if is_outlier(mark.value, values, score_max)),
            key=lambda mark: (str(mark.juror), mark.value),
        )),
    )


def evaluate(application: Hashable, criteria: Sequence[Criterion], marks: Iterable[Mark],
             score_max: int) -> ApplicationResult:
    """The unranked result of one application from its marks."""
    by_criterion = {criterion.key: [] for criterion in criteria}
    for mark in marks:
        if mark.criterion in by_criterion:
            by_criterion[mark.criterion].append(mark)
    summaries = tuple(summarise(c, by_criterion[c.key], score_max) for c in criteria)
    complete = bool(summaries) and all(summary.count for summary in summaries)
    weighted_mean = (
        sum(s.mean * s.weight for s in summaries) / sum(s.weight for s in summaries)
        if complete else None
    )
    jurors = {mark.juror for group in by_criterion.values() for mark in group}
    return ApplicationResult(application, summaries, len(jurors), weighted_mean)


def rank(results: Iterable[ApplicationResult]) -> list[ApplicationResult]:
    """Ranked results first (ties share a rank), then the unranked ones, in the given order."""
    results = list(results)
    ranked = sorted((r for r in results if r.weighted_mean is not None),
                    key=lambda r: r.weighted_mean, reverse=True)
    out, position = [], 1
    for _mean, group in groupby(ranked, key=lambda r: r.weighted_mean):
        group = list(group)
        out += [replace(r, rank=position, tied_with=tuple(
            other.application for other in group if other is not r)) for r in group]
        position += len(group)
    return out + [r for r in results if r.weighted_mean is None]


def aggregate(criteria: Sequence[Criterion], marks: Mapping[Hashable, Iterable[Mark]],
              score_max: int) -> list[ApplicationResult]:
    """Evaluate and rank every application (`marks` maps each application to its marks)."""
    return rank(evaluate(application, criteria, application_marks, score_max)
                for application, application_marks in marks.items())
