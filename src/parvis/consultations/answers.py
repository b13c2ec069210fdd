"""Reading answers from submitted form data, and writing them back as form data.

`parse(spec, data)` turns the raw values of one question (a QueryDict-like mapping with
`get` and `getlist`) into the stored JSON value, or an error message; `to_data(spec, value)`
is its inverse, used to fill the form with saved answers. Field names: ``q<pk>`` and, for
some types, ``q<pk>_other``, ``q<pk>_<choice pk>`` (ranking), ``q<pk>_r<row>`` (matrix),
``q<pk>_lat``/``q<pk>_lon`` (map point). The value formats are described in models.py.
"""

import math
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

OTHER = "other"
TEXT_LIMITS = {"short_text": 300, "long_text": 5000}
OTHER_LIMIT = 300


@dataclass(frozen=True)
class QuestionSpec:
    """What parsing needs to know about a question."""

    pk: int
    type: str
    settings: dict = field(default_factory=dict)
    choices: dict[int, str] = field(default_factory=dict)  # pk -> label, in order
    has_other: bool = False

    @property
    def name(self) -> str:
        return f"q{self.pk}"

    def scale(self) -> range:
        return range(self.settings["min"], self.settings["max"] + 1)

    def rows(self) -> list[str]:
        return list(self.settings.get("rows", []))


@dataclass(frozen=True)
class Parsed:
    value: object = None
    error: str = ""


def _text(data, name: str) -> str:
    value = data.get(name)
    return value.strip() if isinstance(value, str) else ""


def _int(raw: str) -> int | None:
    try:
        return int(raw.strip())
    except (AttributeError, ValueError):
        return None


