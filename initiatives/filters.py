"""The list's filters and order, the one definition of filtering: each lives in the query
string, and what is not understood is ignored. The facets count their values over these."""

import django_filters
from django import forms
from django.conf import settings
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from modeltranslation.utils import build_localized_fieldname

from core.places import City

from .models import Initiative, Level, PolicyType, Theme
from .search import MAX_QUERY_LENGTH, words_of

Partner = Initiative._meta.get_field("organisation").related_model


class TextKeyChoiceField(forms.ModelChoiceField):
    """A choice given by a text key. A NUL character matches nothing: PostgreSQL refuses it in
    a query, which would otherwise end in a server error."""

    def to_python(self, value):
        if isinstance(value, str) and "\x00" in value:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class AnyLanguageSlugField(TextKeyChoiceField):
    """A choice given by its slug in any language, so that the language switch keeps it."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        value = str(value)
        if "\x00" in value:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        any_slug = Q()
        for code, _name in settings.LANGUAGES:
            any_slug |= Q(**{build_localized_fieldname("slug", code): value})
        match = self.queryset.filter(any_slug).first()
        if match is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return match


class CountryCodeField(forms.ChoiceField):
    def to_python(self, value):
        return super().to_python(value).upper()  # "ca" is Canada too


class SearchField(forms.CharField):
    """Words to search for: cut at MAX_QUERY_LENGTH (the page says so); a text with no letter
    or digit is not understood (and said so), rather than finding nothing."""

    def to_python(self, value):
        text = super().to_python(value)[:MAX_QUERY_LENGTH]
        if text and not words_of(text):
            raise forms.ValidationError(_("The search has no letter or digit."), code="no_words")
        return text


class SearchFilter(django_filters.CharFilter):
    field_class = SearchField


# Values of one filter beyond this many are not understood (and said so): each is looked up.
MAX_VALUES = 30


class AnyOfField(forms.Field):
    """Every value a parameter is given, each cleaned by ``field``: those understood are kept
    (each once), the others noted in ``not_understood``, which the page reports."""

    widget = forms.SelectMultiple  # reads every value of the parameter, not the last

    def __init__(self, *, field, **kwargs):
        self.field = field
        self.not_understood = False
        super().__init__(**kwargs)

    def clean(self, values):
        values = list(dict.fromkeys(v for v in values or [] if v not in self.empty_values))
        self.not_understood = len(values) > MAX_VALUES
        kept = []
        for value in values[:MAX_VALUES]:
            try:
                cleaned = self.field.clean(value)
            except forms.ValidationError:
                self.not_understood = True
                continue
            if cleaned not in self.empty_values and cleaned not in kept:
                kept.append(cleaned)
        return kept


class AnyOfFilter(django_filters.Filter):
    """Initiatives with any of the values chosen (OR within a filter; filters are ANDed)."""

    field_class = AnyOfField

    def __init__(self, *args, lookup_expr="in", **kwargs):
        super().__init__(*args, lookup_expr=lookup_expr, **kwargs)


SORTS = {
    "recent": _("Most recent first"),
    "oldest": _("Oldest first"),
    "title": _("Title, A to Z"),
    "relevance": _("Best match"),
}


class InitiativeFilterSet(django_filters.FilterSet):
    q = SearchFilter(label=_("Search"), method="filter_search")
    theme = AnyOfFilter(
        label=_("Theme"),
        method="filter_theme",
        field=AnyLanguageSlugField(queryset=Theme.objects.all()),
    )
    year = AnyOfFilter(
        label=_("Year"), field_name="year", field=forms.IntegerField(min_value=1, max_value=9999)
    )
    country = AnyOfFilter(
        label=_("Country"), field_name="country", field=CountryCodeField(choices=countries)
    )
    city = AnyOfFilter(
        label=_("City"),
        field_name="city",
        field=TextKeyChoiceField(queryset=City.objects.all(), to_field_name="key"),
    )
    level = AnyOfFilter(
        label=_("Level of government"),
        field_name="level",
        field=forms.ChoiceField(choices=Level.choices),
    )
    type = AnyOfFilter(
        label=_("Policy type"),
        field_name="policy_type",
        field=TextKeyChoiceField(queryset=PolicyType.objects.all(), to_field_name="key"),
    )
    organisation = AnyOfFilter(
        label=_("Organisation"),
        field_name="organisation",
        field=AnyLanguageSlugField(queryset=Partner.objects.published()),
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort"), choices=list(SORTS.items()), method="filter_sort"
    )

    # The order of the active filters and of the facets.
    FACETS = ("theme", "year", "country", "city", "level", "type", "organisation")

    def qs_without(self, name):
        """The initiatives every filter but ``name``'s lets through: what that facet's counts
        are made over."""
        queryset = self.queryset.all()
        for other, value in self.form.cleaned_data.items():
            if other != name:
                queryset = self.filters[other].filter(queryset, value)
        return queryset

    class Meta:
        model = Initiative
        fields = []

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_theme(self, queryset, name, themes):
        # Their initiatives as a subquery, matched as an expression of the key: each count then
        # reads its own small index instead of joining every initiative to its themes.
        if not themes:
            return queryset
        links = Initiative.themes.through.objects.filter(theme__in=themes).values("initiative_id")
        return queryset.alias(theme_key=F("pk") + 0).filter(theme_key__in=links)

    def filter_sort(self, queryset, name, value):
        # "title" is sorted by the view (sorted_keys), "relevance" is the search's own order.
        if value == "oldest":
            return queryset.order_by("year", "pk")
        if value == "recent" or (value == "relevance" and "q" not in self.active):
            return queryset.order_by("-year", "pk")
        return queryset

    @property
    def order(self):
        """The order of the list: the one chosen, or the search's best match first."""
        chosen = self.active.get("sort")
        if chosen == "relevance" and "q" not in self.active:
            return "recent"
        return chosen or ("relevance" if "q" in self.active else "recent")

    @property
    def ignored(self):
        """The labels of the parameters given but not (or not all) understood."""
        return [
            str(filter_.label)
            for name, filter_ in self.filters.items()
            if name in self.errors or getattr(self.form.fields[name], "not_understood", False)
        ]

    @property
    def active(self):
        """The understood filters with a value, name → cleaned value."""
        self.errors  # noqa: B018 (validates the form)
        return {
            name: value
            for name, value in self.form.cleaned_data.items()
            if value not in (None, "", []) and name in self.filters
        }
