"""Template filters for translated content, available in every template.

``{{ partner|translated:"description" }}`` gives the field in the page's language or, when it
is empty there, in the fallback language, and says which, so that templates can mark a
fallback with its own ``lang`` and tell the visitor it is not yet translated.
"""

from dataclasses import dataclass

from django import template
from django.conf import settings
from django.utils import translation
from django.utils.html import conditional_escape, format_html, format_html_join
from modeltranslation.utils import build_localized_fieldname

from core.i18n import language_name_in_sentence

register = template.Library()


@dataclass
class TranslatedText:
    text: str
    language: str
    is_fallback: bool

    def __str__(self):
        return self.text

    def __bool__(self):
        return bool(self.text)

    @property
    def lang_attr(self):
        """` lang="fr"` on an element holding a fallback, nothing otherwise."""
        return format_html(' lang="{}"', self.language) if self.is_fallback else ""

    @property
    def marked(self):
        """The text, in a ``<span lang="fr">`` when it is a fallback: for a fallback inside a
        sentence or a line of the page's language."""
        if self.is_fallback:
            return format_html('<span lang="{}">{}</span>', self.language, self.text)
        return conditional_escape(self.text)

    @property
    def language_name(self):
        """The fallback language's name as written mid-sentence: French writes "en français"."""
        return language_name_in_sentence(self.language)


def fallback_languages(code):
    fallbacks = getattr(settings, "MODELTRANSLATION_FALLBACK_LANGUAGES", ())
    if isinstance(fallbacks, dict):
        fallbacks = fallbacks.get(code, fallbacks.get("default", ()))
    return [c for c in fallbacks if c != code]


@register.filter
def translated_place(obj):
    """An object's city and country, "Lyon, France", the city's name marked with its language
    when it is a fallback."""
    city = obj.city if obj.city_id else None
    parts = [translated(city, "name").marked] if city else []
    country = obj.country or (city.country if city else None)
    if country:
        parts.append(conditional_escape(country.name))
    return format_html_join(", ", "{}", ((part,) for part in parts))


@register.filter
def translated(obj, field_name):
    code = translation.get_language() or settings.LANGUAGE_CODE
    for language in [code, *fallback_languages(code)]:
        value = obj.__dict__.get(build_localized_fieldname(field_name, language))
        if value:
            return TranslatedText(value, language, language != code)
    return TranslatedText("", code, False)
