"""Selection of a panel by lot under quotas: fair, and verifiable by anyone (no Django import).

Input: the anonymised pool (pool id and {category: value} for each eligible volunteer), the
quotas ({category: {value: (minimum, maximum)}}), the number of people to draw and the seed
published before the draw; for a replacement draw, the profiles of the members who stay
(`fixed`), whose counts are taken off the quotas.

How a draw runs, step by step (each is reproducible):

1. Canonical input: the pool is sorted by pool id; categories and values keep their order.
2. Checks: a draw that cannot fill the quotas is refused with a French explanation naming the
   category or value at fault (`DrawImpossible.reasons`), found by counting where possible and
   otherwise from the relaxation the library suggests.
3. Portfolio: the Sortition Foundation's `sortition-algorithms` (maximin, HiGHS solver) finds
   a probability distribution over panels that meet the quotas, maximising the smallest
   selection probability of a volunteer. Its random choices are seeded from the seed, and
   volunteers' ids hash the same in every process (Python randomises string hashes, which
   changes the library's set order and so the distribution): with the same library versions
   (recorded in the result), the same input gives the same portfolio on any machine. For a
   single seat (the usual replacement), the maximin distribution is the uniform one over the
   volunteers who fit the quotas: it is computed directly, without the solver.
4. Lottery, done here with exact arithmetic so that it can be checked with a few lines of code
   from the published portfolio: the panels' probabilities are rounded to integer weights (in
   billionths) and the panels sorted; the number SHA-256("parvis-lottery:" + seed) modulo the
   total weight falls in one panel's share of the cumulated weights: that panel is selected.

A volunteer's selection probability is the weight of the panels that include them over the
total weight; the result reports it for every volunteer, with the minimum and maximum.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import random
import threading
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from importlib.metadata import version

from sortition_algorithms.committee_generation import (
    find_distribution_maximin,
    standardize_distribution,
)
from sortition_algorithms.errors import (
    InfeasibleQuotasCantRelaxError,
    InfeasibleQuotasError,
    SortitionBaseError,
)
from sortition_algorithms.features import FeatureValueMinMax, set_default_max_flex
from sortition_algorithms.people import People
from sortition_algorithms.utils import set_random_provider

from parvis.core.streams import native_output_discarded

ALGORITHM = "maximin"
WEIGHT_SCALE = 10**9
DOCUMENT_FORMAT = "parvis-draw/1"

Profile = Mapping[str, str]
PoolEntry = tuple[str, Profile]
Quotas = Mapping[str, Mapping[str, tuple[int, int]]]
# {category key: (category name, {value key: value label})}, for the explanations.
Labels = Mapping[str, tuple[str, Mapping[str, str]]]

# The library prints its progress on standard output: keep only its warnings.
for _name in ("sortition_algorithms", "sortition_algorithms_user"):
    logging.getLogger(_name).setLevel(logging.WARNING)

# The library keeps its random generator in a global: one draw at a time per process.
_library_lock = threading.Lock()


class DrawImpossible(ValueError):
    """The quotas cannot be met with this pool; `reasons` says why, in French."""

    def __init__(self, reasons: list[str]):
        self.reasons = reasons
        super().__init__(" ".join(reasons))


@dataclass(frozen=True)
class Selection:
    selected: list[str]
    probabilities: dict[str, float]
    # (weight, sorted pool ids) for every panel the lottery could pick, in lottery order.
    portfolio: list[tuple[int, list[str]]]
    ticket: int
    algorithm: str = ALGORITHM

    @property
    def min_probability(self) -> float:
        return min(self.probabilities.values())

    @property
    def max_probability(self) -> float:
        return max(self.probabilities.values())

    def as_dict(self) -> dict:
        """The result as published (JSON)."""
        return {
            "selected": self.selected,
            "probabilities": self.probabilities,
            "min_probability": self.min_probability,
            "max_probability": self.max_probability,
            "algorithm": self.algorithm,
            "library": library_versions(),
            "lottery": {
                "ticket": self.ticket,
                "total_weight": sum(weight for weight, _panel in self.portfolio),
                "portfolio": [
                    {"weight": weight, "panel": panel} for weight, panel in self.portfolio
                ],
            },
        }


def library_versions() -> dict[str, str]:
    return {name: version(name) for name in ("sortition-algorithms", "highspy")}


def draw(
    pool: Sequence[PoolEntry],
    quotas: Quotas,
    size: int,
    seed: str,
    *,
    fixed: Sequence[PoolEntry] = (),
    labels: Labels | None = None,
) -> Selection:
    """Draw `size` volunteers from `pool` so that, with the `fixed` members, the quotas hold."""
    if size < 1:
        raise ValueError("size must be at least 1")
    pool = sorted(pool, key=lambda entry: entry[0])
    ids = [pool_id for pool_id, _profile in [*pool, *fixed]]
    if len(set(ids)) != len(ids):
        raise ValueError("pool ids must be unique (pool and fixed members together)")
    explain = _Explainer(quotas, labels or {})
    explain.check(pool, fixed, size)
    remaining = _remaining_quotas(quotas, fixed)
    if size == 1:
        portfolio = explain.single_seat(pool, remaining)
    else:
        try:
            portfolio = _portfolio(_frozen(pool, remaining), _frozen_quotas(remaining), size,
                                   seed)
        except InfeasibleQuotasError as error:
            raise DrawImpossible(explain.relaxation(error.features)) from error
        except InfeasibleQuotasCantRelaxError as error:
            raise DrawImpossible(explain.relaxation(quotas)) from error
        except SortitionBaseError as error:
            raise DrawImpossible([f"Le tirage n'a pas pu aboutir : {error}"]) from error
    portfolio = [(weight, list(panel)) for weight, panel in portfolio]
    total = sum(weight for weight, _panel in portfolio)
    ticket = lottery_ticket(seed, total)
    selected = pick(portfolio, ticket)
    shares = Counter()
    for weight, panel in portfolio:
        for pool_id in panel:
            shares[pool_id] += weight
    return Selection(
        selected=selected,
        probabilities={
            pool_id: round(float(Fraction(shares[pool_id], total)), 6) for pool_id, _ in pool
        },
        portfolio=portfolio,
        ticket=ticket,
    )


def lottery_ticket(seed: str, total_weight: int) -> int:
    digest = hashlib.sha256(f"parvis-lottery:{seed}".encode()).digest()
    return int.from_bytes(digest, "big") % total_weight


def pick(portfolio: Sequence[tuple[int, list[str]]], ticket: int) -> list[str]:
    """The panel whose share of the cumulated weights holds `ticket`."""
    for weight, panel in portfolio:
        if ticket < weight:
            return list(panel)
        ticket -= weight
    raise ValueError("ticket beyond the total weight")


def _remaining_quotas(quotas: Quotas, fixed: Sequence[PoolEntry]) -> Quotas:
    counts = Counter((category, profile[category]) for _id, profile in fixed
                     for category in quotas)
    return {
        category: {
            value: (max(0, minimum - counts[category, value]), maximum - counts[category, value])
            for value, (minimum, maximum) in values.items()
        }
        for category, values in quotas.items()
    }


class _Explainer:
    """Finds, by counting, why quotas cannot be met, and says it in French."""

    def __init__(self, quotas: Quotas, labels: Labels):
        self.quotas = quotas
        self.labels = labels

    def category(self, category: str) -> str:
        return self.labels.get(category, (category, {}))[0]

    def value(self, category: str, value: str) -> str:
        name, values = self.labels.get(category, (category, {}))
        return f"{name} « {values.get(value, value)} »"

    def check(self, pool: Sequence[PoolEntry], fixed: Sequence[PoolEntry], size: int) -> None:
        reasons = self._profile_problems([*pool, *fixed])
        if reasons:
            raise DrawImpossible(reasons)
        if len(pool) < size:
            reasons.append(
                f"Seulement {_count(len(pool), 'volontaire éligible', 'volontaires éligibles')}"
                f" pour {_count(size, 'place', 'places')} à pourvoir."
            )
        total = size + len(fixed)
        in_pool = Counter((c, profile[c]) for _id, profile in pool for c in self.quotas)
        in_panel = Counter((c, profile[c]) for _id, profile in fixed for c in self.quotas)
        for category, values in self.quotas.items():
            problem = bounds_problem(self.category(category), values.values(), total)
            if problem:
                reasons.append(problem)
                continue
            missing = sum(max(0, minimum - in_panel[category, value])
                          for value, (minimum, _maximum) in values.items())
            if fixed and missing > size:
                reasons.append(
                    f"{self.category(category)} : il manque {missing} membres pour atteindre"
                    f" les minimums, pour {_count(size, 'place', 'places')} à pourvoir."
                )
                continue
            reachable, problems = 0, len(reasons)
            for value, (minimum, maximum) in values.items():
                members, available = in_panel[category, value], in_pool[category, value]
                already = (f" dont {_count(members, 'déjà membre', 'déjà membres')}"
                           if members else "")
                if members > maximum:
                    reasons.append(f"{self.value(category, value)} : maximum {maximum},"
                                   f" déjà {_count(members, 'membre', 'membres')}.")
                elif members + available < minimum:
                    volunteers = _count(available, "volontaire éligible", "volontaires éligibles")
                    reasons.append(
                        f"{self.value(category, value)} : minimum {minimum}{already},"
                        f" seulement {volunteers}{' de plus' if members else ''}."
                    )
                reachable += max(0, min(available, maximum - members))
            if reachable < size <= len(pool) and len(reasons) == problems:
                reasons.append(
                    f"{self.category(category)} : compte tenu des maximums, seulement"
                    f" {_count(reachable, 'volontaire peut', 'volontaires peuvent')} être"
                    f" tiré{'s' if reachable > 1 else ''} au sort pour {size} à tirer."
                )
        if reasons:
            raise DrawImpossible(reasons)

    def single_seat(self, pool: Sequence[PoolEntry], remaining: Quotas) -> list:
        """The portfolio for one seat: every volunteer who fits the quotas, with the same
        weight. It is the maximin distribution (one-person panels: the smallest probability
        is largest when all are equal), found without the solver."""

        def fits(profile: Profile) -> bool:
            for category, values in remaining.items():
                own = profile[category]
                if values[own][1] < 1:  # no seat left for this value
                    return False
                if any(low > 0 and value != own for value, (low, _high) in values.items()):
                    return False  # another value of the category still needs its member
            return True

        portfolio = [(1, (pool_id,)) for pool_id, profile in pool if fits(profile)]
        if not portfolio:
            needed = [self.value(c, v) for c, values in remaining.items()
                      for v, (low, _high) in values.items() if low > 0]
            raise DrawImpossible([
                "Aucun volontaire restant ne permet de respecter tous les quotas"
                + (f" : il faudrait une personne à la fois {', '.join(needed)}." if needed
                   else ".")
            ])
        return portfolio

    def _profile_problems(self, entries: Sequence[PoolEntry]) -> list[str]:
        reasons = []
        for category, values in self.quotas.items():
            unknown = [pool_id for pool_id, profile in entries
                       if profile.get(category) not in values]
            if unknown:
                examples = ", ".join(unknown[:5]) + ("…" if len(unknown) > 5 else "")
                volunteers = _count(len(unknown), "volontaire", "volontaires")
                reasons.append(
                    f"{self.category(category)} : {volunteers} sans valeur prévue par les"
                    f" quotas ({examples})."
                )
        return reasons

    def relaxation(self, relaxed) -> list[str]:
        """The library's suggestion, when quotas of several categories clash."""
        changes = []
        for category, values in self.quotas.items():
            for value, (minimum, maximum) in values.items():
                suggested = relaxed[category][value]
                if suggested.min < minimum:
                    changes.append(f"abaisser le minimum de {self.value(category, value)}"
                                   f" de {minimum} à {suggested.min}")
                if suggested.max > maximum:
                    changes.append(f"relever le maximum de {self.value(category, value)}"
                                   f" de {maximum} à {suggested.max}")
        return [
            "Les quotas des différentes catégories ne peuvent pas être respectés ensemble avec"
            " ces volontaires.",
            *(f"Il faudrait par exemple {change}." for change in changes),
        ]


