from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.views.generic import DetailView, TemplateView
from django_countries import countries

from core.cache import keep_out_of_caches
from core.i18n import language_links, language_name_in_sentence, localized
from core.outdated import mark_outdated
from core.pagination import page_of
from core.templatetags.translated import TranslatedText, translated
from core.translated_slugs import TranslatedSlugDetailMixin

from .comparison import (
    MAX_COMPARED,
    comparison_of,
    comparison_query,
    comparison_urls_by_language,
)
from .facets import facets
from .filters import SORTS, InitiativeFilterSet
from .models import Initiative, Level
from .search import MAX_QUERY_LENGTH, sort_key

PAGE_SIZE = 20


def sorted_by_title(initiatives):
    """The keys of ``initiatives`` by title in the page's language, as a reader sorts them
    (accents and case aside, "Économie" among the E), which neither database does alike."""
    column = f"title_{translation.get_language()}"
    rows = initiatives.order_by().values_list("pk", column, "title_fr")
    return [pk for pk, *_ in sorted(rows, key=lambda row: (sort_key(row[1] or row[2]), row[0]))]


class InitiativeListView(TemplateView):
    template_name = "initiatives/initiative_list.html"

    def get(self, request, *args, **kwargs):
        # The form sends every field, chosen or not: the address to share (and to cache) is
        # the one with only what was chosen.
        chosen = QueryDict(mutable=True)
        for name, values in request.GET.lists():
            if kept := [value for value in values if value.strip()]:
                chosen.setlist(name, kept)
        # The order the list has anyway is not an order chosen.
        if chosen.getlist("sort") == ["relevance" if chosen.get("q") else "recent"]:
            del chosen["sort"]
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
        sort = filterset.order
        keys = filterset.qs.values_list("pk", flat=True)
        if sort == "title":
            keys = sorted_by_title(filterset.qs)
        if settings.SITE_ARCHIVE:  # each value links to its own list, counted over all
            everything = InitiativeFilterSet({}, queryset=Initiative.objects.for_list())
            options, total = facets(everything)[0], None
        else:
            options, total = facets(filterset)  # narrowed, the number found too
        page, page_ignored = page_of(keys, params.get("page"), PAGE_SIZE, count=total)
        found = Initiative.objects.for_list().in_bulk(page.object_list)
        total = page.paginator.count
        initiatives = [found[pk] for pk in page.object_list if pk in found]
        compared, _left_out = comparison_of(params.getlist("compare"))
        on_page = {initiative.pk for initiative in initiatives}
        context.update(
            filterset=filterset,
            page_obj=page,
            initiatives=initiatives,
            total=total,
            page_ignored=page_ignored,
            ignored_filters=filterset.ignored,
            active_filters=self._active_filters(filterset, active),
            ticked_count=sum(len(active.get(name, [])) for name in filterset.FACETS),
            facets=options,
            sort=sort,
            sorts=[
                (value, label)
                for value, label in SORTS.items()
                if value != "relevance" or "q" in active
            ],
            compared_pks={initiative.pk for initiative in compared},
            compared_elsewhere=[i for i in compared if i.pk not in on_page],
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
        elif self.request.GET.getlist("compare"):  # a visitor's own choice, not a page to keep
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
        """One entry per value chosen, each with the address of the list without it."""
        items = []
        language = translation.get_language()
        for name in ("q", *InitiativeFilterSet.FACETS):
            values = active.get(name)
            if not values:
                continue
            for value in [values] if name == "q" else values:
                remove_query = self.request.GET.copy()
                remove_query.pop("page", None)
                if name == "q":
                    remove_query.pop(name)
                else:
                    remove_query.setlist(
                        name,
                        [
                            given
                            for given in remove_query.getlist(name)
                            if not self._names(filterset, name, given, value)
                        ],
                    )
                if name == "level":
                    label = TranslatedText(str(Level(value).label), language, False)
                elif name == "country":
                    label = TranslatedText(str(countries.name(value)), language, False)
                elif hasattr(value, "pk"):  # a theme, city, policy type or partner
                    label = translated(value, "name")
                else:
                    label = TranslatedText(str(value), language, False)
                items.append(
                    {
                        "name": name,
                        "label": filterset.filters[name].label,
                        "value": label,
                        "remove_query": remove_query.urlencode(),
                    }
                )
        return items

    @staticmethod
    def _names(filterset, name, given, value):
        """Whether the parameter's ``given`` text names ``value`` (a slug of any language)."""
        if hasattr(value, "pk"):
            return given in {getattr(value, column, None) for column in localized("slug")} | {
                getattr(value, "key", None)
            }
        try:
            return filterset.form.fields[name].field.clean(given) == value
        except ValidationError:
            return False


class InitiativeCompareView(TemplateView):
    template_name = "initiatives/initiative_compare.html"

    def get(self, request, *args, **kwargs):
        given = request.GET.getlist("compare")
        self.compared, self.left_out = comparison_of(given, Initiative.objects.for_page())
        # The list's form sends its filters too: the address to share names the initiatives
        # alone, by their slugs in this language.
        query = comparison_query(self.compared)
        if self.compared and not self.left_out and request.GET.urlencode() != query:
            return redirect(f"{request.path}?{query}")
        response = super().get(request, *args, **kwargs)
        if self.left_out or len(self.compared) < 2:
            keep_out_of_caches(response)
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        compared = self.compared
        for initiative in compared:  # the address of the comparison without it
            initiative.compare_without = comparison_query([i for i in compared if i != initiative])
        context.update(
            compared=compared,
            left_out=self.left_out,
            max_compared=MAX_COMPARED,
            list_query=comparison_query(compared),
            language_links=language_links(self.request, comparison_urls_by_language(compared)),
        )
        return context


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
        context["related"] = Initiative.objects.related_to(self.object)
        context["compare_query"] = comparison_query([self.object])
        return context
