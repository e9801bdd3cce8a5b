"""The list's facets: each filter's values, with the number of initiatives each would give,
counted by the database over the other filters (InitiativeFilterSet.qs_without)."""

from dataclasses import dataclass
from types import SimpleNamespace

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count
from django_countries import countries

from core.i18n import localized
from core.places import City
from core.templatetags.translated import translated

from .models import Initiative, Level, PolicyType, Theme
from .search import normalise

Partner = Initiative._meta.get_field("organisation").related_model

# Each filter's field, where it differs from the filter's name, and the columns counted.
FIELDS = {"theme": "themes", "type": "policy_type"}
COLUMNS = ["id", "year", "country", "city", "level", "policy_type", "organisation"]
TEXT_FACETS = {"country", "level"}
# A facet offers its most frequent values, at most this many (and any chosen one): a list of
# a thousand organisations helps no one, and costs more than the rest of the page.
MOST_VALUES = 30


@dataclass
class Option:
    """A value of a filter as the form offers it: its value in the address, its label (and
    the label's language where it is not the page's), its count, whether it is chosen."""

    value: str
    label: str
    count: int
    selected: bool
    lang: str = ""


def counts(filterset, name, chosen=()):
    """{value: number of initiatives} of one facet's values over every filter but its own:
    the most frequent first, then the ``chosen`` ones not among them."""
    field = FIELDS.get(name, name)
    initiatives = filterset.qs_without(name).order_by()
    if name == "theme":
        links = Initiative.themes.through.objects.filter(initiative__in=initiatives)
        rows = links.values_list("theme").annotate(n=Count("initiative"))
        field = "theme"
    else:
        rows = initiatives.values_list(field).annotate(n=Count("*"))
    rows = rows.exclude(**{f"{field}__isnull": True}).order_by("-n", field)
    if name in TEXT_FACETS:
        rows = rows.exclude(**{field: ""})
    # One more than shown (besides the chosen ones), to know whether some are left out.
    found = dict(rows[: MOST_VALUES + 1 + len(chosen)])
    if missing := [key for key in chosen if key not in found]:
        found |= dict.fromkeys(missing, 0) | dict(rows.filter(**{f"{field}__in": missing}))
    return found


def counts_together(initiatives, names):
    """The same for several facets over the same narrowed ``initiatives``: one statement,
    which filters (and matches the words) once and groups the rows by each facet's column,
    and counts them (the list's number, not counted again). Over all the initiatives, each
    count reading its own small index is faster (README, "Speed")."""
    try:
        base, params = initiatives.order_by().values(*COLUMNS).query.sql_with_params()
    except EmptyResultSet:
        return {name: {} for name in names}, 0
    quote = connection.ops.quote_name
    links = Initiative.themes.through._meta.db_table
    groups = ["SELECT '' AS facet, 'all' AS value, COUNT(*) AS n FROM matched"]
    for name in names:
        if name == "theme":
            groups.append(
                f"SELECT 'theme' AS facet, CAST(theme_id AS TEXT) AS value, COUNT(*) AS n "
                f"FROM {quote(links)} JOIN matched ON initiative_id = matched.id "
                "GROUP BY theme_id"
            )
        else:
            column = quote(FIELDS.get(name, name))
            groups.append(
                f"SELECT '{name}' AS facet, CAST({column} AS TEXT) AS value, COUNT(*) AS n "
                f"FROM matched WHERE {column} IS NOT NULL GROUP BY {column}"
            )
    sql = (
        f"WITH matched AS ({base}) SELECT facet, value, n FROM (SELECT facet, value, n, "
        "ROW_NUMBER() OVER (PARTITION BY facet ORDER BY n DESC, LENGTH(value), value) AS place "
        f"FROM ({' UNION ALL '.join(groups)}) AS grouped WHERE value <> '') AS ranked "
        f"WHERE place <= {MOST_VALUES + 1} ORDER BY facet, place"
    )
    found, total = {name: {} for name in names}, 0
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for facet, value, n in cursor.fetchall():
            if not facet:
                total = n
            else:
                found[facet][value if facet in TEXT_FACETS else int(value)] = n
    return found, total


def facets(filterset):
    """Each facet's options, in the order a visitor looks for them, and the number of
    initiatives the filters give when counting them told it (else None). A chosen value is
    offered even where it gives nothing, so that the form, sent again, keeps it."""
    chosen = filterset.active
    # The facets not chosen share the narrowed list; each chosen one is counted without itself.
    narrowed = any(name in chosen for name in ("q", *filterset.FACETS))
    shared = [name for name in filterset.FACETS if name not in chosen] if narrowed else []
    all_counts, total = counts_together(filterset.qs, shared) if shared else ({}, None)
    result = []
    for name in filterset.FACETS:
        selected = [getattr(value, "pk", value) for value in chosen.get(name, [])]
        found = all_counts[name] if name in all_counts else counts(filterset, name, selected)
        shown = {*list(found)[:MOST_VALUES], *selected}
        options = [
            Option(value, label, found[key], key in selected, lang)
            for key, value, label, lang in labelled(name, [key for key in found if key in shown])
        ]
        if len(options) > 8:  # a list that scrolls: what is ticked shows at its top
            options.sort(key=lambda option: not option.selected)
        result.append(
            {
                "name": name,
                "label": filterset.filters[name].label,
                "options": options,
                "values_left_out": any(key not in shown for key in found),
                "most_values": MOST_VALUES,
            }
        )
    return result, total


def labelled(name, keys):
    """(key, value, label, label's language if a fallback) of each of ``keys``, in order."""
    if name == "year":
        return [(year, str(year), str(year), "") for year in sorted(keys, reverse=True)]
    if name == "level":
        return [(v, v, str(label), "") for v, label in Level.choices if v in keys]
    if name == "country":
        named = [(code, code, str(countries.name(code)), "") for code in keys]
        return sorted(named, key=lambda row: normalise(row[2]))
    objects, value_field, ordered = {
        "theme": (Theme.objects, "slug", False),
        "type": (PolicyType.objects, "key", False),
        "city": (City.objects, "key", True),
        "organisation": (Partner.objects.published(), "slug", True),
    }[name]
    columns = [
        "pk",
        *localized("name"),
        *(localized(value_field) if value_field == "slug" else [value_field]),
    ]
    rows = []
    # Rows rather than model instances: a facet may name a hundred partners.
    for values in objects.filter(pk__in=keys).values(*columns):
        texts = SimpleNamespace(**values)
        label = translated(texts, "name")
        value = str(translated(texts, "slug")) if value_field == "slug" else values[value_field]
        rows.append((values["pk"], value, str(label), label.language if label.is_fallback else ""))
    if ordered:
        rows.sort(key=lambda row: normalise(row[2]))
    return rows
