"""The pure modules: convention templates (placeholders) and device indicators."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parvis.lending import conventions, indicators
from parvis.lending.indicators import LOAN_ENDED, LOAN_STARTED

# Literal text: any characters, braces doubled as the syntax asks.
literals = st.text(max_size=30).map(lambda text: text.replace("{", "{{").replace("}", "}}"))
known = st.sampled_from(conventions.PLACEHOLDERS)
identifiers = st.from_regex(r"[a-z_][a-z0-9_.]{0,12}", fullmatch=True).filter(
    lambda name: name not in conventions.PLACEHOLDERS)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(literals, known), max_size=6), literals)
def test_a_template_of_known_placeholders_is_accepted_and_fully_filled_in(parts, tail):
    body = "".join(f"{text}{{{name}}}" for text, name in parts) + tail
    values = {name: f"<{name.upper()}>" for name in conventions.PLACEHOLDERS}
    assert conventions.unknown_placeholders(body) == []
    rendered = conventions.render(body, values)
    assert rendered == body.format(**values)
    for _text, name in parts:
        assert f"<{name.upper()}>" in rendered


@settings(max_examples=200, deadline=None)
@given(literals, identifiers, literals)
def test_an_unknown_placeholder_is_always_reported(before, name, after):
    body = f"{before}{{{name}}}{after}{{member}}"
    assert conventions.unknown_placeholders(body) == [f"{{{name}}}"]


@pytest.mark.parametrize("body, unknown", [
    ("{member.email}", ["{member.email}"]),
    ("{serial!r} et {start:%Y}", ["{serial!r}", "{start:%Y}"]),
    ("{} {0} {nom} {nom}", ["{}", "{0}", "{nom}"]),
    ("{{member}} est écrit tel quel", []),
])
def test_attribute_access_conversions_and_positions_are_refused(body, unknown):
    assert conventions.unknown_placeholders(body) == unknown


@pytest.mark.parametrize("body", ["Bonjour {member", "Fin }", "{member}}"])
def test_unbalanced_braces_are_malformed(body):
    with pytest.raises(conventions.MalformedTemplate):
        conventions.unknown_placeholders(body)


def test_the_fingerprint_changes_with_the_text():
    assert conventions.fingerprint("a") != conventions.fingerprint("b")
    assert len(conventions.fingerprint("a")) == 64


ACQUIRED = date(2024, 1, 1)


@st.composite
def histories(draw):
    """Loans one after the other, the last one possibly still running."""
    history, day = [], ACQUIRED
    for _ in range(draw(st.integers(0, 6))):
        start = day + timedelta(days=draw(st.integers(0, 100)))
        history.append((LOAN_STARTED, start))
        if draw(st.booleans()):
            day = start + timedelta(days=draw(st.integers(0, 400)))
            history.append((LOAN_ENDED, day))
        else:
            break
    return history


@settings(max_examples=300, deadline=None)
@given(histories(), st.integers(0, 5000))
def test_indicators_count_loans_and_days_within_the_devices_life(history, extra_days):
    last = max([day for _kind, day in history], default=ACQUIRED)
    today = last + timedelta(days=extra_days)
    figures = indicators.compute(ACQUIRED, history, today)
    assert figures.loans == sum(kind == LOAN_STARTED for kind, _day in history)
    assert 0 <= figures.days_on_loan <= figures.age_days == (today - ACQUIRED).days
    assert figures.on_loan == (bool(history) and history[-1][0] == LOAN_STARTED)
    assert 0 <= figures.usage_rate <= 100


def test_indicators_of_a_known_history():
    history = [(LOAN_STARTED, date(2024, 2, 1)), (LOAN_ENDED, date(2024, 3, 2)),
               ("incident", date(2024, 3, 1)), (LOAN_STARTED, date(2024, 4, 1))]
    figures = indicators.compute(ACQUIRED, history, date(2024, 4, 11))
    assert (figures.loans, figures.days_on_loan, figures.on_loan) == (2, 40, True)
    assert figures.age_days == 101 and figures.usage_rate == 40


def test_an_end_without_a_start_is_ignored():
    figures = indicators.compute(ACQUIRED, [(LOAN_ENDED, date(2024, 5, 1))], date(2024, 6, 1))
    assert (figures.loans, figures.days_on_loan, figures.on_loan) == (0, 0, False)
