"""``{{ obj|translated:"field" }}``: the field in the page's language, or its fallback, saying
which, so that templates mark a fallback with its own ``lang``."""

from dataclasses import dataclass

from django import template
from django.conf import settings
from django.utils import translation
from modeltranslation.utils import build_localized_fieldname

from core.i18n import language_name_in_sentence

register = template.Library()


@dataclass
class TranslatedText:
    """A field's text, its language, whether that is a fallback (templates then mark it with
    its own ``lang``) and whether it is a translation outdated since its French text changed."""

    text: str
    language: str
    is_fallback: bool
    is_outdated: bool = False

    def __str__(self):
        return self.text

    def __bool__(self):
        return bool(self.text)

    @property
    def language_name(self):
        """The fallback language's name as written mid-sentence: French writes "en français"."""
        return language_name_in_sentence(self.language)


@dataclass
class Place:
    """A city (as translated) and a country's name, as includes/place.html shows them."""

    city: TranslatedText | None
    country: str

    def __bool__(self):
        return bool(self.city or self.country)


def fallback_languages(code):
    fallbacks = getattr(settings, "MODELTRANSLATION_FALLBACK_LANGUAGES", ())
    if isinstance(fallbacks, dict):
        fallbacks = fallbacks.get(code, fallbacks.get("default", ()))
    return [c for c in fallbacks if c != code]


@register.filter
def translated_place(obj):
    city = obj.city if obj.city_id else None
    country = obj.country or (city.country if city else None)
    return Place(translated(city, "name") if city else None, country.name if country else "")


@register.filter
def translated(obj, field_name):
    code = translation.get_language() or settings.LANGUAGE_CODE
    for language in [code, *fallback_languages(code)]:
        value = obj.__dict__.get(build_localized_fieldname(field_name, language))
        if value:
            outdated = language == code and field_name in getattr(obj, "outdated_fields", ())
            return TranslatedText(value, language, language != code, outdated)
    return TranslatedText("", code, False)
