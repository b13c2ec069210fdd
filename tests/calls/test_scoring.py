"""The jury's aggregation rules (pure module): weighted means, spread, outliers, ranking."""

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from parvis.calls.scoring import Criterion, Mark, aggregate, evaluate, is_outlier, rank

CRITERIA = [Criterion("efficacite", 3), Criterion("partenariat", 1)]


@st.composite
def juries(draw):
    """A scale, criteria with weights, and each application's marks (some may be missing)."""
    score_max = draw(st.integers(1, 10))
    criteria = [Criterion(f"c{i}", draw(st.integers(1, 5)))
                for i in range(draw(st.integers(1, 5)))]
    applications = {}
    for application in range(draw(st.integers(1, 6))):
        marks = []
        for juror in range(draw(st.integers(0, 5))):
            for criterion in criteria:
                if draw(st.booleans()) or draw(st.booleans()):
                    marks.append(Mark(f"j{juror}", criterion.key,
                                      draw(st.integers(0, score_max))))
        applications[f"a{application}"] = marks
    return score_max, criteria, applications


@settings(deadline=None)  # exact fractions can be slow on a busy machine
@given(juries())
def test_the_weighted_mean_lies_between_the_criterion_means(jury):
    score_max, criteria, applications = jury
    for result in aggregate(criteria, applications, score_max):
        means = [summary.mean for summary in result.criteria if summary.count]
        if result.weighted_mean is None:
            assert len(means) < len(criteria)
            continue
        assert min(means) <= result.weighted_mean <= max(means)
        assert 0 <= result.weighted_mean <= score_max
        for summary in result.criteria:
            assert summary.low <= summary.mean <= summary.high
            assert 0 <= summary.deviation <= (summary.high - summary.low) / 2 + 1e-9


@settings(deadline=None)  # exact fractions can be slow on a busy machine
@given(juries())
def test_the_ranking_follows_the_weighted_means(jury):
    score_max, criteria, applications = jury
    results = aggregate(criteria, applications, score_max)
    ranked = [r for r in results if r.rank is not None]
    assert all(r.rank is None for r in results[len(ranked):])
    for result in ranked:
        higher = sum(other.weighted_mean > result.weighted_mean for other in ranked)
        assert result.rank == higher + 1
        tied = {other.application for other in ranked if other is not result
                and other.weighted_mean == result.weighted_mean}
        assert set(result.tied_with) == tied
    for first, second in zip(ranked, ranked[1:], strict=False):
        assert first.weighted_mean >= second.weighted_mean
        assert (first.rank == second.rank) == (first.weighted_mean == second.weighted_mean)


@settings(deadline=None)  # exact fractions can be slow on a busy machine
@given(juries(), st.randoms(use_true_random=False))
def test_the_order_and_the_names_of_jurors_do_not_change_the_result(jury, random):
    score_max, criteria, applications = jury
    jurors = sorted({mark.juror for marks in applications.values() for mark in marks})
    renamed = dict(zip(jurors, random.sample(jurors, len(jurors)), strict=True))
    shuffled = {}
    for application, marks in applications.items():
        marks = [Mark(renamed[m.juror], m.criterion, m.value) for m in marks]
        random.shuffle(marks)
        shuffled[application] = marks

    def outcome(results):
        return {r.application: (r.rank, r.weighted_mean, r.jurors, [
            (s.mean, s.deviation, s.low, s.high, sorted(m.value for m in s.outliers))
            for s in r.criteria]) for r in results}

    assert outcome(aggregate(criteria, shuffled, score_max)) == outcome(
        aggregate(criteria, applications, score_max))


@settings(deadline=None)  # exact fractions can be slow on a busy machine
@given(st.integers(1, 10), st.integers(2, 6), st.data())
def test_a_score_far_from_the_others_and_only_it_is_flagged(score_max, agreeing, data):
    usual = data.draw(st.integers(0, score_max))
    odd = Mark("dissident", "efficacite", data.draw(st.integers(0, score_max)))
    marks = [Mark(f"j{i}", "efficacite", usual) for i in range(agreeing)] + [odd]
    result = evaluate("a", CRITERIA[:1], marks, score_max)
    far = abs(odd.value - usual) > Fraction(2, 5) * score_max
    assert result.outliers == ((odd,) if far else ())


def test_the_outlier_rule_on_a_zero_to_five_scale():
    assert is_outlier(0, [0, 4, 4], 5)  # 4 points from the median 4
    assert not is_outlier(2, [2, 4, 4], 5)  # 2 points: not more than 2
    assert not is_outlier(0, [0, 5], 5)  # two jurors: neither stands out
    # A split jury: every score is far from the median, all are flagged.
    assert all(is_outlier(value, [0, 0, 5, 5], 5) for value in (0, 5))


def test_a_worked_example_with_a_tie_and_an_incomplete_application():
    marks = {
        "ateliers": [Mark("j1", "efficacite", 4), Mark("j2", "efficacite", 2),
                     Mark("j1", "partenariat", 5), Mark("j2", "partenariat", 5)],
        "repair-cafe": [Mark("j1", "efficacite", 3), Mark("j1", "partenariat", 5)],
        "fablab": [Mark("j1", "efficacite", 5), Mark("j2", "efficacite", 5),
                   Mark("j1", "partenariat", 1)],
        "tiers-lieu": [Mark("j1", "efficacite", 5)],  # "partenariat" not scored
    }
    results = {r.application: r for r in aggregate(CRITERIA, marks, 5)}
    # (3 × 3 + 1 × 5) / 4 = 14/4
    assert results["ateliers"].weighted_mean == Fraction(7, 2)
    assert results["ateliers"].criteria[0].deviation == 1.0
    assert results["ateliers"].jurors == 2
    assert results["repair-cafe"].weighted_mean == Fraction(7, 2)
    assert results["fablab"].weighted_mean == Fraction(4)
    assert [results[a].rank for a in ("fablab", "ateliers", "repair-cafe")] == [1, 2, 2]
    assert results["ateliers"].tied_with == ("repair-cafe",)
    assert results["tiers-lieu"].rank is None and results["tiers-lieu"].weighted_mean is None
    assert [r.application for r in rank(results.values())][-1] == "tiers-lieu"


def test_the_rank_after_a_tie_skips_the_shared_places():
    marks = {name: [Mark("j1", "efficacite", value), Mark("j1", "partenariat", value)]
             for name, value in [("a", 5), ("b", 4), ("c", 4), ("d", 3), ("e", 3), ("f", 1)]}
    ranks = {r.application: r.rank for r in aggregate(CRITERIA, marks, 5)}
    assert ranks == {"a": 1, "b": 2, "c": 2, "d": 4, "e": 4, "f": 6}


def test_marks_on_an_unknown_criterion_count_for_nothing():
    known = [Mark("j1", "efficacite", 4), Mark("j1", "partenariat", 2)]
    stray = [Mark("j1", "efficacite-2026", 0), Mark("j9", "innovation", 5)]
    with_stray = evaluate("a", CRITERIA, known + stray, 5)
    assert with_stray == evaluate("a", CRITERIA, known, 5)
    assert with_stray.jurors == 1 and with_stray.weighted_mean == Fraction(7, 2)
    # an application scored only on criteria the call does not have is not ranked
    assert evaluate("b", CRITERIA, stray, 5).weighted_mean is None
