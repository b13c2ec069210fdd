import os
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parvis.budgets.pabulib import (
    Ballot,
    Election,
    PabulibError,
    Project,
    format_number,
    load,
    parse,
    parse_number,
    write,
)

PABULIB_DIR = Path(
    os.environ.get(
        "PARVIS_PABULIB_DIR", Path(__file__).resolve().parents[2].parent / "shared/pabulib"
    )
)


def real_election_path(name: str) -> Path:
    """A real election file of the pabulib data set; skip when it is not available here,
    except when PARVIS_REQUIRE_PABULIB=1, where its absence is a failure."""
    path = PABULIB_DIR / name
    if not path.is_file():
        message = f"{path} is absent (set PARVIS_PABULIB_DIR)"
        if os.environ.get("PARVIS_REQUIRE_PABULIB") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return path


def real_election(name: str) -> Election:
    return load(real_election_path(name))


SAMPLE = '''\ufeffMETA\r
key;value\r
description;"Budget; quartier ""Nord"""\r
budget;1000,5\r
vote_type;cumulative\r
PROJECTS\r
project_id;cost;votes;name;selected\r
1;600;2;Parc;1\r
2;400.25;1;"Bancs, tables";0\r
10;50;0;Fontaine;\r
\r
VOTES\r
voter_id;vote;points;age\r
a;1,2;3,2;34\r
b;1;5;\r
'''


def test_parse_sample() -> None:
    election = parse(SAMPLE)
    assert election.meta == {
        "description": 'Budget; quartier "Nord"',
        "budget": "1000,5",
        "vote_type": "cumulative",
    }
    assert election.budget == Fraction(2001, 2)
    assert election.vote_type == "cumulative"
    assert election.projects["2"] == Project(
        "2", Fraction(40025, 100), "Bancs, tables", False, {"votes": "1"}
    )
    assert election.projects["10"].selected is None
    assert election.ballots == [
        Ballot("a", ("1", "2"), (3, 2), {"age": "34"}),
        Ballot("b", ("1",), (5,), {}),
    ]


def test_write_quotes_what_needs_it() -> None:
    text = write(parse(SAMPLE))
    assert 'description;"Budget; quartier ""Nord"""\n' in text
    assert "budget;1000,5\n" in text
    assert "2;400.25;1;Bancs, tables;0\n" in text
    assert "a;1,2;3,2;34\n" in text


def test_write_puts_the_fields_in_the_order_of_the_format() -> None:
    election = parse(SAMPLE)
    election.meta = {"comment": "#1: note", "vote_type": "cumulative", "zone": "x",
                     "budget": "10", "description": "d"}  # fmt: skip
    text = write(election)
    assert "key;value\ndescription;d\nbudget;10\nvote_type;cumulative\ncomment;#1: note\n" in (
        text
    )
    assert "zone;x\nPROJECTS\nproject_id;cost;votes;name;selected\n" in text
    assert parse(text) == election


def test_empty_votes_section_and_empty_ballot() -> None:
    election = parse(
        "META\nkey;value\nbudget;10\nvote_type;approval\n"
        "PROJECTS\nproject_id;cost\nx;5\nVOTES\nvoter_id;vote\nv1;\n"
    )
    assert election.ballots == [Ballot("v1", ())]
    assert parse(write(election)) == election


BASE = "META\nkey;value\nbudget;100\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;10\n2;20\n"


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (BASE, 0, "missing section VOTES"),
        ("key;value\n", 1, "content before the META section"),
        (BASE + "VOTES\nvoter_id;vote\nv1;1,3\n", 11, "unknown project '3'"),
        (BASE + "VOTES\nvoter_id;vote\nv1;1,1\n", 11, "appears twice"),
        (BASE + "VOTES\nvoter_id;vote\nv1;1\nv1;2\n", 12, "repeated voter id"),
        (BASE + "VOTES\nvoter_id;vote\nv1;1;2\n", 11, "expected 2 fields, found 3"),
        (BASE + "VOTES\nvoter_id;vote;points\nv1;1,2;3\n", 11, "1 points given for 2"),
        (BASE + "VOTES\nvoter_id;vote;points\nv1;1;x\n", 11, "points is not a number"),
        (BASE + "VOTES\nvoter;vote\n", 10, "VOTES header lacks column(s): voter_id"),
        (BASE + "VOTES\nvoter_id;vote;vote\n", 10, "empty or repeated column"),
        (BASE + "3;-5\nVOTES\nvoter_id;vote\n", 9, "cost is negative"),
        (BASE + "3;abc\nVOTES\nvoter_id;vote\n", 9, "cost is not a number"),
        (BASE + "1;5\nVOTES\nvoter_id;vote\n", 9, "project '1' is listed twice"),
        (BASE + "VOTES\nvoter_id;vote\nPROJECTS\n", 11, "section PROJECTS found"),
        (BASE.replace("vote_type;approval", "vote_type;rank"), 4, "vote_type must be"),
        (BASE.replace("budget;100", "budget;lots"), 3, "budget is not a number"),
        (BASE.replace("budget;100\n", ""), 3, "META lacks the budget"),
        (BASE.replace("key;value", "k;v"), 2, "META header must be key;value"),
        (BASE.replace("project_id;cost\n", "project_id;cost;selected\n"), 7, "expected 3"),
        (
            "META\nkey;value\nbudget;1\nvote_type;approval\n"
            "PROJECTS\nproject_id;cost;selected\n1;1;yes\nVOTES\nvoter_id;vote\n",
            7,
            "selected must be 0, 1 or empty",
        ),
    ],
)
def test_malformed_input_is_reported_with_its_line(text: str, line: int, message: str) -> None:
    with pytest.raises(PabulibError) as error:
        parse(text)
    assert error.value.line == line
    assert message in error.value.message
    assert str(error.value).startswith(f"line {line}: " if line else message)


