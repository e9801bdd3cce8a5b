from modeltranslation.translator import TranslationOptions, register

from .models import Page


@register(Page)
class PageTranslationOptions(TranslationOptions):
    fields = ("title", "slug", "body")
    required_languages = {"fr": ("title", "body"), "default": ()}
