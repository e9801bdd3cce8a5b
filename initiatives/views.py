import unicodedata
from functools import lru_cache
from urllib.parse import urlencode

from django.conf import settings
from django.http import QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.views.generic import DetailView, TemplateView
from modeltranslation.utils import build_localized_fieldname, resolution_order

from cities_site.i18n import language_name_in_sentence
from cities_site.pagination import page_of
from cities_site.translated_slugs import TranslatedSlugDetailMixin
from partners.models import Partner

from . import search
from .facet_counts import facet_counts
from .filters import InitiativeFilterSet
from .models import Initiative, Level, PolicyType, Theme

PAGE_SIZE = 20


class InitiativeListView(TemplateView):
    template_name = "initiatives/initiative_list.html"

    def get(self, request, *args, **kwargs):
        # The form sends every field, chosen or not: the address to share (and to cache) is
        # the one with only what was chosen.
        given = request.GET
        chosen = QueryDict(mutable=True)
        for name, values in given.lists():
            kept = [value for value in values if value.strip()]
            if kept:
                chosen.setlist(name, kept)
        if len(chosen) < len(given) or any(
            len(chosen.getlist(name)) < len(given.getlist(name)) for name in chosen
        ):
            query = chosen.urlencode()
            return redirect(f"{request.path}?{query}" if query else request.path)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = self.request.GET
        filterset = InitiativeFilterSet(params, queryset=Initiative.objects.for_list())
        active = filterset.active
        counts, total = facet_counts(filterset)
        page, page_ignored = page_of(filterset.qs, params.get("page"), PAGE_SIZE, count=total)
        context.update(
            filterset=filterset,
            page_obj=page,
            initiatives=page.object_list,
            total=page.paginator.count,
            page_ignored=page_ignored,
            ignored_filters=filterset.ignored,
            active_filters=self._active_filters(filterset, active),
            facets=facets(filterset, active, counts),
            query=active.get("q", ""),
            page_query=self._query_without(params, "page"),
            other_language_searches=(
                self._other_language_searches(active["q"]) if not total and "q" in active else []
            ),
        )
        return context

    def _other_language_searches(self, text):
        """Each language's pages search its own text: when the words find nothing here, the
        languages in which they find something (the filters, some named per language, left
        out)."""
        if Initiative.objects.published().matching(text).exists():
            return []  # the filters, not the words, emptied the list
        current = translation.get_language()
        found = []
        for code, _name in settings.LANGUAGES:
            if code == current:
                continue
            with translation.override(code):
                if not Initiative.objects.published().matching(text).exists():
                    continue
                url = f"{reverse('initiatives:list')}?{urlencode({'q': text})}"
            found.append({"code": code, "url": url, "name": language_name_in_sentence(code)})
        return found

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


def facets(filterset, active, counts):
    """Each filter's values with the number of initiatives each would give (``counts``, from
    ``facet_counts``), in the order a visitor looks for them."""
    result = [
        _facet(
            filterset,
            active,
            "theme",
            [
                (t.slug, t.name, counts["theme"][t.pk], t)
                for t in Theme.objects.all()
                if t.pk in counts["theme"]
            ],
        ),
        _facet(
            filterset,
            active,
            "year",
            [(str(y), str(y), n, y) for y, n in sorted(counts["year"].items(), reverse=True)],
        ),
    ]
    for name in ("country", "city"):
        options = [(place, place, n, place) for place, n in counts[name].items() if place]
        result.append(_facet(filterset, active, name, sorted(options, key=_by_label)))
    levels = counts["level"]
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
    types = counts["type"]
    result.append(
        _facet(
            filterset,
            active,
            "type",
            [(t.key, t.name, types[t.pk], t) for t in PolicyType.objects.all() if t.pk in types],
        )
    )
    result.append(
        _facet(filterset, active, "organisation", organisation_options(counts["organisation"]))
    )
    return result


def organisation_options(counts):
    """The partners counted in ``counts`` (partner's key → number of initiatives), by name:
    a partner's name and slug in the page's language, or in the fallback language."""
    languages = resolution_order(translation.get_language())
    names = [build_localized_fieldname("name", code) for code in languages]
    slugs = [build_localized_fieldname("slug", code) for code in languages]
    options = []
    # rewrite(False): plain values, without modeltranslation's per-row fallback work.
    rows = (
        Partner.objects.rewrite(False)
        .filter(pk__in=Initiative.objects.published().values("organisation"))
        .values_list("pk", *names, *slugs)
    )
    for pk, *texts in rows:
        if pk not in counts:
            continue
        name = next((text for text in texts[: len(names)] if text), "")
        slug = next((text for text in texts[len(names) :] if text), "")
        options.append((slug, name, counts[pk], pk))
    return sorted(options, key=_by_label)


def _by_label(option):
    return _sort_key(option[1])


@lru_cache(maxsize=10_000)
def _sort_key(label):
    """Alphabetical order whatever the accents: "Économie" between "Dakar" and "Fès"."""
    label = unicodedata.normalize("NFKD", label.translate(search.LIGATURES))
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