@pytest.mark.parametrize(
    "election",
    [
        Election({"budget": "1", "vote_type": "approval"}, {"a": Project("a", Fraction(1, 3))}, []),
        Election({"budget": "1", "vote_type": "approval"}, {"a,b": Project("a,b", 1)}, []),
        Election({"votes": "1"}, {}, []),
        Election({"budget": "1"}, {"p": Project("p", 1, extra={"cost": "2"})}, []),
        Election({"budget": "1"}, {}, [Ballot("v", (), ()), Ballot("w", ())]),
    ],
)
def test_write_refuses_what_pabulib_cannot_represent(election: Election) -> None:
    with pytest.raises(ValueError):
        write(election)


decimals = st.builds(
    Fraction, st.integers(min_value=0, max_value=10**9), st.sampled_from([1, 1, 2, 4, 10, 100])
)


@given(decimals)
def test_numbers_round_trip(value: Fraction) -> None:
    assert parse_number(format_number(value)) == value
    assert parse_number(format_number(-value)) == -value


SECTION_NAMES = {"meta", "projects", "votes"}
cell = st.text(st.sampled_from('ab Zé9;",\nł'), min_size=1, max_size=8).filter(
    lambda text: text == text.strip() and text.lower() not in SECTION_NAMES
)
column = cell.filter(lambda text: "\n" not in text)
identifier = column.filter(lambda text: "," not in text)


@st.composite
def elections(draw: st.DrawFn) -> Election:
    vote_type = draw(st.sampled_from(["approval", "cumulative", "ordinal", "scoring"]))
    meta = {"budget": format_number(draw(decimals)), "vote_type": vote_type}
    meta |= draw(st.dictionaries(column.filter(lambda key: key not in meta), cell | st.just("")))
    project_extra = st.dictionaries(
        column.filter(lambda key: key not in {"project_id", "cost", "name", "selected"}), cell
    )
    ids = draw(st.lists(identifier, unique=True, max_size=6))
    projects = {
        project_id: Project(
            project_id,
            draw(decimals),
            draw(st.one_of(st.just(""), cell)),
            draw(st.sampled_from([None, True, False])),
            draw(project_extra),
        )
        for project_id in ids
    }
    with_points = vote_type != "approval" and draw(st.booleans())
    ballot_extra = st.dictionaries(
        column.filter(lambda key: key not in {"voter_id", "vote", "points"}), cell, max_size=2
    )
    ballots = []
    for voter_id in draw(st.lists(identifier, unique=True, max_size=8)):
        vote = tuple(draw(st.permutations(ids))[: draw(st.integers(0, len(ids)))])
        points = tuple(draw(decimals) - 5 for _ in vote) if with_points else None
        ballots.append(Ballot(voter_id, vote, points, draw(ballot_extra)))
    return Election(meta, projects, ballots)


@settings(max_examples=150, deadline=None)
@given(elections())
def test_write_then_parse_gives_the_same_election(election: Election) -> None:
    assert parse(write(election)) == election


REAL_FILES = sorted(PABULIB_DIR.glob("*.pb")) if PABULIB_DIR.is_dir() else []


@pytest.mark.skipif(not REAL_FILES, reason=f"{PABULIB_DIR} is absent (set PARVIS_PABULIB_DIR)")
@pytest.mark.parametrize("path", REAL_FILES, ids=lambda path: path.stem)
def test_parser_reads_every_real_file(path: Path) -> None:
    election = load(path)
    assert len(election.projects) == int(election.meta["num_projects"])
    assert len(election.ballots) == int(election.meta["num_votes"])
    assert all(set(b.projects) <= election.projects.keys() for b in election.ballots)
    if path.stat().st_size < 100_000:
        assert parse(write(election)) == election
