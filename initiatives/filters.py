"""The list's filters, the one definition of filtering: each lives in the query string, and
what is not understood is ignored. The facets count their values over these filters."""

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


class TextKeyChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = TextKeyChoiceField


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


class AnyLanguageSlugFilter(django_filters.ModelChoiceFilter):
    field_class = AnyLanguageSlugField


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


class WholeNumberFilter(django_filters.NumberFilter):
    """A year is a whole number: "2009.5" or "1e3" is not understood (and said so)."""

    field_class = forms.IntegerField


class InitiativeFilterSet(django_filters.FilterSet):
    q = SearchFilter(label=_("Search"), method="filter_search")
    theme = AnyLanguageSlugFilter(
        label=_("Theme"), method="filter_theme", queryset=Theme.objects.all()
    )
    year = WholeNumberFilter(label=_("Year"), field_name="year", min_value=1, max_value=9999)
    country = django_filters.ChoiceFilter(label=_("Country"), choices=countries)
    city = TextKeyChoiceFilter(
        label=_("City"), field_name="city", queryset=City.objects.all(), to_field_name="key"
    )
    level = django_filters.ChoiceFilter(label=_("Level of government"), choices=Level.choices)
    type = TextKeyChoiceFilter(
        label=_("Policy type"),
        field_name="policy_type",
        queryset=PolicyType.objects.all(),
        to_field_name="key",
    )
    organisation = AnyLanguageSlugFilter(
        label=_("Organisation"), field_name="organisation", queryset=Partner.objects.published()
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

    def filter_theme(self, queryset, name, theme):
        # Its initiatives as a subquery, matched as an expression of the key: each count then
        # reads its own small index instead of joining every initiative to its themes.
        links = Initiative.themes.through.objects.filter(theme=theme).values("initiative_id")
        return queryset.alias(theme_key=F("pk") + 0).filter(theme_key__in=links)

    @property
    def ignored(self):
        """The labels of the parameters given but not understood."""
        return [str(self.filters[name].label) for name in self.errors if name in self.filters]

    @property
    def active(self):
        """The understood filters with a value, name → cleaned value."""
        self.errors  # noqa: B018 (validates the form)
        return {
            name: value
            for name, value in self.form.cleaned_data.items()
            if value not in (None, "") and name in self.filters
        }
