"""Search in the visitor's language, ignoring accents and case, best matches first.

Each initiative keeps, per language, its title and the rest of its text (organisation,
summary, introduction, objectives, axes, closing text) in helper columns, normalised
(accents stripped, case folded) and refreshed whenever the initiative or one of its
objectives or axes is saved.

Every word of the search must be found, in the title or the rest. The best matches come
first: the initiatives whose title holds every word, then those whose title holds some of
them, then the others; most recent first within each. The same order on every database.

- On PostgreSQL, each initiative stores per language two search documents, its whole text
  and its title, stemmed in the language's configuration ('french', 'english') under GIN
  indexes: "logements" finds "logement". They are computed by the database when the
  initiative is saved (``refresh_documents``).
- On SQLite, a full-text index (FTS5, ``initiatives_search``) holds the helper columns,
  kept up to date by triggers on the initiatives' table; each word finds the words that
  start with it ("coop" finds "coopérative"). Where SQLite was built without FTS5, the
  words are looked for in every initiative's text instead: the same matches, more slowly.
"""

import unicodedata
from dataclasses import dataclass
from functools import reduce
from operator import and_, or_

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connections, transaction
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.db.models.expressions import RawSQL
from django.utils import translation

from core.queries import read_rows

MAX_QUERY_LENGTH = 200
SEARCH_CONFIGS = {"fr": "french", "en": "english"}
# Letters that Unicode does not decompose but ``unaccent`` spells out.
LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})
SQLITE_INDEX = "initiatives_search"


def normalise(text):
    """Lower case, no accents, no punctuation: "L’Œuvre  ÉCONOMIQUE" gives "l oeuvre economique"."""
    text = unicodedata.normalize("NFKD", (text or "").translate(LIGATURES))
    # Punctuation separates words, whichever apostrophe or dash was typed.
    text = "".join(
        char if char.isalnum() else " " for char in text if not unicodedata.combining(char)
    )
    return " ".join(text.casefold().split())


def words_of(text):
    """The search's words, normalised like the stored text, each once (every one must be
    found; the query's MAX_QUERY_LENGTH characters bound their number)."""
    return list(dict.fromkeys(normalise((text or "")[:MAX_QUERY_LENGTH]).split()))


def indexed_language(language=None):
    """The language whose text a search reads: the page's, or French for a language the
    search does not index."""
    language = language or translation.get_language()
    return language if language in SEARCH_CONFIGS else "fr"


def search_columns(language=None):
    language = indexed_language(language)
    return f"search_title_{language}", f"search_body_{language}"


def document_column(language):
    return f"search_document_{language}"


def title_document_column(language):
    return f"search_title_document_{language}"


def refresh_documents(queryset):
    """Recompute the stored search documents of ``queryset``'s initiatives (PostgreSQL only)."""
    if connections[queryset.db].vendor != "postgresql":
        return
    documents = {}
    for language, config in SEARCH_CONFIGS.items():
        title_column, body_column = search_columns(language)
        title = SearchVector(F(title_column), config=config, weight="A")
        documents[document_column(language)] = title + SearchVector(
            F(body_column), config=config, weight="B"
        )
        documents[title_document_column(language)] = SearchVector(F(title_column), config=config)
    queryset.order_by().update(**documents)


@dataclass
class Conditions:
    """What a search selects: every word anywhere; every word in the title; some word in the
    title (each a ``Q`` on initiatives)."""

    anywhere: Q
    title_all: Q
    title_any: Q
    single_word: bool
    # On SQLite with its full-text index: the same three as the index's MATCH expressions.
    index_expressions: tuple = ()


@dataclass
class Matches:
    """The primary keys of the initiatives (published or not) a search finds, and of those
    whose title holds every word, or some of them."""

    ids: list
    title_all: list
    title_any: list


