"""The site's search: each module answers for its own content (`Module.search`), this
module holds what they share.

- `Result`: one hit (what it is, its title, its address, a short summary);
- `matching(queryset, fields, query)`: the rows where every word of the query is found in
  one of the fields, ignoring case and accents, on SQLite and PostgreSQL alike;
- `alphabetical` and `alphabetical_order(field)`: names sorted the French way, in Python
  and in the database;
- `LIMIT`: the most hits a module returns, so that a search costs a bounded number of
  queries and rows whatever the database holds.

Folding a column happens in the database: PostgreSQL's `TRANSLATE(LOWER(…))` (no extension
needed), and on SQLite a function registered on each connection (`register_fold`), which
folds like `fold` below.
"""

import unicodedata
from dataclasses import dataclass
from functools import reduce
from operator import and_, or_

from django.db.models import CharField, Func, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

LIMIT = 10
MAX_WORDS = 8
MAX_QUERY_LENGTH = 200
SQLITE_FUNCTION = "parvis_fold"
# Accented letters of French and their plain lower-case letter, for PostgreSQL's TRANSLATE
# (capitals too: LOWER leaves them as they are under a C locale).
ACCENTED = "àâäáãåçéèêëíìîïñóòôöõúùûüýÿ" "ÀÂÄÁÃÅÇÉÈÊËÍÌÎÏÑÓÒÔÖÕÚÙÛÜÝŸ"
PLAIN = "aaaaaaceeeeiiiinooooouuuuyy" * 2


@dataclass(frozen=True)
class Result:
    kind: str
    title: str
    url: str
    summary: str = ""


def fold(text: str) -> str:
    """`text` lower-cased, without accents (« Éclairage » -> « eclairage »)."""
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def alphabetical(text: str) -> tuple[str, str]:
    """Sort key of names the French way: accents and case do not count (« Bègles » before
    « Bruges », « écluse » beside « Eysines »), the exact text breaks ties."""
    return fold(text), text


def alphabetical_order(field: str) -> list:
    """The database ordering of `field` that `alphabetical` gives, on SQLite and PostgreSQL
    alike whatever the database's collation (a C collation sorts « Bruges » before
    « Bègles »)."""
    return [Folded(field), field]


def words(query: str) -> list[str]:
    """The folded words of a query, bounded in number and length."""
    return fold(query[:MAX_QUERY_LENGTH]).split()[:MAX_WORDS]


class Folded(Func):
    """A text column lower-cased and without accents, in the database."""

    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, function=SQLITE_FUNCTION, **extra)

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"TRANSLATE(LOWER({sql}), %s, %s)", (*params, ACCENTED, PLAIN)


def register_fold(sender, connection, **kwargs):
    """`connection_created` receiver: the folding function of SQLite connections."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            SQLITE_FUNCTION, 1, lambda text: None if text is None else fold(text),
            deterministic=True,
        )


def matching(queryset: QuerySet, fields: list[str], query: str) -> QuerySet:
    """The rows of `queryset` where each word of `query` is in one of `fields`; none
    when the query has no word."""
    terms = words(query)
    if not terms:
        return queryset.none()
    folded = {f"folded_{index}": Folded(name) for index, name in enumerate(fields)}
    condition = reduce(and_, (
        reduce(or_, (Q(**{f"{alias}__contains": term}) for alias in folded)) for term in terms
    ))
    return queryset.annotate(**folded).filter(condition)



@dataclass(frozen=True)
class StaticPage:
    """A page of fixed text, found by its title and a few words of what it says."""

    title: str
    url_name: str
    keywords: str = ""

    def matches(self, terms: list[str]) -> bool:
        text = fold(f"{self.title} {self.keywords}")
        return bool(terms) and all(term in text for term in terms)


PLATFORM_PAGES = [
    StaticPage(_("Déclaration d'accessibilité"), "accessibility",
               _("accessibilité RGAA handicap lecteur d'écran conformité contact")),
    StaticPage(_("Mentions légales"), "legal",
               _("éditeur hébergeur licence logiciel libre AGPL directeur de la publication")),
    StaticPage(_("Données personnelles"), "privacy",
               _("vie privée RGPD traitements conservation droits cookies")),
]


def static_pages(pages: list[StaticPage], query: str) -> list[Result]:
    """The pages of `pages` whose title or keywords hold every word of `query`."""
    terms = words(query)
    return [Result(_("Page"), str(page.title), reverse(page.url_name))
            for page in pages if page.matches(terms)]
