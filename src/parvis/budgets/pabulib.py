"""Read and write participatory-budgeting elections in the pabulib `.pb` format.

A `.pb` file has three sections, in this order, each introduced by a line holding only its
name and followed by a header row: ``META`` (``key;value`` rows), ``PROJECTS`` (one row per
project, with at least ``project_id`` and ``cost``) and ``VOTES`` (one row per voter, with at
least ``voter_id`` and ``vote``). Rows are `;`-separated CSV: a field holding `;`, `"` or a
line break is quoted. A ballot lists project ids separated by commas in its ``vote`` column
(in order of preference for ordinal ballots); cumulative and scoring ballots give, in the
``points`` column, the points of each listed project in the same order.

Conventions of this reader:

- cells are stripped of surrounding whitespace; empty project or voter cells in optional
  columns are treated as absent (they are not kept in ``extra``);
- numbers (``budget``, ``cost``, ``points``) accept a decimal point or a decimal comma and
  become ``int`` when integral, ``Fraction`` otherwise, so that arithmetic on them is exact;
- ``selected`` is ``1`` or ``0`` (empty means unknown).

``write`` is the inverse of ``parse``: ``parse(write(election)) == election``; it writes the
fields the format names in the order it gives them, as its validator requires.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

Number = int | Fraction

VOTE_TYPES = ("approval", "choose-1", "cumulative", "ordinal", "scoring")
SECTIONS = ("meta", "projects", "votes")
PROJECT_COLUMNS = ("project_id", "cost", "name", "selected")
VOTE_COLUMNS = ("voter_id", "vote", "points")

_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")


class PabulibError(ValueError):
    """Malformed pabulib content; `line` is the 1-based line number (0 when not tied to one)."""

    def __init__(self, message: str, line: int = 0) -> None:
        super().__init__(f"line {line}: {message}" if line else message)
        self.message = message
        self.line = line


@dataclass(frozen=True, slots=True)
class Project:
    id: str
    cost: Number
    name: str = ""
    selected: bool | None = None
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Ballot:
    voter_id: str
    projects: tuple[str, ...]
    points: tuple[Number, ...] | None = None
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class Election:
    meta: dict[str, str]
    projects: dict[str, Project]
    ballots: list[Ballot]

    @property
    def budget(self) -> Number:
        return parse_number(self.meta["budget"])

    @property
    def vote_type(self) -> str:
        return self.meta["vote_type"]


def parse_number(text: str) -> Number:
    """Parse a pabulib number ("12", "12.5" or "12,5") exactly; raise ValueError otherwise."""
    text = text.strip()
    if text.isascii() and text.isdigit():
        return int(text)
    if not _NUMBER.fullmatch(text):
        raise ValueError(f"not a number: {text!r}")
    value = Fraction(text.replace(",", "."))
    return value.numerator if value.denominator == 1 else value


def format_number(value: Number) -> str:
    """Write a number as pabulib does: an integer or an exact decimal; ValueError otherwise."""
    value = Fraction(value)
    if value.denominator == 1:
        return str(value.numerator)
    rest, twos = value.denominator, 0
    while rest % 2 == 0:
        rest, twos = rest // 2, twos + 1
    fives = 0
    while rest % 5 == 0:
        rest, fives = rest // 5, fives + 1
    if rest != 1:
        raise ValueError(f"{value} has no finite decimal expansion")
    digits = max(twos, fives)
    whole, decimals = divmod(abs(value.numerator) * 10**digits // value.denominator, 10**digits)
    return f"{'-' if value < 0 else ''}{whole}.{decimals:0{digits}d}"


def load(path: str | Path) -> Election:
    """Parse a `.pb` file (UTF-8, with or without a byte-order mark)."""
    return parse(Path(path).read_text(encoding="utf-8-sig"))


def parse(text: str) -> Election:
    """Parse the content of a `.pb` file; raise PabulibError on malformed content."""
    sections = _split_sections(text.removeprefix("\ufeff"))
    meta = _parse_meta(_required(sections, "meta"))
    projects = _parse_projects(_required(sections, "projects"))
    ballots = _parse_votes(_required(sections, "votes"), projects)
    return Election(meta=meta, projects=projects, ballots=ballots)


@dataclass
class _Section:
    header: list[str]
    header_line: int
    rows: list[tuple[int, list[str]]]


def _split_sections(text: str) -> dict[str, _Section]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";")
    sections: dict[str, _Section] = {}
    current: _Section | None = None
    expecting_header = False
    for row in reader:
        line = reader.line_num
        cells = [cell.strip() for cell in row]
        if not any(cells):
            continue
        name = cells[0].lower()
        if name in SECTIONS and not any(cells[1:]):
            expected = SECTIONS[len(sections)] if len(sections) < len(SECTIONS) else None
            if name != expected:
                raise PabulibError(
                    f"section {cells[0]} found where {expected or 'nothing'} was expected"
                    " (sections are META, PROJECTS, VOTES, once each, in this order)",
                    line,
                )
            current = sections[name] = _Section(header=[], header_line=0, rows=[])
            expecting_header = True
        elif current is None:
            raise PabulibError("content before the META section", line)
        elif expecting_header:
            if len(set(cells)) != len(cells) or "" in cells:
                raise PabulibError("header has an empty or repeated column name", line)
            current.header, current.header_line = cells, line
            expecting_header = False
        else:
            current.rows.append((line, cells))
    if expecting_header:
        raise PabulibError("the last section has no header row", reader.line_num)
    return sections


def _required(sections: dict[str, _Section], name: str) -> _Section:
    if name not in sections:
        raise PabulibError(f"missing section {name.upper()}")
    return sections[name]


def _require_columns(section: _Section, name: str, required: tuple[str, ...]) -> None:
    absent = [column for column in required if column not in section.header]
    if absent:
        raise PabulibError(
            f"{name} header lacks column(s): {', '.join(absent)}", section.header_line
        )


def _row_dict(section: _Section, line: int, cells: list[str]) -> dict[str, str]:
    if len(cells) != len(section.header):
        raise PabulibError(f"expected {len(section.header)} fields, found {len(cells)}", line)
    return dict(zip(section.header, cells, strict=True))


def _number(value: str, what: str, line: int, *, negative: bool = False) -> Number:
    try:
        number = parse_number(value)
    except ValueError:
        raise PabulibError(f"{what} is not a number: {value!r}", line) from None
    if number < 0 and not negative:
        raise PabulibError(f"{what} is negative: {value!r}", line)
    return number


def _parse_meta(section: _Section) -> dict[str, str]:
    if section.header != ["key", "value"]:
        raise PabulibError("META header must be key;value", section.header_line)
    meta: dict[str, str] = {}
    lines: dict[str, int] = {}
    for line, cells in section.rows:
        if len(cells) != 2:
            raise PabulibError("META rows must be key;value", line)
        key, value = cells
        if key in meta:
            raise PabulibError(f"META key {key!r} is repeated", line)
        meta[key], lines[key] = value, line
    end = section.rows[-1][0] if section.rows else section.header_line
    if "budget" not in meta:
        raise PabulibError("META lacks the budget", end)
    _number(meta["budget"], "budget", lines["budget"])
    if meta.get("vote_type") not in VOTE_TYPES:
        raise PabulibError(
            f"META vote_type must be one of {', '.join(VOTE_TYPES)}", lines.get("vote_type", end)
        )
    return meta


def _parse_selected(value: str, line: int) -> bool | None:
    if value not in ("", "0", "1"):
        raise PabulibError(f"selected must be 0, 1 or empty, not {value!r}", line)
    return None if value == "" else value == "1"


def _parse_projects(section: _Section) -> dict[str, Project]:
    _require_columns(section, "PROJECTS", ("project_id", "cost"))
    projects: dict[str, Project] = {}
    for line, cells in section.rows:
        row = _row_dict(section, line, cells)
        project_id = row["project_id"]
        if not project_id or "," in project_id:
            raise PabulibError(f"invalid project id {project_id!r}", line)
        if project_id in projects:
            raise PabulibError(f"project {project_id!r} is listed twice", line)
        projects[project_id] = Project(
            id=project_id,
            cost=_number(row["cost"], "cost", line),
            name=row.get("name", ""),
            selected=_parse_selected(row.get("selected", ""), line),
            extra={k: v for k, v in row.items() if k not in PROJECT_COLUMNS and v},
        )
    return projects


def _split_list(value: str) -> list[str]:
    return [item.strip() for item in value.split(",")] if value else []


def _parse_votes(section: _Section, projects: dict[str, Project]) -> list[Ballot]:
    _require_columns(section, "VOTES", ("voter_id", "vote"))
    has_points = "points" in section.header
    extra_columns = [c for c in section.header if c not in VOTE_COLUMNS]
    ballots: list[Ballot] = []
    voter_ids: set[str] = set()
    for line, cells in section.rows:
        row = _row_dict(section, line, cells)
        voter_id = row["voter_id"]
        if not voter_id or voter_id in voter_ids:
            raise PabulibError(f"missing or repeated voter id {voter_id!r}", line)
        voter_ids.add(voter_id)
        vote = tuple(_split_list(row["vote"]))
        for project_id in vote:
            if project_id not in projects:
                raise PabulibError(f"vote for unknown project {project_id!r}", line)
        if len(set(vote)) != len(vote):
            raise PabulibError("a project appears twice in the same vote", line)
        points = _parse_points(row["points"], len(vote), line) if has_points else None
        extra = {column: row[column] for column in extra_columns if row[column]}
        ballots.append(Ballot(voter_id, vote, points, extra))
    return ballots


def _parse_points(value: str, count: int, line: int) -> tuple[Number, ...]:
    points = tuple(_number(p, "points", line, negative=True) for p in _split_list(value))
    if len(points) != count:
        raise PabulibError(f"{len(points)} points given for {count} projects voted for", line)
    return points


_RowWriter = Callable[[list[str]], object]

# The order of the fields the format names in each section (others come after them).
META_ORDER = (
    "description", "country", "unit", "district", "subunit", "instance", "num_projects",
    "num_votes", "budget", "vote_type", "rule", "date_begin", "date_end", "min_length",
    "max_length", "min_sum_cost", "max_sum_cost", "min_points", "max_points", "min_sum_points",
    "max_sum_points", "default_score", "min_project_cost", "max_project_cost",
    "min_project_score_threshold", "neighborhoods", "subdistricts", "categories", "edition",
    "language", "currency", "fully_funded", "experimental", "comment", "acknowledgments",
)  # fmt: skip
PROJECT_ORDER = (
    "project_id", "cost", "votes", "score", "name", "category", "beneficiaries", "selected",
    "neighborhood", "subunit", "district", "description", "proposer", "public_id", "latitude",
    "longitude",
)  # fmt: skip
VOTE_ORDER = (
    "voter_id", "vote", "points", "age", "sex", "voting_method", "district", "neighborhood",
    "education",
)  # fmt: skip


def _in_format_order(names: list[str], order: tuple[str, ...]) -> list[str]:
    return sorted(names, key=lambda name: order.index(name) if name in order else len(order))


def write(election: Election) -> str:
    """Serialise an election to `.pb` text, each section's fields in the order the format
    gives; raise ValueError if it cannot be represented."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(["META"])
    writer.writerow(["key", "value"])
    for key in _in_format_order(list(election.meta), META_ORDER):
        _check_cell(key, "META key")
        writer.writerow([key, election.meta[key]])
    _write_projects(writer.writerow, list(election.projects.values()))
    _write_votes(writer.writerow, election.ballots)
    return out.getvalue()


