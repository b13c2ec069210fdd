"""Full-text search of ideas, with French stemming, on SQLite and PostgreSQL.

One interface: `index(idea)` after an idea is published or edited, `matching(ideas, text)`
to narrow a queryset (the listing's search box, every word must match) and
`similar(ideas, text)` for the ideas close to a title being typed (any word, best first).

Both databases index the same normalised text, made here: words lowercased, French stop
words dropped, Snowball French stems, a plural -s/-x folded, accents removed. The Snowball
stemmer alone keeps « vélos » apart from « vélo » (and PostgreSQL's `french` configuration
uses that stemmer), so the folding is done once, in Python, for both backends:
- SQLite: an FTS5 virtual table `ideas_idea_fts` (rowid = idea id), ranked by bm25;
- PostgreSQL: a table `ideas_idea_search` of `tsvector` documents built with the `simple`
  configuration over the normalised text, with a GIN index, ranked by ts_rank.
The tables are created by the migration `0002_search_index`.
"""

import re
import unicodedata

import snowballstemmer
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import QuerySet, Value
from django.db.models.expressions import RawSQL

WORD = re.compile(r"\w+")
MAX_TERMS = 12

FRENCH_STOP_WORDS = """
a à afin ai aie aient aies ait as au aucun aucune aussi autre autres aux avaient avais
avait avec avez aviez avions avoir avons ayant c ça car ce ceci cela celle celles celui
ces cet cette ceux chaque chez comme comment d dans de des donc dont du elle elles en
encore es est et été étaient étais était êtes étions être eu eux faire fait faut il ils j
je jusqu l la le les leur leurs lui m ma mais me même mêmes mes moi moins mon n ne ni nos
notre nous on ont or ou où par parce pas peu peut plus pour pourquoi qu quand que quel
quelle quelles quels qui quoi s sa sans se sera ses si sien son sont sous sur t ta te tes
toi ton toujours tous tout toute toutes très tu un une vos votre vous y
"""
STOP_WORDS = frozenset(FRENCH_STOP_WORDS.split())


def _fold_accents(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def terms(text: str) -> list[str]:
    """The normalised search terms of `text`, in order, without repeats."""
    stemmer = snowballstemmer.stemmer("french")  # not thread-safe: one per call
    found = []
    for word in WORD.findall(text.lower()):
        if word in STOP_WORDS or len(word) < 2:
            continue
        stem = stemmer.stemWord(word)
        if len(stem) > 3 and stem[-1] in "sx":
            stem = stem[:-1]
        term = _fold_accents(stem)
        if term not in found:
            found.append(term)
    return found


def document(title: str, body: str) -> str:
    return " ".join(terms(f"{title} {body}"))


class SQLiteIndex:
    """An FTS5 table; rank is bm25 (lower is better)."""

    delete = "DELETE FROM ideas_idea_fts WHERE rowid = %s"
    insert = "INSERT INTO ideas_idea_fts (rowid, document) VALUES (%s, %s)"
    ids = "SELECT rowid FROM ideas_idea_fts WHERE ideas_idea_fts MATCH %s"
    rank = ("SELECT rank FROM ideas_idea_fts WHERE ideas_idea_fts MATCH %s"
            " AND rowid = ideas_idea.id")

    def save(self, cursor, pk: int, text: str) -> None:
        cursor.execute(self.delete, [pk])
        cursor.execute(self.insert, [pk, text])

    def query(self, words: list[str], any_word: bool) -> str:
        return (" OR " if any_word else " ").join(f'"{word}"' for word in words)


class PostgreSQLIndex:
    """A table of tsvector documents with a GIN index; rank is -ts_rank (lower is better)."""

    upsert = ("INSERT INTO ideas_idea_search (idea_id, document)"
              " VALUES (%s, to_tsvector('simple', %s))"
              " ON CONFLICT (idea_id) DO UPDATE SET document = EXCLUDED.document")
    ids = "SELECT idea_id FROM ideas_idea_search WHERE document @@ to_tsquery('simple', %s)"
    rank = ("SELECT -ts_rank(document, to_tsquery('simple', %s)) FROM ideas_idea_search"
            " WHERE idea_id = ideas_idea.id")

    def save(self, cursor, pk: int, text: str) -> None:
        cursor.execute(self.upsert, [pk, text])

    def query(self, words: list[str], any_word: bool) -> str:
        return (" | " if any_word else " & ").join(words)


BACKENDS = {"sqlite": SQLiteIndex, "postgresql": PostgreSQLIndex}


def backend():
    try:
        return BACKENDS[connection.vendor]()
    except KeyError:
        raise ImproperlyConfigured(
            f"Idea search supports SQLite and PostgreSQL, not {connection.vendor}."
        ) from None


def index(idea) -> None:
    """Index (or re-index) an idea's title and description."""
    with connection.cursor() as cursor:
        backend().save(cursor, idea.pk, document(idea.title, idea.body))


def _query(text: str, any_word: bool) -> str:
    words = terms(text)[:MAX_TERMS]
    return backend().query(words, any_word) if words else ""


def matching(ideas: QuerySet, text: str, *, any_word: bool = False) -> QuerySet:
    """`ideas` narrowed to those whose title or description match `text` (all its words,
    or any of them), annotated with `search_rank` (lower is better)."""
    query = _query(text, any_word)
    if not query:
        return ideas.none().annotate(search_rank=Value(0.0))
    engine = backend()
    # Fixed SQL text; the words typed only ever travel as a query parameter.
    matches = RawSQL(engine.ids, [query])  # noqa: S611
    rank = RawSQL(engine.rank, [query])  # noqa: S611
    return ideas.filter(pk__in=matches).annotate(search_rank=rank)


def similar(ideas: QuerySet, text: str, limit: int = 5) -> list:
    """The ideas closest to `text` (e.g. a title being typed), best first."""
    return list(matching(ideas, text, any_word=True).order_by("search_rank", "-pk")[:limit])
