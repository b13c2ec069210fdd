"""The tests' Table Schema validator reports what is wrong, so a passing dataset means
something."""

from hypothesis import given
from hypothesis import strategies as st

from tests.opendata import table_schema

SCHEMA = {
    "fields": [
        {"name": "id", "type": "integer", "constraints": {"required": True, "minimum": 1}},
        {"name": "statut", "type": "string", "constraints": {"enum": ["new", "done"]}},
        {"name": "le", "type": "datetime"},
        {"name": "lat", "type": "number", "constraints": {"maximum": 90}},
    ],
    "primaryKey": "id",
    "missingValues": [""],
}


def test_a_valid_file_has_no_error():
    content = "id,statut,le,lat\r\n1,new,2026-05-01T10:00:00+02:00,44.838\r\n2,,,\r\n"
    assert table_schema.errors(SCHEMA, content) == []


def test_each_broken_rule_is_reported():
    content = ("id,statut,le,lat\n"
               "0,new,2026-05-01,91\n"
               ",later,hier,x\n"
               "3,done,2026-05-01T10:00:00Z,1\n"
               "3,done,2026-05-01T10:00:00Z,1\n"
               "4,new\n")
    found = table_schema.errors(SCHEMA, content)
    assert found == [
        "row 2, id: 0 is below the minimum",
        "row 2, le: '2026-05-01' is not a datetime",
        "row 2, lat: 91 is above the maximum",
        "row 3, id: required value missing",
        "row 3, statut: 'later' is not one of the enum",
        "row 3, le: 'hier' is not a datetime",
        "row 3, lat: 'x' is not a number",
        "row 5: primary key (3,) is not unique",
        "row 6: 2 cells for 4 fields",
    ]


def test_a_header_other_than_the_fields_is_reported():
    assert table_schema.errors(SCHEMA, "id,statut\n1,new\n") == [
        "header ['id', 'statut'] is not the schema's fields ['id', 'statut', 'le', 'lat']"]


def test_a_broken_descriptor_is_reported():
    schema = {"fields": [{"name": "a", "type": "text"}, {"name": "a"}], "primaryKey": "b"}
    assert table_schema.descriptor_errors(schema) == [
        "field names are not unique", "a: unknown type 'text'", "primaryKey 'b' is not a field"]


@given(st.integers())
def test_integers_round_trip(value):
    assert table_schema.cast("integer", str(value)) == value


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_numbers_round_trip(value):
    assert table_schema.cast("number", repr(value)) == value


@given(st.text())
def test_text_is_an_integer_only_when_int_reads_it(text):
    try:
        expected = int(text.strip()) if text.isascii() and text.strip() == text else None
    except ValueError:
        expected = None
    try:
        value = table_schema.cast("integer", text)
    except ValueError:
        value = None
    if value is not None:
        assert value == expected
