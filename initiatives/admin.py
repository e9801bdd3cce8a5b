from django import forms
from django.contrib import admin
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import (
    TabbedDjangoJqueryTranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)

from core.admin import (
    OutdatedTranslationsMixin,
    PublishingAdminMixin,
    TextOnlyForTranslatorsMixin,
    ViewOnSiteColumnMixin,
)
from core.edit_conflicts import EditConflictsMixin
from core.history import ContentHistoryAdmin
from core.import_admin import ImportAdminMixin

from .imports import InitiativeResource
from .models import Axis, Initiative, Objective, PolicyType, SourceDocument, Theme

# An objective or an axis is a sentence or two: boxes of three rows, not ten; its order is a
# number, with arrows that renumber the rows where JavaScript runs.
ORDERED_TEXT = {
    models.TextField: {"widget": forms.Textarea(attrs={"rows": 3, "cols": 60})},
    models.PositiveIntegerField: {
        "widget": forms.NumberInput(attrs={"data-up": _("Move up"), "data-down": _("Move down")})
    },
}


class OrderedTextInline(TextOnlyForTranslatorsMixin, TranslationTabularInline):
    fields = ["order", "text"]
    extra = 0
    formfield_overrides = ORDERED_TEXT

    class Media:
        js = ["js/admin-order.js"]
        css = {"all": ["css/admin.css"]}


class ObjectiveInline(OrderedTextInline):
    model = Objective


class AxisInline(OrderedTextInline):
    model = Axis


class SourceDocumentInline(TextOnlyForTranslatorsMixin, TranslationStackedInline):
    model = SourceDocument
    fields = ["order", "title", "url", "file", "language", "size_display"]
    readonly_fields = ["size_display"]
    extra = 0
    # An address typed without a scheme is taken as https (Django 6's default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    @admin.display(description=_("Size"))
    def size_display(self, obj):
        return filesizeformat(obj.file_size) if obj.file_size else "—"


@admin.register(Initiative)
class InitiativeAdmin(
    OutdatedTranslationsMixin,
    EditConflictsMixin,
    TextOnlyForTranslatorsMixin,
    PublishingAdminMixin,
    ViewOnSiteColumnMixin,
    ImportAdminMixin,
    ContentHistoryAdmin,
    TabbedDjangoJqueryTranslationAdmin,
):
    resource_classes = [InitiativeResource]
    list_display = [
        "title",
        "organisation_column",
        "year",
        "level",
        "policy_type",
        "publication_status",
        "page_link",
    ]
    list_display_links = ["title"]
    list_filter = ["year", "themes", "level", "policy_type", "is_published"]
    list_select_related = ["organisation", "policy_type"]
    search_fields = [
        "title_fr",
        "title_en",
        "summary_fr",
        "summary_en",
        "organisation_name_fr",
        "organisation_name_en",
        "organisation__name_fr",
        "organisation__name_en",
        "city__name_fr",
        "city__name_en",
    ]
    autocomplete_fields = ["organisation", "policy_type", "themes", "city"]
    readonly_fields = ["page_link", "created_at", "edited_at"]
    inlines = [ObjectiveInline, AxisInline, SourceDocumentInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary"]}),
        (
            _("Organisation, place and type"),
            {
                "fields": [
                    "organisation",
                    "organisation_name",
                    "year",
                    "city",
                    "country",
                    "level",
                    "policy_type",
                    "themes",
                ]
            },
        ),
        (_("Text"), {"fields": ["introduction", "axes_introduction", "closing_text"]}),
        (
            _("Publication"),
            {"fields": ["is_published", "publish_at", "page_link", "created_at", "edited_at"]},
        ),
    ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "year":  # the browser's own check says 1800–2100, not "≥ 0"
            kwargs.update(min_value=1800, max_value=2100)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description=_("Organisation"), ordering="organisation__name")
    def organisation_column(self, obj):
        return obj.organisation_display or "—"


@admin.register(Theme)
class ThemeAdmin(
    OutdatedTranslationsMixin,
    EditConflictsMixin,
    TextOnlyForTranslatorsMixin,
    ContentHistoryAdmin,
    TabbedDjangoJqueryTranslationAdmin,
):
    list_display = ["name", "key", "order"]
    list_editable = ["order"]
    search_fields = ["name_fr", "name_en", "key"]


@admin.register(PolicyType)
class PolicyTypeAdmin(
    OutdatedTranslationsMixin,
    EditConflictsMixin,
    TextOnlyForTranslatorsMixin,
    ContentHistoryAdmin,
    TabbedDjangoJqueryTranslationAdmin,
):
    list_display = ["name", "key", "is_legal_act", "order"]
    list_editable = ["order"]
    search_fields = ["name_fr", "name_en", "key"]
