from modeltranslation.translator import TranslationOptions, register

from .models import Category, Partner, Region


@register(Region)
class RegionTranslationOptions(TranslationOptions):
    fields = ("name", "heading")
    required_languages = ("fr",)


@register(Category)
class CategoryTranslationOptions(TranslationOptions):
    fields = ("name", "singular_name", "introduction")
    required_languages = ("fr",)


@register(Partner)
class PartnerTranslationOptions(TranslationOptions):
    fields = ("name", "slug", "description")
    # The slugs are made from the names when left empty, so only these are required.
    required_languages = {"fr": ("name", "description"), "default": ()}
