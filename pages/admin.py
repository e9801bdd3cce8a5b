from django.contrib import admin
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

from .models import Page


@admin.register(Page)
class PageAdmin(
    OutdatedTranslationsMixin,
    EditConflictsMixin,
    TextOnlyForTranslatorsMixin,
    PublishingAdminMixin,
    ViewOnSiteColumnMixin,
    ContentHistoryAdmin,
    TabbedDjangoJqueryTranslationAdmin,
):
    list_display = ["title", "order", "publication_status", "page_link"]
    list_editable = ["order"]
    search_fields = ["title_fr", "title_en", "body_fr", "body_en"]
    readonly_fields = ["created_at", "edited_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "key", "body"]}),
        (
            _("Publication"),
            {"fields": ["order", "is_published", "publish_at", "created_at", "edited_at"]},
        ),
    ]
