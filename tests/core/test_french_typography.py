"""French typography on every page: the first of a month is « 1er », 0 and 1 take the
singular, and names sort with their accents (« Bègles » before « Bruges »), in Python and in
the database."""

import os
import re
import shutil
from datetime import UTC, date, datetime

import pytest
from django.core.management import call_command
from django.template import Context, Template
from django.urls import reverse

from parvis.core import formats
from parvis.core.models import Commune
from parvis.core.search import alphabetical


def render(source: str, **context) -> str:
    return Template(source).render(Context(context))


@pytest.mark.parametrize(("value", "format_string", "shown"), [
    (date(2027, 3, 1), "j F Y", "1er mars 2027"),
    (date(2027, 3, 2), "j F Y", "2 mars 2027"),
    (date(2027, 3, 1), "l j F", "lundi 1er mars"),
    (date(2027, 3, 1), None, "1er mars 2027"),  # DATE_FORMAT
    (date(2027, 3, 1), "d/m/Y", "01/03/2027"),  # numeric: as it is
    (date(2027, 3, 1), "j/n", "1/3"),
    (date(2027, 3, 1), r"\j j F", "j 1er mars"),  # an escaped j stays a letter
    # 23:30 UTC on 28 February is 1 March in Paris.
    (datetime(2027, 2, 28, 23, 30, tzinfo=UTC), "j F Y, H:i", "1er mars 2027, 00:30"),
])
def test_the_date_filter_says_the_first_of_a_month_1er(value, format_string, shown):
    source = "{{ value|date }}" if format_string is None else "{{ value|date:fmt }}"
    assert render(source, value=value, fmt=format_string) == shown


def test_dates_written_by_code_say_1er_too():
    first = datetime(2027, 3, 1, 8, tzinfo=UTC)
    assert formats.moment(first, now=first) == "1er mars à 9 h"
    assert formats.date_format(date(2027, 1, 1), "j F Y") == "1er janvier 2027"
    assert formats.date_format(date(2027, 1, 21), "j F Y") == "21 janvier 2027"


@pytest.mark.parametrize(("count", "shown"), [(0, "0 soutien"), (1, "1 soutien"),
                                              (2, "2 soutiens")])
def test_zero_and_one_take_the_singular(count, shown):
    template = ("{% load i18n %}{% blocktranslate count counter=n %}{{ counter }} soutien"
                "{% plural %}{{ counter }} soutiens{% endblocktranslate %}")
    assert render(template, n=count) == shown


@pytest.mark.django_db
def test_an_empty_list_says_0_in_the_singular(client):
    page = client.get(reverse("processes:list")).content.decode()
    assert re.search(r"<h2>0 démarche</h2>", page)


@pytest.mark.skipif(shutil.which("xgettext") is None and not os.environ.get("CI"),
                    reason="reading the messages needs GNU gettext (Debian package gettext),"
                    " which CI installs")
def test_the_plural_catalog_holds_every_plural_message(capsys):
    call_command("plural_messages", check=True)
    assert "up to date" in capsys.readouterr().out


def test_names_sort_with_their_accents_in_python():
    names = ["Bruges", "Eysines", "Bègles", "bassens", "Écluse", "Ambès", "Ambarès"]
    assert sorted(names, key=alphabetical) == [
        "Ambarès", "Ambès", "bassens", "Bègles", "Bruges", "Écluse", "Eysines"]


@pytest.mark.django_db
def test_the_communes_sort_with_their_accents_in_the_database_and_the_selector(communes,
                                                                               client):
    names = list(Commune.objects.values_list("name", flat=True))
    communes = set(names)
    assert names == sorted(names, key=alphabetical)
    assert names.index("Bègles") < names.index("Blanquefort") < names.index("Bruges")
    page = client.get(reverse("processes:list")).content.decode()
    options = re.findall(r"<option value=\"[^\"]+\"[^>]*>([^<]+)</option>", page)
    shown = [name for name in options if name in communes]
    assert shown.index("Bègles") < shown.index("Bruges")
