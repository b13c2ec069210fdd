"""`parvis tally FILE.pb` from the command line."""

import json
import subprocess
import sys

ELECTION = """META
key;value
description;Test
country;France
unit;Parvis
instance;2027
num_projects;3
num_votes;3
budget;100
vote_type;approval
rule;greedy
PROJECTS
project_id;cost;votes;name
1;60;3;Piste cyclable
2;50;2;Jardin partagé
3;40;1;Bancs
VOTES
voter_id;vote
v1;1,2
v2;1,3
v3;1,2
"""


def run(*args):
    return subprocess.run([sys.executable, "-m", "parvis", "tally", *args],
                          capture_output=True, text=True, check=False)


def test_tally_command_prints_json(tmp_path):
    path = tmp_path / "election.pb"
    path.write_text(ELECTION, encoding="utf-8")
    result = run(str(path), "--rule", "greedy", "--format", "json")
    assert result.returncode == 0, result.stderr
    output = json.loads(result.stdout)
    # Greedy by votes: project 1 (3 votes, 60), then 2 (50) no longer fits, 3 (40) does.
    assert output == {**output, "selected": ["1", "3"], "cost": 100, "rule": "greedy"}


def test_tally_command_explains_bad_files(tmp_path):
    path = tmp_path / "broken.pb"
    path.write_text("not a pabulib file", encoding="utf-8")
    result = run(str(path), "--rule", "equal-shares")
    assert result.returncode == 2
    assert "broken.pb" in result.stderr