def conditions(text, using="default"):
    """The ``Conditions`` of a search for ``text`` in the active language, or None when it
    has nothing to look for (no letter or digit)."""
    words = words_of(text)
    if not words:
        return None
    language = indexed_language()
    connection = connections[using]
    single_word = len(words) == 1
    if connection.vendor == "postgresql":
        return Conditions(*_postgresql_conditions(language, words), single_word)
    if connection.vendor == "sqlite" and has_sqlite_index(connection):
        expressions = _sqlite_index_expressions(language, words)
        return Conditions(
            *(_sqlite_index_condition(expression) for expression in expressions),
            single_word,
            expressions,
        )
    return Conditions(*_plain_conditions(language, words), single_word)


def _postgresql_conditions(language, words):
    config = SEARCH_CONFIGS[language]

    def query(text):
        return SearchQuery(text, config=config, search_type="plain")

    title = title_document_column(language)
    return (
        Q(**{document_column(language): query(" ".join(words))}),
        Q(**{title: query(" ".join(words))}),
        Q(**{title: reduce(or_, (query(word) for word in words))}),
    )


SQLITE_INDEX_QUERY = f"SELECT rowid FROM {SQLITE_INDEX} WHERE {SQLITE_INDEX} MATCH %s"


def _sqlite_index_expressions(language, words):
    title, body = search_columns(language)
    prefixes = [f'"{word}"*' for word in words]  # words hold letters and digits only
    every_word = " AND ".join(prefixes)
    return (
        f"{{{title} {body}}} : ({every_word})",
        f"{title} : ({every_word})",
        f"{title} : ({' OR '.join(prefixes)})",
    )


def _sqlite_index_condition(expression):
    return Q(pk__in=RawSQL(SQLITE_INDEX_QUERY, [expression]))


def _plain_conditions(language, words):
    title, body = search_columns(language)

    def starts_a_word(column, word):
        # The stored text is words of letters and digits separated by single spaces.
        return Q(**{f"{column}__startswith": word}) | Q(**{f"{column}__contains": f" {word}"})

    in_title = [starts_a_word(title, word) for word in words]
    in_body = [starts_a_word(body, word) for word in words]
    anywhere = Q()
    for title_has, body_has in zip(in_title, in_body, strict=True):
        anywhere &= title_has | body_has
    return anywhere, reduce(and_, in_title), reduce(or_, in_title)


