from modeltranslation.translator import TranslationOptions, register

from .models import Axis, Initiative, Objective, PolicyType, SourceDocument, Theme


@register(Theme)
class ThemeTranslationOptions(TranslationOptions):
    fields = ("name", "slug")
    required_languages = {"fr": ("name",), "default": ()}


@register(PolicyType)
class PolicyTypeTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("fr",)


@register(Initiative)
class InitiativeTranslationOptions(TranslationOptions):
    fields = (
        "title",
        "slug",
        "organisation_name",
        "summary",
        "introduction",
        "axes_introduction",
        "closing_text",
    )
    # The slugs are made from the titles when left empty, so only the French title is required.
    required_languages = {"fr": ("title",), "default": ()}


@register(Objective)
class ObjectiveTranslationOptions(TranslationOptions):
    fields = ("text",)
    required_languages = ("fr",)


@register(Axis)
class AxisTranslationOptions(TranslationOptions):
    fields = ("text",)
    required_languages = ("fr",)


@register(SourceDocument)
class SourceDocumentTranslationOptions(TranslationOptions):
    fields = ("title",)
    required_languages = ("fr",)