def bounds_problem(name: str, bounds: Iterable[tuple[int, int]], size: int) -> str | None:
    """Why the (minimum, maximum) quotas of the category `name` cannot add up to `size`."""
    bounds = list(bounds)
    minimums = sum(minimum for minimum, _maximum in bounds)
    maximums = sum(maximum for _minimum, maximum in bounds)
    if minimums > size:
        return f"{name} : la somme des minimums ({minimums}) dépasse la taille du panel ({size})."
    if maximums < size:
        return (f"{name} : la somme des maximums ({maximums}) est inférieure à la taille du"
                f" panel ({size}).")
    return None


def _count(number: int, singular: str, plural: str) -> str:
    return f"{number} {singular if number <= 1 else plural}"


class _PoolId(str):
    """A pool id whose hash does not depend on the process (see step 3 above)."""

    __slots__ = ()

    def __hash__(self):
        return hash(int.from_bytes(self.encode(), "big"))


def _frozen(pool: Sequence[PoolEntry], quotas: Quotas) -> tuple:
    return tuple((pool_id, tuple(profile[c] for c in quotas)) for pool_id, profile in pool)


def _frozen_quotas(quotas: Quotas) -> tuple:
    return tuple((category, tuple(values.items())) for category, values in quotas.items())


@functools.lru_cache(maxsize=8)
def _portfolio(pool: tuple, quotas: tuple, size: int, seed: str) -> tuple:
    """The library's maximin portfolio: ((weight, panel), ...) in lottery order.

    Deterministic, hence kept in memory: re-running a draw already computed by this process
    (the demo data loaded again, a check) is immediate.
    """
    features = {
        category: {value: FeatureValueMinMax(min=low, max=high) for value, (low, high) in values}
        for category, values in quotas
    }
    set_default_max_flex(features)
    people = People(columns_to_keep=[])
    for row, (pool_id, values) in enumerate(pool):
        people.add(_PoolId(pool_id), dict(zip(features, values, strict=True)), features, row)
    digest = hashlib.sha256(f"parvis-portfolio:{seed}".encode()).digest()
    with _library_lock:
        state = random.getstate()
        set_random_provider(int.from_bytes(digest[:8], "big") or 1)
        try:
            with native_output_discarded():
                committees, probabilities, _report = find_distribution_maximin(
                    features, people, size, []
                )
        finally:
            set_random_provider(None)
            random.setstate(state)
    committees, probabilities = standardize_distribution(committees, probabilities)
    weighted = [
        (round(probability * WEIGHT_SCALE), tuple(sorted(str(pool_id) for pool_id in panel)))
        for panel, probability in zip(committees, probabilities, strict=True)
    ]
    return tuple(sorted(((weight, panel) for weight, panel in weighted if weight > 0),
                        key=lambda item: item[1]))