def search(queryset, text, ranked=True):
    """``queryset`` narrowed to what matches ``text`` in the active language; with
    ``ranked``, annotated with a ``search_rank`` (2: every word in the title, 1: some, 0)."""
    found = conditions(text, using=queryset.db)
    if found is None:
        return (queryset.annotate(search_rank=Value(0)) if ranked else queryset).none()
    queryset = queryset.filter(found.anywhere)
    if not ranked:
        return queryset
    return queryset.annotate(
        search_rank=Case(
            When(found.title_all, then=Value(2)),
            When(found.title_any, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    )


def matches(text):
    """The ``Matches`` of a search for ``text`` in the active language (none when it has
    nothing to look for: no letter or digit)."""
    from .models import Initiative

    found = conditions(text)
    if found is None:
        return Matches([], [], [])
    connection = connections[Initiative.objects.db]
    if found.index_expressions:
        queries = [(SQLITE_INDEX_QUERY, [expression]) for expression in found.index_expressions]
    else:
        initiatives = Initiative.objects.order_by().values_list("pk")
        queries = [
            initiatives.filter(condition)
            for condition in (found.anywhere, found.title_all, found.title_any)
        ]
    if found.single_word:
        queries.pop()  # every word in the title is some word in the title

    def ids(query):
        if isinstance(query, tuple):  # the full-text index's own query
            with connection.cursor() as cursor:
                cursor.execute(*query)
                rows = cursor.fetchall()
        else:
            rows = read_rows(query)
        return [pk for (pk,) in rows]

    if connection.vendor == "postgresql":
        # A word found in most initiatives makes the planner read the whole table and test
        # every stored document (12 ms for 5,000), where the GIN index gives the same keys
        # in 4: it cannot know that testing a document costs more than its estimate.
        in_outer_transaction = connection.in_atomic_block
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            found_ids = [ids(query) for query in queries]
            if in_outer_transaction:
                # A savepoint's release keeps the setting until the outer commit.
                cursor.execute("SET LOCAL enable_seqscan TO DEFAULT")
    else:
        found_ids = [ids(query) for query in queries]
    return Matches(found_ids[0], found_ids[1], found_ids[-1])


# SQLite's full-text index.

SQLITE_INDEXED_COLUMNS = [
    f"search_{part}_{language}" for language in SEARCH_CONFIGS for part in ("title", "body")
]


def has_sqlite_index(connection):
    """Whether this SQLite database has its full-text index (asked once per connection)."""
    connection.ensure_connection()
    raw = connection.connection
    known = getattr(connection, "_cities_search_index", None)
    if known is None or known[0] is not raw:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s", [SQLITE_INDEX]
            )
            known = (raw, cursor.fetchone() is not None)
        connection._cities_search_index = known
    return known[1]


def sqlite_has_fts5(cursor):
    try:
        cursor.execute("CREATE VIRTUAL TABLE temp.cities_fts5_probe USING fts5(text)")
    except Exception:  # sqlite3.OperationalError: no such module: fts5
        return False
    cursor.execute("DROP TABLE temp.cities_fts5_probe")
    return True


def ensure_sqlite_index(connection):
    """Creates SQLite's full-text index and its triggers where they are missing or differ
    from these (a column added to the index), and fills it when anything was created; drops
    it when the initiatives' table is gone (migrated back to zero). Run after every
    ``migrate`` rather than by a migration: Django rebuilds a SQLite table, dropping its
    triggers, when a later migration alters some of its columns."""
    if connection.vendor != "sqlite":
        return False
    columns = ", ".join(SQLITE_INDEXED_COLUMNS)
    new = ", ".join(f"new.{column}" for column in SQLITE_INDEXED_COLUMNS)
    old = ", ".join(f"old.{column}" for column in SQLITE_INDEXED_COLUMNS)
    table = "initiatives_initiative"
    remove_old = (
        f"INSERT INTO {SQLITE_INDEX} ({SQLITE_INDEX}, rowid, {columns}) "
        f"VALUES ('delete', old.id, {old});"
    )
    add_new = f"INSERT INTO {SQLITE_INDEX} (rowid, {columns}) VALUES (new.id, {new});"
    wanted = {
        SQLITE_INDEX: (
            f"CREATE VIRTUAL TABLE {SQLITE_INDEX} USING fts5({columns}, "
            f"content='{table}', content_rowid='id', tokenize='unicode61')"
        ),
        f"{SQLITE_INDEX}_insert": (
            f"CREATE TRIGGER {SQLITE_INDEX}_insert AFTER INSERT ON {table} BEGIN {add_new} END"
        ),
        f"{SQLITE_INDEX}_delete": (
            f"CREATE TRIGGER {SQLITE_INDEX}_delete AFTER DELETE ON {table} BEGIN {remove_old} END"
        ),
        f"{SQLITE_INDEX}_update": (
            f"CREATE TRIGGER {SQLITE_INDEX}_update AFTER UPDATE OF {columns} ON {table} "
            f"BEGIN {remove_old} {add_new} END"
        ),
    }
    connection._cities_search_index = None
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, sql FROM sqlite_master WHERE type IN ('table', 'trigger')")
        existing = dict(cursor.fetchall())
        if table not in existing:
            cursor.execute(f"DROP TABLE IF EXISTS {SQLITE_INDEX}")
            return False
        if existing.get(SQLITE_INDEX) != wanted[SQLITE_INDEX]:
            if not sqlite_has_fts5(cursor):
                return False
            for name in wanted:  # the index and its triggers, made again together
                kind = "TABLE" if name == SQLITE_INDEX else "TRIGGER"
                cursor.execute(f"DROP {kind} IF EXISTS {name}")
                existing.pop(name, None)
        created = [name for name, sql in wanted.items() if existing.get(name) != sql]
        for name in created:
            if name in existing:
                cursor.execute(f"DROP TRIGGER {name}")
            cursor.execute(wanted[name])
        if created:
            cursor.execute(f"INSERT INTO {SQLITE_INDEX} ({SQLITE_INDEX}) VALUES ('rebuild')")
    return bool(created)