def _check_cell(value: str, what: str) -> None:
    if not value or value != value.strip() or value.lower() in SECTIONS:
        raise ValueError(f"{what} {value!r} cannot be written to a pabulib file")


def _extra_columns(extras: list[dict[str, str]], reserved: tuple[str, ...]) -> list[str]:
    columns = list(dict.fromkeys(key for extra in extras for key in extra))
    clashing = [column for column in columns if column in reserved]
    if clashing:
        raise ValueError(f"extra field(s) {clashing} clash with pabulib columns")
    return columns


def _write_section(
    writerow: _RowWriter, name: str, rows: list[dict[str, str]], columns: list[str], order
) -> None:
    header = _in_format_order(columns, order)
    writerow([name])
    writerow(header)
    for row in rows:
        writerow([row.get(column, "") for column in header])


def _write_projects(writerow: _RowWriter, projects: list[Project]) -> None:
    extra_columns = _extra_columns([p.extra for p in projects], PROJECT_COLUMNS)
    with_name = any(p.name for p in projects)
    with_selected = any(p.selected is not None for p in projects)
    columns = ["project_id", "cost"] + ["name"] * with_name + ["selected"] * with_selected
    rows = []
    for project in projects:
        _check_cell(project.id, "project id")
        if "," in project.id:
            raise ValueError(f"project id {project.id!r} contains a comma")
        selected = "" if project.selected is None else str(int(project.selected))
        row = {"project_id": project.id, "cost": format_number(project.cost)}
        rows.append(row | {"name": project.name, "selected": selected} | project.extra)
    _write_section(writerow, "PROJECTS", rows, columns + extra_columns, PROJECT_ORDER)


def _write_votes(writerow: _RowWriter, ballots: list[Ballot]) -> None:
    extra_columns = _extra_columns([b.extra for b in ballots], VOTE_COLUMNS)
    with_points = any(b.points is not None for b in ballots)
    if with_points and any(b.points is None for b in ballots):
        raise ValueError("either every ballot has points or none has")
    rows = []
    for ballot in ballots:
        _check_cell(ballot.voter_id, "voter id")
        row = {"voter_id": ballot.voter_id, "vote": ",".join(ballot.projects)}
        if ballot.points is not None:
            row["points"] = ",".join(format_number(p) for p in ballot.points)
        rows.append(row | ballot.extra)
    columns = ["voter_id", "vote"] + ["points"] * with_points + extra_columns
    _write_section(writerow, "VOTES", rows, columns, VOTE_ORDER)
