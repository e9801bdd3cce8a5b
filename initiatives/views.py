from django.core.paginator import Paginator
from django.db.models import Count
from django.utils import translation
from django.views.generic import DetailView, TemplateView
from modeltranslation.utils import build_localized_fieldname

from cities_site.translated_slugs import TranslatedSlugDetailMixin
from partners.models import Partner

from .filters import InitiativeFilterSet
from .models import Initiative, Level, PolicyType, Theme

PAGE_SIZE = 20


class InitiativeListView(TemplateView):
    template_name = "initiatives/initiative_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = self.request.GET
        filterset = InitiativeFilterSet(params, queryset=Initiative.objects.for_list())
        page, page_ignored = self._page(filterset.qs, params.get("page"))
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
    def _page(queryset, number):
        paginator = Paginator(queryset, PAGE_SIZE)
        page = paginator.get_page(number)
        ignored = number is not None and number != str(page.number)
        return page, ignored

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
    that one filter would see them. One query per filter, however many initiatives.
    """
    language = translation.get_language()

    def matching(name):
        return filterset.queryset_without(name).values("pk")

    def selected(name):
        return active.get(name)

    result = []
    themes = (
        Theme.objects.filter(initiatives__in=matching("theme"))
        .annotate(count=Count("initiatives"))
        .order_by("order", "pk")
    )
    result.append(
        _facet(
            filterset, "theme", [(t.slug, t.name, t.count, t == selected("theme")) for t in themes]
        )
    )
    years = (
        Initiative.objects.filter(pk__in=matching("year"))
        .values("year")
        .annotate(count=Count("pk"))
        .order_by("-year")
    )
    chosen_year = selected("year")
    result.append(
        _facet(
            filterset,
            "year",
            [(str(y["year"]), str(y["year"]), y["count"], chosen_year == y["year"]) for y in years],
        )
    )
    for name in ("country", "city"):
        column = build_localized_fieldname(name, language)
        rows = (
            Initiative.objects.filter(pk__in=matching(name))
            .exclude(**{f"{column}__isnull": True})
            .exclude(**{column: ""})
            .values(column)
            .annotate(count=Count("pk"))
            .order_by(column)
        )
        result.append(
            _facet(
                filterset,
                name,
                [(r[column], r[column], r["count"], r[column] == selected(name)) for r in rows],
            )
        )
    levels = dict(
        Initiative.objects.filter(pk__in=matching("level"))
        .values_list("level")
        .annotate(count=Count("pk"))
        .order_by()
    )
    result.append(
        _facet(
            filterset,
            "level",
            [
                (value, label, levels[value], value == selected("level"))
                for value, label in Level.choices
                if value in levels
            ],
        )
    )
    types = (
        PolicyType.objects.filter(initiatives__in=matching("type"))
        .annotate(count=Count("initiatives"))
        .order_by("order", "pk")
    )
    result.append(
        _facet(filterset, "type", [(t.key, t.name, t.count, t == selected("type")) for t in types])
    )
    organisations = (
        Partner.objects.filter(initiatives__in=matching("organisation"))
        .annotate(count=Count("initiatives"))
        .order_by(build_localized_fieldname("name", language))
    )
    result.append(
        _facet(
            filterset,
            "organisation",
            [(p.slug, p.name, p.count, p == selected("organisation")) for p in organisations],
        )
    )
    return result


def _facet(filterset, name, options):
    return {
        "name": name,
        "label": filterset.filters[name].label,
        "options": [
            {"value": value, "label": label, "count": count, "selected": is_selected}
            for value, label, count, is_selected in options
        ],
        "any_selected": any(is_selected for *_rest, is_selected in options),
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
