from django.contrib import admin
from django.db import models
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedDjangoJqueryTranslationAdmin

from core.admin import (
    OutdatedTranslationsMixin,
    PublishingAdminMixin,
    TextOnlyForTranslatorsMixin,
    ViewOnSiteColumnMixin,
)
from core.edit_conflicts import EditConflictsMixin
from core.history import ContentHistoryAdmin
from core.import_admin import ImportAdminMixin

from .imports import PartnerResource
from .logos import LogoFormField
from .models import Category, Partner, Region


@admin.register(Partner)
class PartnerAdmin(
    OutdatedTranslationsMixin,
    EditConflictsMixin,
    TextOnlyForTranslatorsMixin,
    PublishingAdminMixin,
    ViewOnSiteColumnMixin,
    ImportAdminMixin,
    ContentHistoryAdmin,
    TabbedDjangoJqueryTranslationAdmin,
):
    resource_classes = [PartnerResource]
    list_display = [
        "name",
        "category",
        "region",
        "city",
        "order",
        "publication_status",
        "logo_thumbnail",
        "page_link",
    ]
    list_display_links = ["name"]
    list_editable = ["order"]
    list_filter = ["category", "region", "is_published"]
    list_select_related = ["category", "region", "city"]
    ordering = ["category__order", "region__order", "order", "pk"]
    search_fields = ["name_fr", "name_en", "city__name_fr", "city__name_en"]
    autocomplete_fields = ["city"]
    readonly_fields = ["logo_preview", "created_at", "edited_at"]
    # An address typed without its scheme ("chantier.qc.ca") is taken as https.
    formfield_overrides = {
        models.URLField: {"assume_scheme": "https"},
        models.ImageField: {"form_class": LogoFormField},
    }
    fieldsets = [
        (None, {"fields": ["name", "slug", "category", "region", "description"]}),
        (
            _("Place and links"),
            {"fields": ["city", "website"]},
        ),
        (_("Logo"), {"fields": ["logo", "logo_preview"]}),
        (
            _("Publication"),
            {"fields": ["order", "is_published", "publish_at", "created_at", "edited_at"]},
        ),
    ]

    @admin.display(description=_("Logo"))
    def logo_thumbnail(self, obj):
        if not obj.logo_rendition:
            return "—"
        return format_html(
            '<img src="{}" alt="" style="max-height:2.5rem;max-width:6rem">',
            obj.logo_rendition.url,
        )

    @admin.display(description=_("Preview"))
    def logo_preview(self, obj):
        if not obj.logo_rendition:
            return _("No logo yet.")
        return format_html(
            '<img src="{}" alt="" width="{}" height="{}" style="max-width:16rem;height:auto">',
            obj.logo_rendition.url,
            obj.logo_rendition_width,
            obj.logo_rendition_height,
        )


@admin.register(Category)
class CategoryAdmin(
    OutdatedTranslationsMixin,
    EditConflictsMixin,
    TextOnlyForTranslatorsMixin,
    ContentHistoryAdmin,
    TabbedDjangoJqueryTranslationAdmin,
):
    list_display = ["name", "key", "has_regions", "order"]
    list_editable = ["order"]
    search_fields = ["name_fr", "name_en"]


@admin.register(Region)
class RegionAdmin(
    OutdatedTranslationsMixin,
    EditConflictsMixin,
    TextOnlyForTranslatorsMixin,
    ContentHistoryAdmin,
    TabbedDjangoJqueryTranslationAdmin,
):
    list_display = ["name", "heading", "key", "order"]
    list_editable = ["order"]
    search_fields = ["name_fr", "name_en"]
