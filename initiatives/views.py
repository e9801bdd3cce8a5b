import unicodedata

from django.db.models import Count, F, Func, IntegerField
from django.utils import translation
from django.views.generic import DetailView, TemplateView
from modeltranslation.utils import build_localized_fieldname, resolution_order

from cities_site.pagination import page_of
from cities_site.translated_slugs import TranslatedSlugDetailMixin
from partners.models import Partner

from . import search
from .filters import InitiativeFilterSet
from .models import Initiative, Level, PolicyType, Theme

PAGE_SIZE = 20


class InitiativeListView(TemplateView):
    template_name = "initiatives/initiative_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = self.request.GET
        filterset = InitiativeFilterSet(params, queryset=Initiative.objects.for_list())
        page, page_ignored = page_of(filterset.qs, params.get("page"), PAGE_SIZE)
        active = filterset.active
        context.update(
            filterset=filterset,
            page_obj=page,
            initiatives=page.object_list,
            total=page.paginator.count,
            page_ignored=page_ignored,
            ignored_filters=filterset.ignored,
            active_filters=self._active_filters(filterset, active),
            facets=facets(filterset, active),
            query=active.get("q", ""),
            page_query=self._query_without(params, "page"),
        )
        return context

    @staticmethod
    def _query_without(params, *names):
        kept = params.copy()
        for name in {*names, "page"}:
            kept.pop(name, None)
        return kept.urlencode()

    def _active_filters(self, filterset, active):
        items = []
        for name in ("q", *InitiativeFilterSet.FACETS):
            if name not in active:
                continue
            value = active[name]
            if name == "level":
                value = Level(value).label
            elif name == "year":
                value = int(value)
            items.append(
                {
                    "name": name,
                    "label": filterset.filters[name].label,
                    "value": value,
                    "remove_query": self._query_without(self.request.GET, name),
                }
            )
        return items


def facets(filterset, active):
    """Each filter's values with the number of initiatives each would give.

    Counts take every other active filter into account, as a visitor adding (or changing)
    that one filter would see them. One query per filter, however many initiatives: each
    groups the matching initiatives by one column of the ``initiative_facets`` index.
    """
    language = translation.get_language()

    def counts(name, column):
        return count_by(filterset.queryset_without(name), column)

    theme_counts = dict(
        Initiative.themes.through.objects.filter(initiative__in=filterset.queryset_without("theme"))
        .values_list("theme")
        .annotate(count=Count("pk"))
        .order_by()
    )
    years = sorted(counts("year", "year").items(), reverse=True)
    levels = counts("level", "level")
    types = count_by(filterset.queryset_without("type"), "policy_type", foreign_key=True)
    result = [
        _facet(
            filterset,
            active,
            "theme",
            [
                (t.slug, t.name, theme_counts[t.pk], t)
                for t in Theme.objects.all()
                if t.pk in theme_counts
            ],
        ),
        _facet(filterset, active, "year", [(str(y), str(y), n, y) for y, n in years]),
    ]
    for name in ("country", "city"):
        places = counts(name, build_localized_fieldname(name, language))
        options = [(place, place, n, place) for place, n in places.items() if place]
        result.append(_facet(filterset, active, name, sorted(options, key=_by_label)))
    result.append(
        _facet(
            filterset,
            active,
            "level",
            [
                (value, label, levels[value], value)
                for value, label in Level.choices
                if value in levels
            ],
        )
    )
    result.append(
        _facet(
            filterset,
            active,
            "type",
            [(t.key, t.name, types[t.pk], t) for t in PolicyType.objects.all() if t.pk in types],
        )
    )
    result.append(_facet(filterset, active, "organisation", organisation_options(filterset)))
    return result


def organisation_options(filterset):
    """The partners that published matching initiatives, by name: a partner's name and slug
    in the page's language, or in the fallback language."""
    matching = filterset.queryset_without("organisation")
    counts = count_by(matching, "organisation", foreign_key=True)
    languages = resolution_order(translation.get_language())
    names = [build_localized_fieldname("name", code) for code in languages]
    slugs = [build_localized_fieldname("slug", code) for code in languages]
    options = []
    # rewrite(False): plain values, without modeltranslation's per-row fallback work.
    rows = (
        Partner.objects.rewrite(False)
        .filter(pk__in=matching.values("organisation"))
        .values_list("pk", *names, *slugs)
    )
    for pk, *texts in rows:
        name = next((text for text in texts[: len(names)] if text), "")
        slug = next((text for text in texts[len(names) :] if text), "")
        options.append((slug, name, counts[pk], pk))
    return sorted(options, key=_by_label)


class UnaryPlus(Func):
    """The same number; it keeps SQLite's planner from grouping by the foreign key's own
    index, which would then read every row for the filters, instead of ``initiative_facets``."""

    template = "+%(expressions)s"
    output_field = IntegerField()


def count_by(queryset, column, foreign_key=False):
    """{value: number of initiatives} for ``column``'s values in ``queryset``."""
    group = UnaryPlus(F(column)) if foreign_key else F(column)
    return dict(
        queryset.exclude(**{f"{column}__isnull": True})
        .rewrite(False)
        .annotate(facet_value=group)
        .values_list("facet_value")
        .annotate(count=Count("pk"))
    )


def _by_label(option):
    label = unicodedata.normalize("NFKD", option[1].translate(search.LIGATURES))
    return label.encode("ascii", "ignore").lower()


def _facet(filterset, active, name, options):
    """``options`` are (value, label, count, what the filter's cleaned value is when chosen)."""
    chosen = active.get(name)
    if isinstance(chosen, Partner):
        chosen = chosen.pk
    return {
        "name": name,
        "label": filterset.filters[name].label,
        "options": [
            {"value": value, "label": label, "count": count, "selected": key == chosen}
            for value, label, count, key in options
        ],
        "any_selected": chosen is not None and any(key == chosen for *_rest, key in options),
    }


class InitiativeDetailView(TranslatedSlugDetailMixin, DetailView):
    template_name = "initiatives/initiative_detail.html"
    context_object_name = "initiative"

    def get_queryset(self):
        return Initiative.objects.for_page()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["objectives"] = list(self.object.objectives.all())
        context["axes"] = list(self.object.axes.all())
        return context
