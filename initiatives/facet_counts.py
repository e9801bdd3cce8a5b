"""The number of initiatives behind each value of each filter, in one statement.

A filter's counts take every other active filter into account (as a visitor changing that
one filter would see them), so each filter counts a slightly different set of initiatives.
Counting each set in its own query would read the matching initiatives, and run the search,
once per filter. Instead, one statement reads them once:

- ``matching``: the published initiatives that match the search and fail at most one of the
  other active filters, with one flag per active filter (does the initiative pass it?) and
  the number of filters it fails (``misses``), materialised once;
- then, per filter, the initiatives that pass all the others (``misses = 0``, or the one they
  fail is this filter), grouped by the filter's value; and the total, which pass them all.

The flags reuse each filter's own lookup (``id IN (what the filter keeps)``), so that the
counts can't drift from what the filters do.
"""

from collections import defaultdict

from django.db import connections
from django.db.models import BooleanField, Case, ExpressionWrapper, IntegerField, Q, Value, When
from django.utils import translation
from modeltranslation.utils import build_localized_fieldname

from .models import Initiative

# Filter name → column of the initiative grouped by (theme: through the themes table).
GROUPED_COLUMNS = {
    "year": "year",
    "level": "level",
    "type": "policy_type_id",
    "organisation": "organisation_id",
    "country": "country",
    "city": "city",
}
INTEGER_VALUES = {"year", "type", "organisation", "theme"}


def facet_counts(filterset):
    """({filter name: {value: number of initiatives}}, number matching every filter).

    Values are the database's: a year, a level's key, a policy type's, theme's or
    organisation's primary key, a country's or city's name in the active language.
    """
    active = filterset.active
    flags = {
        name: ExpressionWrapper(
            Q(pk__in=filterset.filters[name].filter(Initiative.objects.all(), value).values("pk")),
            output_field=BooleanField(),
        )
        for name, value in active.items()
        if name != "q"
    }
    matching = Initiative.objects.published().order_by()
    if "q" in active:
        matching = matching.matching(active["q"])
    if matching.query.is_empty():  # a search with nothing to look for
        return defaultdict(dict), 0
    misses = sum(
        (Case(When(flag, then=Value(0)), default=Value(1)) for flag in flags.values()),
        start=Value(0, output_field=IntegerField()),
    )
    language = translation.get_language()
    columns = {
        name: build_localized_fieldname(column, language) if name in ("country", "city") else column
        for name, column in GROUPED_COLUMNS.items()
    }
    matching = (
        matching.rewrite(False)
        .annotate(**{f"passes_{name}": flag for name, flag in flags.items()}, misses=misses)
        .filter(misses__lte=1)
        .values_list("pk", *columns.values(), *(f"passes_{name}" for name in flags), "misses")
    )
    connection = connections[matching.db]
    inner_sql, params = matching.query.get_compiler(connection=connection).as_sql()
    names = ["id", *(f"by_{name}" for name in columns), *(f"passes_{name}" for name in flags)]
    names.append("misses")

    def counted_by(name):
        return f"(misses = 0 OR NOT passes_{name})" if name in flags else "misses = 0"

    through = Initiative.themes.through._meta
    initiative_column = through.get_field("initiative").column
    theme_column = through.get_field("theme").column
    parts = [
        f"SELECT '{name}', CAST(by_{name} AS TEXT), COUNT(*) FROM matching "
        f"WHERE by_{name} IS NOT NULL AND {counted_by(name)} GROUP BY by_{name}"
        for name in columns
    ]
    parts.append(
        f"SELECT 'theme', CAST({theme_column} AS TEXT), COUNT(*) "
        f"FROM {connection.ops.quote_name(through.db_table)} WHERE {initiative_column} IN "
        f"(SELECT id FROM matching WHERE {counted_by('theme')}) GROUP BY {theme_column}"
    )
    parts.append("SELECT 'total', CAST(NULL AS TEXT), COUNT(*) FROM matching WHERE misses = 0")
    sql = (
        f"WITH matching ({', '.join(names)}) AS {materialized(connection)}({inner_sql}) "
        + " UNION ALL ".join(parts)
    )
    counts = defaultdict(dict)
    total = 0
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for name, value, count in cursor.fetchall():
            if name == "total":
                total = count
            else:
                counts[name][int(value) if name in INTEGER_VALUES else value] = count
    return counts, total


def materialized(connection):
    """Asks for the matching initiatives to be read once (SQLite understands it from 3.35;
    before, it may read them once per filter, which gives the same counts more slowly)."""
    if connection.vendor == "sqlite" and connection.Database.sqlite_version_info < (3, 35):
        return ""
    return "MATERIALIZED "
