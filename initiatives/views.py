from typing import NamedTuple
from urllib.parse import urlencode

from django.conf import settings
from django.http import QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.views.generic import DetailView, TemplateView

from core.i18n import language_name_in_sentence
from core.pagination import page_of
from core.templatetags.translated import TranslatedText, translated
from core.translated_slugs import TranslatedSlugDetailMixin

from . import search
from .facet_index import Option, facet_index
from .filters import InitiativeFilterSet
from .models import Initiative, Level

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
        renamed = self._places_in_page_language(chosen)
        if (
            renamed
            or len(chosen) < len(given)
            or any(len(chosen.getlist(name)) < len(given.getlist(name)) for name in chosen)
        ):
            query = chosen.urlencode()
            return redirect(f"{request.path}?{query}" if query else request.path)
        return super().get(request, *args, **kwargs)

    @staticmethod
    def _places_in_page_language(chosen):
        """A country or city named in another language (the language switch keeps the
        address's "Espagne") is renamed as this language's pages name it ("Spain"); whether
        any was."""
        renamed = False
        for name in ("country", "city"):
            if name in chosen:
                place = chosen[name]
                named = facet_index().place_in_language(name, place, translation.get_language())
                if named and named != place:
                    chosen[name] = named
                    renamed = True
        return renamed

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = self.request.GET
        filterset = InitiativeFilterSet(params)
        active = filterset.active
        chosen = chosen_keys(active)
        index = facet_index()
        matches = search.matches(active["q"]) if "q" in active else None
        listing = index.listing(chosen, matches)
        results = IndexedResults(listing, index)
        page, page_ignored = page_of(results, params.get("page"), PAGE_SIZE, count=listing.total)
        context.update(
            filterset=filterset,
            page_obj=page,
            initiatives=page.object_list,
            total=listing.total,
            page_ignored=page_ignored,
            ignored_filters=filterset.ignored,
            active_filters=self._active_filters(filterset, active),
            facets=facets(filterset, index, listing, active),
            query=active.get("q", ""),
            page_query=self._query_without(params, "page"),
            other_language_searches=(
                self._other_language_searches(active["q"])
                if not listing.total and "q" in active
                else []
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
            if hasattr(value, "pk"):  # a theme, policy type or partner: its name, maybe French
                value = translated(value, "name")
            else:
                value = TranslatedText(str(value), translation.get_language(), False)
            items.append(
                {
                    "name": name,
                    "label": filterset.filters[name].label,
                    "value": value,
                    "remove_query": self._query_without(self.request.GET, name),
                }
            )
        return items


def chosen_keys(active):
    """The chosen filters as the facet index files them: a theme's, policy type's or
    organisation's primary key, a year, a level's or a place's name."""
    return {
        name: value.pk if hasattr(value, "pk") else value
        for name, value in active.items()
        if name in InitiativeFilterSet.FACETS
    }


class IndexedResults:
    """The listing's initiatives as the paginator takes them: only its page is read."""

    def __init__(self, listing, index):
        self.listing = listing
        self.index = index

    def __len__(self):
        return self.listing.total

    def __getitem__(self, items):
        ids = self.listing.ids(items.start or 0, items.stop)
        found = Initiative.objects.for_list().in_bulk(ids)
        page = [found[pk] for pk in ids if pk in found]
        return self.index.describe(page, translation.get_language())


def facets(filterset, index, listing, active):
    """Each filter's values with the number of initiatives each would give, in the order a
    visitor looks for them. A chosen value is offered even where it gives nothing, so that
    the form, sent again, keeps it."""
    language = translation.get_language()
    chosen = chosen_keys(active)
    result = []
    for name in InitiativeFilterSet.FACETS:
        counts = listing.counts[name]
        selected = chosen.get(name)
        options = index.options(name, language)
        choices = [
            Choice(option, counts.get(option.key, 0), option.key == selected)
            for option in options
            if option.key in counts or option.key == selected
        ]
        if selected is not None and not any(choice.selected for choice in choices):
            choices.insert(0, Choice(chosen_option(active[name]), 0, True))
        result.append(
            {
                "name": name,
                "label": filterset.filters[name].label,
                "options": choices,
                "any_selected": selected is not None,
            }
        )
    return result


def chosen_option(value):
    """An option for a chosen value the index does not offer (a partner without published
    initiatives, a year or a place no initiative has)."""
    if hasattr(value, "pk"):
        name = translated(value, "name")
        return Option(
            getattr(value, "slug", None) or value.key,
            str(name),
            value.pk,
            name.language if name.is_fallback else "",
        )
    return Option(str(value), str(value), value)


class Choice(NamedTuple):
    """A value of a filter on the form: the index's option, how many initiatives it gives,
    whether it is chosen."""

    option: Option
    count: int
    selected: bool

    @property
    def value(self):
        return self.option.value

    @property
    def label(self):
        return self.option.label

    @property
    def lang(self):
        return self.option.lang


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