# The published draw: what the CLI takes and what anyone can re-run.


def document(
    *, seed: str, size: int, categories: Sequence[Mapping], pool: Sequence[PoolEntry],
    fixed: Sequence[PoolEntry] = (),
) -> dict:
    """The JSON document of a draw. `categories`: [{key, name, values: [{key, label,
    minimum, maximum}]}]."""
    return {
        "format": DOCUMENT_FORMAT,
        "seed": seed,
        "size": size,
        "algorithm": ALGORITHM,
        "categories": [
            {"key": c["key"], "name": c["name"], "values": [
                {"key": v["key"], "label": v["label"], "minimum": v["minimum"],
                 "maximum": v["maximum"]} for v in c["values"]
            ]}
            for c in categories
        ],
        "fixed": [{"pool_id": pool_id, "profile": dict(profile)} for pool_id, profile in fixed],
        "pool": [{"pool_id": pool_id, "profile": dict(profile)}
                 for pool_id, profile in sorted(pool, key=lambda entry: entry[0])],
    }


def _read(data: Mapping) -> dict:
    """The arguments of `draw` from a draw document; ValueError if it is malformed."""
    try:
        if data.get("format") != DOCUMENT_FORMAT:
            raise ValueError(f"format {data.get('format')!r} inconnu, {DOCUMENT_FORMAT!r} attendu")
        return {
            "quotas": {
                c["key"]: {v["key"]: (int(v["minimum"]), int(v["maximum"])) for v in c["values"]}
                for c in data["categories"]
            },
            "labels": {c["key"]: (c["name"], {v["key"]: v["label"] for v in c["values"]})
                       for c in data["categories"]},
            "pool": [(str(e["pool_id"]), dict(e["profile"])) for e in data["pool"]],
            "fixed": [(str(e["pool_id"]), dict(e["profile"])) for e in data.get("fixed", [])],
            "seed": str(data["seed"]),
            "size": int(data["size"]),
        }
    except (KeyError, TypeError, AttributeError) as error:
        raise ValueError(f"document de tirage invalide : {error!r}") from error


def check_document(data: Mapping) -> None:
    """The checks of a draw by counting (no solver): DrawImpossible with the reasons."""
    args = _read(data)
    _Explainer(args["quotas"], args["labels"]).check(args["pool"], args["fixed"], args["size"])


def draw_document(data: Mapping, seed: str | None = None, size: int | None = None) -> Selection:
    """Re-run a published draw (optionally with another seed or size)."""
    args = _read(data)
    return draw(
        args["pool"], args["quotas"], args["size"] if size is None else size,
        args["seed"] if seed is None else seed, fixed=args["fixed"], labels=args["labels"],
    )
