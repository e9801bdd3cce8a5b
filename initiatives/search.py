"""Search in the page's language (README, "Initiatives"): PostgreSQL's full-text search over
``search_vector_*``, SQLite's FTS5 table ``initiatives_search``, both indexed on commit."""

import unicodedata

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connections, models, transaction
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.db.models.expressions import RawSQL
from django.utils import translation

MAX_QUERY_LENGTH = 200
SEARCH_CONFIGS = {"fr": "french", "en": "english"}
# Letters that Unicode does not decompose but readers spell out.
LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})
SQLITE_TABLE = "initiatives_search"
SQLITE_COLUMNS = [f"{part}_{code}" for code in SEARCH_CONFIGS for part in ("title", "body")]


def normalise(text):
    """Lower case, no accents, no punctuation: "L’Œuvre  ÉCONOMIQUE" gives "l oeuvre economique"."""
    text = unicodedata.normalize("NFKD", (text or "").translate(LIGATURES))
    text = "".join(c if c.isalnum() else " " for c in text if not unicodedata.combining(c))
    return " ".join(text.casefold().split())


# Accented Latin letters as their base letter, and the ligatures spelt out: a table, so that
# sorting thousands of titles as a reader would ("Économie" among the E) stays cheap.
SORT_TABLE = {
    code: unicodedata.normalize("NFKD", chr(code))[0]
    for code in range(0xC0, 0x250)
    if unicodedata.normalize("NFKD", chr(code))[0] != chr(code)
} | LIGATURES


def sort_key(text):
    return (text or "").translate(SORT_TABLE).casefold()


def words_of(text):
    """The search's words, each once (MAX_QUERY_LENGTH characters bound their number)."""
    return list(dict.fromkeys(normalise((text or "")[:MAX_QUERY_LENGTH]).split()))


def searched_language():
    language = translation.get_language()
    return language if language in SEARCH_CONFIGS else "fr"


def search(queryset, text):
    """``queryset`` narrowed to what matches every word of ``text``, with a ``search_rank``
    (2: every word in the title, 1: some, 0: none); nothing when it has no word."""
    words = words_of(text)
    if not words:
        return queryset.none().annotate(search_rank=Value(0))
    if connections[queryset.db].vendor == "postgresql":
        every, title_every, title_some = _match_postgresql(words, searched_language())
    else:
        # Matched as an expression of the key, not the key itself: SQLite then reads the
        # small index each count or page needs, where it would read every matching row.
        queryset = queryset.alias(search_key=F("pk") + 0)
        every, title_every, title_some = _match_sqlite(words, searched_language())
    rank = Case(
        When(title_every, then=Value(2)),
        When(title_some, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    return queryset.filter(every).annotate(search_rank=rank)


def _match_postgresql(words, language):
    def query(joined, weight=""):
        prefixes = [f"{word}:*{weight}" for word in words]  # words: letters and digits only
        return SearchQuery(
            joined.join(prefixes), config=SEARCH_CONFIGS[language], search_type="raw"
        )

    column = f"search_vector_{language}"
    return (
        Q(**{column: query(" & ")}),
        Q(**{column: query(" & ", "A")}),
        Q(**{column: query(" | ", "A")}),
    )


def _match_sqlite(words, language):
    prefixes = [f'"{word}"*' for word in words]

    def matching(columns, joined):
        expression = f"{{{' '.join(columns)}}} : ({joined.join(prefixes)})"
        sql = f"SELECT rowid FROM {SQLITE_TABLE} WHERE {SQLITE_TABLE} MATCH %s"
        return Q(search_key__in=RawSQL(sql, [expression]))

    title, body = f"title_{language}", f"body_{language}"
    return (
        matching([title, body], " AND "),
        matching([title], " AND "),
        matching([title], " OR "),
    )


def texts(initiative, language):
    """An initiative's title and the rest of its text in ``language`` (falling back to
    French), normalised; read from its fields, so that migrations' models work too."""

    def pick(obj, name):
        return getattr(obj, f"{name}_{language}", "") or getattr(obj, f"{name}_fr", "") or ""

    organisation = initiative.organisation
    parts = [
        pick(organisation, "name") if organisation else pick(initiative, "organisation_name"),
        *(pick(initiative, name) for name in ("summary", "introduction", "axes_introduction")),
        *(pick(item, "text") for item in initiative.objectives.all()),
        *(pick(item, "text") for item in initiative.axes.all()),
        pick(initiative, "closing_text"),
    ]
    return normalise(pick(initiative, "title")), normalise(" ".join(parts))


def reindex(model, pks=None, using="default"):
    """Writes anew the index of the initiatives of ``pks`` (every one without), which may
    have been deleted since. ``model`` may be a migration's."""
    initiatives = model._base_manager.using(using)
    if pks is not None:
        initiatives = initiatives.filter(pk__in=pks)
    rows = initiatives.select_related("organisation").prefetch_related("objectives", "axes")
    connection = connections[using]
    if connection.vendor == "postgresql":
        for initiative in rows:
            vectors = {}
            for language, config in SEARCH_CONFIGS.items():
                title, body = texts(initiative, language)
                vectors[f"search_vector_{language}"] = SearchVector(
                    Value(title), config=config, weight="A"
                ) + SearchVector(Value(body), config=config, weight="B")
            model._base_manager.using(using).filter(pk=initiative.pk).update(**vectors)
        return
    with connection.cursor() as cursor:
        if pks is None:
            cursor.execute(f"DELETE FROM {SQLITE_TABLE}")
        else:
            for start in range(0, len(pks), 500):
                chunk = list(pks)[start : start + 500]
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(f"DELETE FROM {SQLITE_TABLE} WHERE rowid IN ({marks})", chunk)
        columns = ", ".join(SQLITE_COLUMNS)
        cursor.executemany(
            f"INSERT INTO {SQLITE_TABLE} (rowid, {columns}) VALUES (%s, %s, %s, %s, %s)",
            [(row.pk, *texts(row, "fr"), *texts(row, "en")) for row in rows],
        )


def reindex_on_commit(model, pks, using="default"):
    """Indexes these initiatives once the transaction is committed, each once however many
    of its parts were saved (an initiative and its ten objectives: one index write)."""
    connection = transaction.get_connection(using)
    connection.__dict__.setdefault("initiatives_to_index", set()).update(pks)

    def index_them():
        # The first callback of the commit indexes what all the saves asked for.
        if pending := connection.__dict__.pop("initiatives_to_index", None):
            reindex(model, sorted(pk for pk in pending if pk is not None), using)

    transaction.on_commit(index_them, using=using)


class SearchIndex(GinIndex):
    """A GIN index on PostgreSQL; on other databases, whose search does not read the column,
    a plain index of it (always empty)."""

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor == "postgresql":
            return super().create_sql(model, schema_editor, using, **kwargs)
        return models.Index.create_sql(self, model, schema_editor, using, **kwargs)
