"""The list's facets: each filter's values, with the number of initiatives each would give,
counted by the database over the other filters (InitiativeFilterSet.qs_without)."""

from dataclasses import dataclass
from types import SimpleNamespace

from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from core.i18n import localized
from core.places import City
from core.templatetags.translated import translated

from .models import Initiative, Level, PolicyType, Theme
from .search import normalise

Partner = Initiative._meta.get_field("organisation").related_model

# The first choice of each filter: no value, in words that agree with the filter's name.
ANY = {
    "theme": _("All themes"),
    "year": _("All years"),
    "country": _("All countries"),
    "city": _("All cities"),
    "level": _("All levels"),
    "type": _("All types"),
    "organisation": _("All organisations"),
}
# Each filter's field, where it differs from the filter's name.
FIELDS = {"theme": "themes", "type": "policy_type"}
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


def counts(filterset, name):
    """{value: number of initiatives} of one facet's most frequent values, over every filter
    but its own."""
    field = FIELDS.get(name, name)
    initiatives = filterset.qs_without(name).order_by()
    if name == "theme":
        links = Initiative.themes.through.objects.filter(initiative__in=initiatives)
        rows = links.values_list("theme").annotate(n=Count("initiative"))
        field = "theme"
    else:
        rows = initiatives.values_list(field).annotate(n=Count("*"))
    rows = rows.exclude(**{f"{field}__isnull": True}).order_by("-n", field)[:MOST_VALUES]
    return {key: n for key, n in rows if key != ""}


def facets(filterset, total):
    """Each facet's options, in the order a visitor looks for them. A chosen value is offered
    even where it gives nothing, so that the form, sent again, keeps it."""
    chosen = filterset.active
    result = []
    for name in filterset.FACETS:
        found = counts(filterset, name)
        selected = chosen.get(name)
        selected_key = getattr(selected, "pk", selected)
        if selected is not None and selected_key not in found:
            # Over the other filters, the chosen value gives what the list shows.
            found[selected_key] = total
        options = [
            Option(value, label, found[key], key == selected_key, lang)
            for key, value, label, lang in labelled(name, found)
        ]
        result.append(
            {
                "name": name,
                "label": filterset.filters[name].label,
                "any_label": ANY[name],
                "options": options,
                "any_selected": selected is not None,
            }
        )
    return result


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
