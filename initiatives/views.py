from urllib.parse import urlencode

from django.conf import settings
from django.http import QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.views.generic import DetailView, TemplateView
from django_countries import countries

from core.cache import keep_out_of_caches
from core.i18n import language_name_in_sentence
from core.outdated import mark_outdated
from core.pagination import page_of
from core.templatetags.translated import TranslatedText, translated
from core.translated_slugs import TranslatedSlugDetailMixin

from .facets import facets
from .filters import InitiativeFilterSet
from .models import Initiative, Level
from .search import MAX_QUERY_LENGTH

PAGE_SIZE = 20


class InitiativeListView(TemplateView):
    template_name = "initiatives/initiative_list.html"

    def get(self, request, *args, **kwargs):
        # The form sends every field, chosen or not: the address to share (and to cache) is
        # the one with only what was chosen.
        chosen = QueryDict(mutable=True)
        for name, values in request.GET.lists():
            if kept := [value for value in values if value.strip()]:
                chosen.setlist(name, kept)
        if chosen.urlencode() != request.GET.urlencode():
            query = chosen.urlencode()
            return redirect(f"{request.path}?{query}" if query else request.path)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = self.request.GET
        filterset = InitiativeFilterSet(params, queryset=Initiative.objects.for_list())
        active = filterset.active
        # The page's keys first, in order, then its initiatives: ordering keys alone spares
        # the database reading every matching row with its long texts.
        keys = filterset.qs.values_list("pk", flat=True)
        page, page_ignored = page_of(keys, params.get("page"), PAGE_SIZE)
        found = Initiative.objects.for_list().in_bulk(page.object_list)
        total = page.paginator.count
        context.update(
            filterset=filterset,
            page_obj=page,
            initiatives=[found[pk] for pk in page.object_list if pk in found],
            total=total,
            page_ignored=page_ignored,
            ignored_filters=filterset.ignored,
            active_filters=self._active_filters(filterset, active),
            facets=facets(filterset, total),
            # What the visitor typed stays in the box, even when it was not understood.
            query=active.get("q") or params.get("q", "")[:MAX_QUERY_LENGTH],
            search_cut=len(params.get("q", "")) > MAX_QUERY_LENGTH,
            page_query=self._query_without(params, "page"),
            other_language_searches=(
                self._other_language_searches(active["q"]) if not total and "q" in active else []
            ),
        )
        return context

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        if context["ignored_filters"] or context["page_ignored"] or context["search_cut"]:
            keep_out_of_caches(response)
        return response

    def _other_language_searches(self, text):
        """Each language's pages search its own text: when the words find nothing here, the
        languages in which they find something (the filters, some named per language, left
        out)."""
        if Initiative.objects.published().search(text).exists():
            return []  # the filters, not the words, emptied the list
        current = translation.get_language()
        found = []
        for code, _name in settings.LANGUAGES:
            if code == current:
                continue
            with translation.override(code):
                if not Initiative.objects.published().search(text).exists():
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
                value = TranslatedText(str(Level(value).label), translation.get_language(), False)
            elif name == "country":
                value = TranslatedText(
                    str(countries.name(value)), translation.get_language(), False
                )
            elif hasattr(value, "pk"):  # a theme, city, policy type or partner, maybe in French
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


class InitiativeDetailView(TranslatedSlugDetailMixin, DetailView):
    model = Initiative
    template_name = "initiatives/initiative_detail.html"
    context_object_name = "initiative"

    def get_queryset(self):
        return Initiative.objects.for_page(drafts=self.may_preview())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["objectives"] = list(self.object.objectives.all())
        context["axes"] = list(self.object.axes.all())
        parts = [self.object, *context["objectives"], *context["axes"]]
        prose = ["introduction", "axes_introduction", "closing_text"]
        context["outdated_on_page"] = mark_outdated(parts, noticed_apart=prose)
        return context
