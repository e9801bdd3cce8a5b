"""Search in the visitor's language, ignoring accents and case, best matches first.

Each initiative keeps, per language, its title and the rest of its text (organisation,
summary, introduction, objectives, axes, closing text) in helper columns, normalised
(accents stripped, case folded) and refreshed whenever the initiative or one of its
objectives or axes is saved.

On PostgreSQL, each initiative also stores, per language, its search document: the words of
these columns stemmed in the language's configuration ('french' or 'english'), the title
weighing more than the rest, under a GIN index. It is computed by the database when the
initiative is saved (``refresh_documents``), so that a search reads it instead of stemming
every initiative's text again. Elsewhere (SQLite), every word must appear in the helper
columns, and initiatives are ranked by the words found in their title, then in the rest.
"""

import unicodedata

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connections
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.utils import translation

MAX_QUERY_LENGTH = 200
MAX_WORDS = 10
SEARCH_CONFIGS = {"fr": "french", "en": "english"}
# Letters that Unicode does not decompose but ``unaccent`` spells out.
LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})


def normalise(text):
    """Lower case, no accents, no punctuation: "L’Œuvre  ÉCONOMIQUE" gives "l oeuvre economique"."""
    text = unicodedata.normalize("NFKD", (text or "").translate(LIGATURES))
    # Punctuation separates words, whichever apostrophe or dash was typed.
    text = "".join(
        char if char.isalnum() else " " for char in text if not unicodedata.combining(char)
    )
    return " ".join(text.casefold().split())


def search_columns(language=None):
    language = language if language in SEARCH_CONFIGS else "fr"
    return f"search_title_{language}", f"search_body_{language}"


def document_column(language):
    return f"search_document_{language}"


def refresh_documents(queryset):
    """Recompute the stored search documents of ``queryset``'s initiatives (PostgreSQL only)."""
    if connections[queryset.db].vendor != "postgresql":
        return
    documents = {}
    for language, config in SEARCH_CONFIGS.items():
        title_column, body_column = search_columns(language)
        documents[document_column(language)] = SearchVector(
            F(title_column), config=config, weight="A"
        ) + SearchVector(F(body_column), config=config, weight="B")
    queryset.order_by().update(**documents)


def search(queryset, text, ranked=True):
    """``queryset`` narrowed to what matches ``text``; with ``ranked``, annotated with a
    ``search_rank`` (the counts of the filters need only the narrowing)."""
    language = translation.get_language() or "fr"
    language = language if language in SEARCH_CONFIGS else "fr"
    title_column, body_column = search_columns(language)
    # The query is normalised like the stored text, so that both split words alike.
    text = normalise((text or "")[:MAX_QUERY_LENGTH])
    if not text:
        return (queryset.annotate(search_rank=Value(0)) if ranked else queryset).none()
    if connections[queryset.db].vendor == "postgresql":
        column = document_column(language)
        query = SearchQuery(text, config=SEARCH_CONFIGS[language], search_type="plain")
        queryset = queryset.filter(**{column: query})
        return queryset.annotate(search_rank=SearchRank(F(column), query)) if ranked else queryset
    words = list(dict.fromkeys(text.split()))[:MAX_WORDS]
    condition = Q()
    rank = Value(0)
    for word in words:
        in_title = Q(**{f"{title_column}__contains": word})
        in_body = Q(**{f"{body_column}__contains": word})
        condition &= in_title | in_body
        if not ranked:
            continue
        rank = (
            rank
            + Case(When(in_title, then=Value(10)), default=Value(0), output_field=IntegerField())
            + Case(When(in_body, then=Value(1)), default=Value(0), output_field=IntegerField())
        )
    queryset = queryset.filter(condition)
    return queryset.annotate(search_rank=rank) if ranked else queryset