def _float(raw: str) -> float | None:
    try:
        number = float(raw.strip().replace(",", "."))
    except (AttributeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _other_text(spec, data) -> Parsed:
    text = _text(data, f"{spec.name}_other")
    if not text:
        return Parsed(error=_("Précisez votre réponse « autre »."))
    if len(text) > OTHER_LIMIT:
        return Parsed(error=_("Votre précision dépasse %d caractères.") % OTHER_LIMIT)
    return Parsed(text)


def _choice_ids(spec, raw_values) -> list[int] | None:
    ids = [_int(raw) for raw in raw_values]
    if any(pk not in spec.choices for pk in ids):
        return None
    return ids


def parse_single(spec, data) -> Parsed:
    raw = _text(data, spec.name)
    if not raw:
        return Parsed()
    if raw == OTHER and spec.has_other:
        other = _other_text(spec, data)
        return Parsed({"other": other.value}) if not other.error else other
    ids = _choice_ids(spec, [raw])
    if ids is None:
        return Parsed(error=_("Choisissez une des réponses proposées."))
    return Parsed({"choice": ids[0]})


def parse_multiple(spec, data) -> Parsed:
    raw_values = [raw for raw in data.getlist(spec.name) if isinstance(raw, str)]
    wants_other = spec.has_other and OTHER in raw_values
    ids = _choice_ids(spec, [raw for raw in raw_values if raw != OTHER or not spec.has_other])
    if ids is None:
        return Parsed(error=_("Choisissez parmi les réponses proposées."))
    ids = [pk for pk in spec.choices if pk in ids]  # deduplicated, in the choices' order
    value = {"choices": ids}
    if wants_other:
        other = _other_text(spec, data)
        if other.error:
            return other
        value["other"] = other.value
    count = len(ids) + wants_other
    if not count:
        return Parsed()
    low, high = spec.settings.get("min_choices"), spec.settings.get("max_choices")
    if low is not None and count < low:
        return Parsed(error=_("Choisissez au moins %d réponses.") % low)
    if high is not None and count > high:
        return Parsed(error=_("Choisissez au plus %d réponses.") % high)
    return Parsed(value)


def parse_ranking(spec, data) -> Parsed:
    ranks = {}
    for pk in spec.choices:
        raw = _text(data, f"{spec.name}_{pk}")
        if not raw:
            continue
        rank = _int(raw)
        if rank is None or not 1 <= rank <= len(spec.choices):
            return Parsed(error=_("Chaque rang va de 1 à %d.") % len(spec.choices))
        ranks[pk] = rank
    if len(set(ranks.values())) != len(ranks):
        return Parsed(error=_("Donnez un rang différent à chaque réponse classée."))
    if not ranks:
        return Parsed()
    return Parsed(sorted(ranks, key=ranks.get))


def _scale_value(spec, raw: str) -> Parsed:
    value = _int(raw)
    if value is None or value not in spec.scale():
        low, high = spec.settings["min"], spec.settings["max"]
        return Parsed(error=_("Choisissez une valeur de %(min)d à %(max)d.") % {
            "min": low, "max": high})
    return Parsed(value)


def parse_scale(spec, data) -> Parsed:
    raw = _text(data, spec.name)
    return _scale_value(spec, raw) if raw else Parsed()


def parse_yes_no(spec, data) -> Parsed:
    raw = _text(data, spec.name)
    if not raw:
        return Parsed()
    if raw not in ("yes", "no"):
        return Parsed(error=_("Répondez par oui ou par non."))
    return Parsed(raw == "yes")


def parse_text(spec, data) -> Parsed:
    text = _text(data, spec.name)
    limit = TEXT_LIMITS[spec.type]
    if len(text) > limit:
        return Parsed(error=_("Votre réponse dépasse %d caractères.") % limit)
    return Parsed(text or None)


def parse_number(spec, data) -> Parsed:
    raw = _text(data, spec.name)
    if not raw:
        return Parsed()
    number = _float(raw)
    if number is None:
        return Parsed(error=_("Saisissez un nombre, par exemple 12 ou 3,5."))
    low, high = spec.settings.get("min"), spec.settings.get("max")
    if low is not None and number < low:
        return Parsed(error=_("Saisissez un nombre supérieur ou égal à %s.") % low)
    if high is not None and number > high:
        return Parsed(error=_("Saisissez un nombre inférieur ou égal à %s.") % high)
    return Parsed(int(number) if number.is_integer() and abs(number) < 2**53 else number)


def parse_date(spec, data) -> Parsed:
    raw = _text(data, spec.name)
    if not raw:
        return Parsed()
    try:
        if len(raw) == 10:
            return Parsed(date.fromisoformat(raw).isoformat())
    except ValueError:
        pass
    return Parsed(error=_("Saisissez une date valide, par exemple 2026-06-21."))


def parse_matrix(spec, data) -> Parsed:
    values = []
    for index in range(len(spec.rows())):
        raw = _text(data, f"{spec.name}_r{index}")
        parsed = _scale_value(spec, raw) if raw else Parsed()
        if parsed.error:
            return parsed
        values.append(parsed.value)
    if all(value is None for value in values):
        return Parsed()
    return Parsed(values)


def parse_map_point(spec, data) -> Parsed:
    raw_lat, raw_lon = _text(data, f"{spec.name}_lat"), _text(data, f"{spec.name}_lon")
    if not raw_lat and not raw_lon:
        return Parsed()
    lat, lon = _float(raw_lat), _float(raw_lon)
    if lat is None or lon is None or not -90 <= lat <= 90 or not -180 <= lon <= 180:
        return Parsed(error=_(
            "Indiquez une latitude (de -90 à 90) et une longitude (de -180 à 180),"
            " par exemple 44,84 et -0,57."))
    return Parsed({"lat": lat, "lon": lon})


PARSERS = {
    "single": parse_single,
    "multiple": parse_multiple,
    "ranking": parse_ranking,
    "scale": parse_scale,
    "yes_no": parse_yes_no,
    "short_text": parse_text,
    "long_text": parse_text,
    "number": parse_number,
    "date": parse_date,
    "matrix": parse_matrix,
    "map_point": parse_map_point,
}


def parse(spec: QuestionSpec, data) -> Parsed:
    """The value of one question from form data (None: not answered), or an error."""
    return PARSERS[spec.type](spec, data)


def is_incomplete(spec: QuestionSpec, value) -> bool:
    """A required matrix needs every row; other types only need a value."""
    if value is None:
        return True
    return spec.type == "matrix" and any(row is None for row in value)


def to_data(spec: QuestionSpec, value) -> dict[str, list[str]]:
    """Form data (name -> list of raw values) that parses back to `value`."""
    name = spec.name
    if value is None:
        return {}
    match spec.type:
        case "single":
            if "other" in value:
                return {name: [OTHER], f"{name}_other": [value["other"]]}
            return {name: [str(value["choice"])]}
        case "multiple":
            data = {name: [str(pk) for pk in value["choices"]]}
            if "other" in value:
                data[name].append(OTHER)
                data[f"{name}_other"] = [value["other"]]
            return data
        case "ranking":
            return {f"{name}_{pk}": [str(rank)] for rank, pk in enumerate(value, start=1)}
        case "yes_no":
            return {name: ["yes" if value else "no"]}
        case "matrix":
            return {f"{name}_r{i}": [str(row)] for i, row in enumerate(value) if row is not None}
        case "map_point":
            return {f"{name}_lat": [repr(value["lat"])], f"{name}_lon": [repr(value["lon"])]}
        case _:
            return {name: [str(value)]}


def tokens(spec: QuestionSpec, value) -> set[str]:
    """The words a display condition compares with (choice labels, « Oui »/« Non »...)."""
    if value is None:
        return set()
    match spec.type:
        case "single":
            return {_("Autre")} if "other" in value else {spec.choices[value["choice"]]}
        case "multiple":
            words = {spec.choices[pk] for pk in value["choices"]}
            return words | ({_("Autre")} if "other" in value else set())
        case "ranking":
            return {spec.choices[value[0]]}
        case "yes_no":
            return {_("Oui") if value else _("Non")}
        case "matrix" | "map_point":
            return set()
        case _:
            return {str(value)}


def display(spec: QuestionSpec, value) -> str:
    """A saved answer as the person reads it back (« Vélo, Tram », « 4 sur 5 », « Oui »)."""
    match spec.type:
        case "single":
            return (_("Autre : %s") % value["other"] if "other" in value
                    else spec.choices.get(value["choice"], ""))
        case "multiple":
            labels = [spec.choices.get(pk, "") for pk in value["choices"]]
            return ", ".join(labels + ([_("Autre : %s") % value["other"]]
                                       if "other" in value else []))
        case "ranking":
            return ", ".join(f"{rank}. {spec.choices.get(pk, '')}"
                             for rank, pk in enumerate(value, start=1))
        case "yes_no":
            return _("Oui") if value else _("Non")
        case "scale":
            return _("%(value)s sur %(max)s") % {"value": value, "max": spec.scale()[-1]}
        case "matrix":
            return " ; ".join(f"{row} : {answer}" for row, answer in zip(spec.rows(), value,
                                                                         strict=False)
                              if answer is not None)
        case "map_point":
            return f"{value['lat']:.5f}, {value['lon']:.5f}"
        case _:
            return str(value)
