"""The draw under quotas (pure module): quotas always met when they can be, exact size,
the same panel from the same seed in any process, infeasible quotas explained in French."""

import hashlib
import itertools
import json
import os
import random
import subprocess
import sys
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parvis.panels import sortition
from parvis.panels.cli import main as cli
from parvis.panels.sortition import DrawImpossible, document, draw, draw_document

CATEGORIES = {"age": ["jeune", "adulte", "senior"], "genre": ["femme", "homme"]}
LABELS = {
    "age": ("Tranche d'âge", {"jeune": "18 à 34 ans", "adulte": "35 à 64 ans",
                              "senior": "65 ans et plus"}),
    "genre": ("Genre", {"femme": "Femme", "homme": "Homme"}),
}
SLOW = settings(max_examples=40, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def counts(profiles, category):
    return Counter(profile[category] for profile in profiles)


def meets(profiles, quotas):
    return all(
        minimum <= counts(profiles, category)[value] <= maximum
        for category, values in quotas.items()
        for value, (minimum, maximum) in values.items()
    )


def feasible(pool, quotas, size, fixed=()):
    fixed_profiles = [profile for _id, profile in fixed]
    return any(
        meets(fixed_profiles + [profile for _id, profile in chosen], quotas)
        for chosen in itertools.combinations(pool, size)
    )


@st.composite
def draws(draw_):
    """A small pool, a size, maybe fixed members, and quotas built around a panel that
    meets them, sometimes with one quota changed at random (then maybe impossible)."""
    people = draw_(st.lists(
        st.fixed_dictionaries({c: st.sampled_from(v) for c, v in CATEGORIES.items()}),
        min_size=2, max_size=8,
    ))
    entries = [(f"P{index:02d}", profile) for index, profile in enumerate(people)]
    fixed_count = draw_(st.integers(0, min(2, len(entries) - 1)))
    fixed, pool = entries[:fixed_count], entries[fixed_count:]
    size = draw_(st.integers(1, min(4, len(pool))))
    witness = [profile for _id, profile in fixed + draw_(st.permutations(pool))[:size]]
    quotas = {}
    for category, values in CATEGORIES.items():
        present = counts(witness, category)
        quotas[category] = {
            value: (present[value] - draw_(st.integers(0, present[value])),
                    present[value] + draw_(st.integers(0, 2)))
            for value in values
        }
    if draw_(st.booleans()):
        category = draw_(st.sampled_from(sorted(CATEGORIES)))
        value = draw_(st.sampled_from(CATEGORIES[category]))
        minimum = draw_(st.integers(0, 3))
        quotas[category][value] = (minimum, minimum + draw_(st.integers(0, 2)))
    return pool, quotas, size, fixed


@SLOW
@given(draws(), st.text(min_size=1, max_size=12))
def test_quotas_met_and_size_exact_whenever_possible(case, seed):
    pool, quotas, size, fixed = case
    if not feasible(pool, quotas, size, fixed):
        with pytest.raises(DrawImpossible) as error:
            draw(pool, quotas, size, seed, fixed=fixed, labels=LABELS)
        assert error.value.reasons and all(reason.strip() for reason in error.value.reasons)
        return
    selection = draw(pool, quotas, size, seed, fixed=fixed, labels=LABELS)
    profiles = dict(pool)
    assert len(selection.selected) == len(set(selection.selected)) == size
    assert set(selection.selected) <= set(profiles)
    chosen = [profile for _id, profile in fixed] + [profiles[i] for i in selection.selected]
    assert meets(chosen, quotas)
    # Each volunteer's probability, from the published portfolio, adds up to the size.
    assert set(selection.probabilities) == set(profiles)
    assert sum(selection.probabilities.values()) == pytest.approx(size, abs=1e-4)
    assert 0 <= selection.min_probability <= selection.max_probability <= 1
    for weight, panel in selection.portfolio:
        assert weight > 0
        assert meets([profile for _id, profile in fixed] + [profiles[i] for i in panel],
                     quotas)


def pool_of(size, seed=0):
    rng = random.Random(seed)
    return [
        (f"V{index:03d}", {c: rng.choice(values) for c, values in CATEGORIES.items()})
        for index in range(size)
    ]


QUOTAS = {"age": {"jeune": (1, 3), "adulte": (1, 3), "senior": (1, 3)},
          "genre": {"femme": (2, 3), "homme": (2, 3)}}


def test_same_seed_same_panel_whatever_the_order_of_the_pool():
    pool = pool_of(14)
    first = draw(pool, QUOTAS, 5, "tirage du 12 mars")
    sortition._portfolio.cache_clear()  # computed again, not remembered
    shuffled = list(reversed(pool))
    again = draw(shuffled, QUOTAS, 5, "tirage du 12 mars")
    assert again.selected == first.selected
    assert again.as_dict() == first.as_dict()


IN_A_FRESH_PROCESS = """
import random
from parvis.panels.sortition import draw
rng = random.Random(0)
pool = [(f"V{i}", {"age": rng.choice(["jeune", "adulte", "senior"]),
                   "genre": rng.choice(["femme", "homme"])}) for i in range(12)]
quotas = {"age": {"jeune": (1, 3), "adulte": (1, 3), "senior": (1, 3)},
          "genre": {"femme": (2, 3), "homme": (2, 3)}}
draw(pool, quotas, 5, "graine")
"""


def test_the_solver_prints_nothing():
    """A draw in the demo, a worker or a page leaves standard output and the terminal alone:
    the solver's banner, written from C code once per process, is dropped."""
    solver_alone = subprocess.run([sys.executable, "-c", "import highspy; highspy.Highs()"],
                                  capture_output=True, text=True, check=True)
    assert "HiGHS" in solver_alone.stdout  # what the draw has to silence
    result = subprocess.run([sys.executable, "-c", IN_A_FRESH_PROCESS], capture_output=True,
                            text=True, check=True)
    assert result.stdout == ""
    assert "HiGHS" not in result.stderr


def test_the_seed_decides_the_panel():
    pool = pool_of(10)
    panels = {tuple(draw(pool, QUOTAS, 5, f"graine {n}").selected) for n in range(4)}
    assert len(panels) > 1


def test_the_lottery_can_be_checked_from_the_published_portfolio():
    """A few lines, independent of the solver, redo the last step from what is published."""
    result = draw(pool_of(14), QUOTAS, 5, "4 12 27 33 41").as_dict()
    lottery = result["lottery"]
    total = sum(item["weight"] for item in lottery["portfolio"])
    assert total == lottery["total_weight"]
    digest = hashlib.sha256(b"parvis-lottery:4 12 27 33 41").digest()
    ticket = int.from_bytes(digest, "big") % total
    assert ticket == lottery["ticket"]
    for item in lottery["portfolio"]:
        if ticket < item["weight"]:
            assert item["panel"] == result["selected"]
            break
        ticket -= item["weight"]
    else:
        pytest.fail("the ticket falls in no panel")
    share = sum(item["weight"] for item in lottery["portfolio"] if "V000" in item["panel"])
    assert result["probabilities"]["V000"] == pytest.approx(share / total, abs=1e-6)


def test_probabilities_are_equal_when_the_quotas_allow_it():
    pool = [(f"V{i}", {"age": ["jeune", "adulte"][i % 2], "genre": ["femme", "homme"][i // 2 % 2]})
            for i in range(8)]
    quotas = {"age": {"jeune": (2, 2), "adulte": (2, 2), "senior": (0, 0)},
              "genre": {"femme": (2, 2), "homme": (2, 2)}}
    selection = draw(pool, quotas, 4, "graine")
    assert selection.min_probability == selection.max_probability == 0.5


def test_a_scarce_profile_is_drawn_more_often_but_every_profile_keeps_a_chance():
    pool = [("S1", {"age": "senior", "genre": "femme"})] + [
        (f"J{i}", {"age": "jeune", "genre": ["femme", "homme"][i % 2]}) for i in range(9)
    ]
    quotas = {"age": {"jeune": (0, 4), "adulte": (0, 4), "senior": (1, 1)},
              "genre": {"femme": (0, 4), "homme": (0, 4)}}
    selection = draw(pool, quotas, 4, "graine")
    assert "S1" in selection.selected
    assert selection.probabilities["S1"] == 1
    assert selection.min_probability == pytest.approx(3 / 9, abs=1e-4)


def reasons(pool, quotas, size, **options):
    with pytest.raises(DrawImpossible) as error:
        draw(pool, quotas, size, "graine", labels=LABELS, **options)
    return error.value.reasons


def test_a_value_without_enough_volunteers_is_named():
    pool = [(f"V{i}", {"age": "jeune" if i else "senior", "genre": ["femme", "homme"][i % 2]})
            for i in range(10)]
    quotas = {**QUOTAS, "age": {"jeune": (0, 5), "adulte": (0, 5), "senior": (3, 5)}}
    assert reasons(pool, quotas, 5) == [
        "Tranche d'âge « 65 ans et plus » : minimum 3, seulement 1 volontaire éligible."
    ]


def test_minimums_and_maximums_are_checked_against_the_size():
    quotas = {"age": {"jeune": (2, 3), "adulte": (2, 3), "senior": (2, 3)},
              "genre": {"femme": (0, 1), "homme": (0, 1)}}
    assert reasons(pool_of(20), quotas, 5) == [
        "Tranche d'âge : la somme des minimums (6) dépasse la taille du panel (5).",
        "Genre : la somme des maximums (2) est inférieure à la taille du panel (5).",
    ]


def test_a_pool_too_small_and_maximums_too_tight_for_the_pool():
    assert reasons(pool_of(3), QUOTAS, 5)[0] == (
        "Seulement 3 volontaires éligibles pour 5 places à pourvoir."
    )
    pool = [(f"V{i}", {"age": "jeune", "genre": ["femme", "homme"][i % 2]}) for i in range(9)]
    quotas = {**QUOTAS, "age": {"jeune": (0, 2), "adulte": (0, 5), "senior": (0, 5)}}
    assert reasons(pool, quotas, 5) == [
        "Tranche d'âge : compte tenu des maximums, seulement 2 volontaires peuvent être tirés"
        " au sort pour 5 à tirer."
    ]


def test_quotas_that_clash_between_categories_get_the_suggested_relaxation():
    # Every senior is a man and every young person a woman: 2 seniors and 3 women is
    # impossible in a panel of 4.
    pool = [(f"S{i}", {"age": "senior", "genre": "homme"}) for i in range(4)] + [
        (f"J{i}", {"age": "jeune", "genre": "femme"}) for i in range(4)
    ]
    quotas = {"age": {"jeune": (0, 4), "adulte": (0, 4), "senior": (2, 4)},
              "genre": {"femme": (3, 4), "homme": (0, 4)}}
    explanation = reasons(pool, quotas, 4)
    assert explanation[0].startswith("Les quotas des différentes catégories ne peuvent pas")
    assert any("Tranche d'âge « 65 ans et plus »" in line or "Genre « Femme »" in line
               for line in explanation[1:])


def test_a_replacement_counts_the_members_who_stay():
    members = [("M1", {"age": "senior", "genre": "homme"}),
               ("M2", {"age": "jeune", "genre": "homme"})]
    pool = [(f"V{i}", {"age": ["jeune", "senior"][i % 2], "genre": ["femme", "homme"][i // 2 % 2]})
            for i in range(8)]
    quotas = {"age": {"jeune": (1, 2), "adulte": (0, 2), "senior": (1, 2)},
              "genre": {"femme": (1, 2), "homme": (1, 2)}}
    selection = draw(pool, quotas, 1, "remplacement", fixed=members)
    (chosen,) = selection.selected
    assert dict(pool)[chosen]["genre"] == "femme"
    men = [(f"H{i}", {"age": "jeune", "genre": "homme"}) for i in range(3)]
    assert reasons(men, quotas, 1, fixed=members) == [
        "Genre « Femme » : minimum 1, seulement 0 volontaire éligible."
    ]
    assert reasons(men, {**quotas, "genre": {"femme": (0, 2), "homme": (0, 1)}}, 1,
                   fixed=members) == ["Genre « Homme » : maximum 1, déjà 2 membres."]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(draws(), st.text(max_size=8))
def test_one_seat_gets_the_solvers_distribution_without_the_solver(case, seed):
    pool, quotas, _size, fixed = case
    try:
        selection = draw(pool, quotas, 1, seed, fixed=fixed)
    except DrawImpossible:
        assert not feasible(pool, quotas, 1, fixed)
        return
    remaining = sortition._remaining_quotas(quotas, fixed)
    solver = sortition._portfolio(sortition._frozen(pool, remaining),
                                  sortition._frozen_quotas(remaining), 1, seed)
    total = sum(weight for weight, _panel in solver)
    for pool_id, probability in selection.probabilities.items():
        share = sum(weight for weight, panel in solver if pool_id in panel) / total
        assert probability == pytest.approx(share, abs=1e-4)


def test_a_replacement_cannot_fill_more_minimums_than_seats():
    members = [("M1", {"age": "jeune", "genre": "homme"}),
               ("M2", {"age": "jeune", "genre": "homme"})]
    pool = [(f"F{i}", {"age": "adulte", "genre": "femme"}) for i in range(4)]
    quotas = {"age": {"jeune": (0, 4), "adulte": (0, 4), "senior": (0, 4)},
              "genre": {"femme": (2, 4), "homme": (0, 4)}}
    assert reasons(pool, quotas, 1, fixed=members) == [
        "Genre : il manque 2 membres pour atteindre les minimums, pour 1 place à pourvoir."
    ]
    seniors = {**quotas, "age": {"jeune": (0, 4), "adulte": (0, 4), "senior": (1, 4)},
               "genre": {"femme": (1, 4), "homme": (0, 4)}}
    pool.append(("S1", {"age": "senior", "genre": "homme"}))
    assert reasons(pool, seniors, 1, fixed=members) == [
        "Aucun volontaire restant ne permet de respecter tous les quotas : il faudrait une"
        " personne à la fois Tranche d'âge « 65 ans et plus », Genre « Femme »."
    ]


def test_profiles_outside_the_quotas_are_refused():
    pool = [("V1", {"age": "jeune", "genre": "autre"}), ("V2", {"age": "jeune"})]
    assert reasons(pool, QUOTAS, 1) == [
        "Genre : 2 volontaires sans valeur prévue par les quotas (V1, V2)."
    ]


def published(tmp_path, pool, seed="graine publiée", size=5):
    categories = [
        {"key": key, "name": LABELS[key][0], "values": [
            {"key": value, "label": LABELS[key][1][value], "minimum": low, "maximum": high}
            for value, (low, high) in values.items()
        ]}
        for key, values in QUOTAS.items()
    ]
    path = tmp_path / "tirage.json"
    path.write_text(json.dumps(document(seed=seed, size=size, categories=categories,
                                        pool=pool)))
    return path


def test_the_command_reruns_the_published_draw(tmp_path, capsys):
    pool = pool_of(12)
    path = published(tmp_path, pool)
    expected = draw(pool, QUOTAS, 5, "graine publiée")
    assert draw_document(json.loads(path.read_text())).selected == expected.selected
    assert cli([str(path)]) == 0
    assert capsys.readouterr().out.split() == expected.selected
    assert cli([str(path), "--format", "json", "--seed", "autre", "--size", "4"]) == 0
    output = json.loads(capsys.readouterr().out)
    assert output["selected"] == draw(pool, QUOTAS, 4, "autre").selected
    assert set(output) >= {"probabilities", "min_probability", "max_probability", "lottery"}


def test_the_command_explains_bad_files_and_impossible_draws(tmp_path, capsys):
    path = published(tmp_path, pool_of(3))
    assert cli([str(path)]) == 2
    assert "Seulement 3 volontaires éligibles pour 5 places" in capsys.readouterr().err
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "parvis-draw/1", "pool": [}')
    assert cli([str(broken)]) == 2
    broken.write_text('{"format": "parvis-draw/1"}')
    assert cli([str(broken)]) == 2
    assert "document de tirage invalide" in capsys.readouterr().err
    assert cli([str(tmp_path / "absent.json")]) == 2
    assert cli([]) == 2


def test_the_panel_does_not_depend_on_the_process(tmp_path):
    """Python randomises string hashes per process; the draw must not notice."""
    pool = pool_of(16, seed=3)
    path = published(tmp_path, pool)
    outputs = set()
    for hash_seed in ("1", "2"):
        process = subprocess.run(
            [sys.executable, "-m", "parvis", "draw", str(path), "--format", "json"],
            capture_output=True, text=True, check=True,
            env={**os.environ, "PYTHONHASHSEED": hash_seed},
        )
        outputs.add(json.dumps(json.loads(process.stdout)["lottery"], sort_keys=True))
    assert outputs == {json.dumps(draw(pool, QUOTAS, 5, "graine publiée").as_dict()["lottery"],
                                  sort_keys=True)}


def test_the_lottery_ticket_falls_in_exactly_one_panel_at_each_boundary():
    """A ticket picks the panel whose share of the cumulated weights holds it: the first
    and last ticket of each share, never the next panel's, and nothing past the total."""
    portfolio = [(2, ["A", "B"]), (3, ["A", "C"]), (1, ["B", "C"])]
    picks = [sortition.pick(portfolio, ticket) for ticket in range(6)]
    assert picks == [["A", "B"], ["A", "B"], ["A", "C"], ["A", "C"], ["A", "C"], ["B", "C"]]
    with pytest.raises(ValueError, match="beyond the total"):
        sortition.pick(portfolio, 6)


@given(st.text(max_size=30), st.integers(1, 10**12))
def test_a_ticket_is_below_the_total_weight(seed, total):
    assert 0 <= sortition.lottery_ticket(seed, total) < total
