"""Folding for the search: the same in Python, SQLite and PostgreSQL."""

from hypothesis import given
from hypothesis import strategies as st

from parvis.core.models import Commune
from parvis.core.search import ACCENTED, MAX_WORDS, PLAIN, fold, matching, words


def test_postgresql_translation_table_folds_like_python():
    assert len(ACCENTED) == len(PLAIN)
    for accented, plain in zip(ACCENTED, PLAIN, strict=True):
        assert fold(accented) == plain, accented


@given(st.text(max_size=300))
def test_any_query_gives_few_plain_lower_case_words(query):
    found = words(query)
    assert len(found) <= MAX_WORDS
    for word in found:
        assert word == fold(word) and word.strip() == word and word


def test_the_database_folds_its_columns_like_python(communes):
    assert list(matching(Commune.objects.all(), ["name"], "BEGLES").values_list(
        "name", flat=True)) == ["Bègles"]
    assert matching(Commune.objects.all(), ["name"], "   ").count() == 0
