from modeltranslation.translator import TranslationOptions, register

from .places import City


@register(City)
class CityTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("fr",)
