"""Reading an uploaded CSV file and the numbers and days in it."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parvis.core.csv_import import CsvError, parse_day, parse_number, read


def test_rows_are_read_by_column_name_whatever_the_separator_and_bom():
    semicolons = "\ufeffValeur;Indicateur;Date\n12,5;wifi;2025-12-31\n\n".encode()
    commas = b"indicateur,date,valeur,note\nwifi,31/12/2025,12.5,ok\n"
    assert read(semicolons, ["indicateur", "date", "valeur"]) == [
        {"indicateur": "wifi", "date": "2025-12-31", "valeur": "12,5"}]
    assert read(commas, ["indicateur", "date", "valeur"], optional=("note",)) == [
        {"indicateur": "wifi", "date": "31/12/2025", "valeur": "12.5", "note": "ok"}]


@pytest.mark.parametrize(("data", "message"), [
    (b"", "Le fichier est vide"),
    (b"indicateur;date\nwifi;2025-12-31\n", "Colonnes manquantes : valeur"),
    (b"indicateur;date;valeur\n", "aucune ligne de données"),
    ("indicateur;date;valeur\nwifi;2025;é".encode("latin-1"), "UTF-8"),
])
def test_an_unreadable_file_is_refused_with_a_french_message(data, message):
    with pytest.raises(CsvError) as refused:
        read(data, ["indicateur", "date", "valeur"])
    assert message in refused.value.message


def test_numbers_and_days_are_read_the_french_way_too():
    assert parse_number("1 250,5") == Decimal("1250.5")
    assert parse_number("-3.25") == Decimal("-3.25")
    assert parse_day("31/12/2025") == parse_day("2025-12-31") == date(2025, 12, 31)
    for text in ["", "12,5,3", "1e9", "NaN", "douze"]:
        with pytest.raises(CsvError):
            parse_number(text)
    for text in ["31/02/2025", "2025-13-01", "hier", "2025/12/31"]:
        with pytest.raises(CsvError):
            parse_day(text)


@given(st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-10**9,
                   max_value=10**9))
def test_a_written_number_reads_back(number):
    assert parse_number(str(number)) == number
    assert parse_number(str(number).replace(".", ",")) == number


@given(st.dates())
def test_a_written_day_reads_back(day):
    assert parse_day(day.strftime("%d/%m/%Y")) == day if day.year >= 1000 else True


@given(st.text(max_size=30))
def test_any_text_is_a_number_or_a_refusal(text):
    try:
        assert isinstance(parse_number(text), Decimal)
    except CsvError as error:
        assert error.message


@given(st.binary(max_size=300))
def test_any_file_is_rows_or_a_refusal(data):
    try:
        rows = read(data, ["a"])
    except CsvError as error:
        assert error.message
    else:
        assert all(set(row) == {"a"} for row in rows)
