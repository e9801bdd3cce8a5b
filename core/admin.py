import reversion
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.templatetags.admin_urls import admin_urlname
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from modeltranslation.admin import TabbedDjangoJqueryTranslationAdmin
from modeltranslation.utils import build_localized_fieldname

from . import content_po, outdated
from .edit_conflicts import EditConflictsMixin
from .history import ContentHistoryAdmin
from .open_data import OpenDataLicence
from .places import City
from .translation_status import translation_report


class PublishingAdminMixin:
    """Publishing is a permission of its own (``<app>.publish_<model>``), held by Editors.

    Without it the published flag is read-only and the publish actions are not offered,
    so Translators can change texts without putting anything online or taking it down.
    """

    actions = ["publish", "unpublish"]

    def has_publish_permission(self, request):
        meta = self.model._meta
        return request.user.has_perm(f"{meta.app_label}.publish_{meta.model_name}")

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request):
            fields += ["is_published", "publish_at"]
        return fields

    @admin.display(description=_("Status"), ordering="is_published")
    def publication_status(self, obj):
        if obj.is_published:
            return _("Published")
        if obj.publish_at:
            moment = date_format(timezone.localtime(obj.publish_at), "SHORT_DATETIME_FORMAT")
            return _("Scheduled: %(moment)s") % {"moment": moment}
        return _("Draft")

    @admin.action(description=_("Publish the selected items"), permissions=["publish"])
    def publish(self, request, queryset):
        count = self._set_published(queryset, True)
        if reversion.is_active():
            reversion.set_comment(_("Published (list action)."))
        self.message_user(
            request,
            ngettext("%(count)d item published.", "%(count)d items published.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Unpublish the selected items"), permissions=["publish"])
    def unpublish(self, request, queryset):
        count = self._set_published(queryset, False)
        if reversion.is_active():
            reversion.set_comment(_("Unpublished (list action)."))
        self.message_user(
            request,
            ngettext("%(count)d item unpublished.", "%(count)d items unpublished.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    # Reverting to a version, or recovering a deleted item, brings back its published state
    # too: for staff who may not publish, the item keeps the state it has (a recovered one
    # comes back unpublished).
    def revision_view(self, request, object_id, version_id, extra_context=None):
        if not self.has_publish_permission(request):
            request.kept_publication = (
                self.model._default_manager.filter(pk=unquote(object_id))
                .values("is_published", "publish_at")
                .first()
            )
        return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not self.has_publish_permission(request):
            request.kept_publication = {"is_published": False, "publish_at": None}
        return super().recover_view(request, version_id, extra_context)

    def save_model(self, request, obj, form, change):
        if kept := getattr(request, "kept_publication", None):
            obj.is_published, obj.publish_at = kept["is_published"], kept["publish_at"]
        super().save_model(request, obj, form, change)

    def _set_published(self, queryset, is_published):
        """How many changed; one save per object, so that save() and its signals run as for
        a form."""
        changed = list(queryset.exclude(is_published=is_published, publish_at=None))
        for obj in changed:
            obj.is_published, obj.publish_at = is_published, None
            obj.save(update_fields=["is_published", "publish_at", "updated_at"])
        return len(changed)


def translated_text_columns(model):
    """The fields of ``model`` that hold text in each language, with their per-language
    columns."""
    names = set()
    for name in outdated.translated_text_fields(model):
        names.add(name)
        names.update(build_localized_fieldname(name, code) for code, _name in settings.LANGUAGES)
    return names


class TextOnlyForTranslatorsMixin:
    """Staff who may change content but not add it (Translators) change its texts only.

    Everything else (category, region, coordinates, year, organisation, themes, the French
    address, keys, files, links, order) is read-only for them, and the lists' editable
    columns are not offered, so a translation never moves or re-files anything.
    """

    def may_change_more_than_text(self, request):
        meta = self.model._meta
        return request.user.has_perm(f"{meta.app_label}.add_{meta.model_name}")

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not self.may_change_more_than_text(request):
            fields += [name for name in self._non_text_fields() if name not in fields]
        return fields

    def _non_text_fields(self):
        # A translator gives the page its address in their language, not in French.
        texts = translated_text_columns(self.model)
        if any(field.name == "slug" for field in self.model._meta.fields):
            texts |= {"slug"} | {
                build_localized_fieldname("slug", code) for code in outdated.target_languages()
            }
        parent = getattr(self, "parent_model", None)
        meta = self.model._meta
        return [
            field.name
            for field in [*meta.fields, *meta.many_to_many]
            if field.editable
            and not field.primary_key
            and field.name not in texts
            and not (parent is not None and field.related_model is parent)
        ]

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        if not self.may_change_more_than_text(request):
            changelist.list_editable = ()
        return changelist


class ViewOnSiteColumnMixin:
    """A link to the object's page, in the list and on the change form: the page itself
    once published, a preview before."""

    @admin.display(description=_("On the site"))
    def page_link(self, obj):
        if not obj.pk or not obj.slug:
            return "—"
        label = _("View") if obj.is_published else _("Preview")
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), label)

    def view_on_site(self, obj):
        return obj.get_absolute_url() if obj.slug else None


class OutdatedTranslationsMixin:
    """For a ModelAdmin whose change form extends this one: the item's and its inline parts'
    outdated translations, with the change to their French text, each with a box that says
    the translation still holds."""

    change_form_template = "admin/outdated_translations/change_form.html"

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk:
            context["outdated_translations"] = outdated.outdated_on_form(obj, _children(context))
            for entry in context["outdated_translations"]:
                name = entry["key"].split(":")
                column = build_localized_fieldname(name[2], name[3])
                if f"{name[0]}:{name[1]}" == f"{obj._meta.label_lower}:{obj.pk}":
                    field = context["adminform"].form.fields.get(column)
                    if field is not None:
                        field.help_text = render_to_string(
                            "admin/outdated_translations/help_text.html", {"entry": entry}
                        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if keys := request.POST.getlist("translation_still_holds"):
            children = [f.instance for fs in formsets for f in fs.forms if f.instance.pk]
            outdated.confirm_from_form(form.instance, children, keys)


def _children(context):
    return [
        form.instance
        for inline in context.get("inline_admin_formsets", ())
        for form in inline.formset.forms
        if form.instance.pk
    ]


class TranslationStatusView(TemplateView):
    template_name = "admin/translation_status.html"

    def get_context_data(self, **kwargs):
        report = translation_report(self.request.user)
        if not report:  # a staff account that may view no content
            raise PermissionDenied
        return {
            **super().get_context_data(**kwargs),
            **admin.site.each_context(self.request),
            "title": _("Translation status"),
            "report": report,
            "po_languages": content_po.language_choices(),
            "po_models": content_po.model_choices(),
            "may_import": bool(content_po.content_models(self.request.user, "change")),
        }


@admin.register(City)
class CityAdmin(
    OutdatedTranslationsMixin,
    EditConflictsMixin,
    TextOnlyForTranslatorsMixin,
    ContentHistoryAdmin,
    TabbedDjangoJqueryTranslationAdmin,
):
    list_display = ["name", "country", "key", "latitude", "longitude"]
    list_filter = ["country"]
    search_fields = ["name_fr", "name_en", "key"]
    # Coordinates as each language writes decimals: 45,5019 in French, 45.5019 in English.
    formfield_overrides = {models.DecimalField: {"localize": True}}


def group_name(group):
    """The groups the migrations create are named in English and shown translated."""
    return gettext(group.name)


class GroupNamesUserAdmin(UserAdmin):
    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "groups":
            field.label_from_instance = group_name
        return field


class TranslatedGroupAdmin(GroupAdmin):
    list_display = ["translated_name"]

    @admin.display(description=_("name"), ordering="name")
    def translated_name(self, group):
        return group_name(group)


for model, model_admin in ((User, GroupNamesUserAdmin), (Group, TranslatedGroupAdmin)):
    admin.site.unregister(model)
    admin.site.register(model, model_admin)


@admin.register(OpenDataLicence)
class OpenDataLicenceAdmin(admin.ModelAdmin):
    """One row, made when first opened: its list opens it."""

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        licence, _created = OpenDataLicence.objects.get_or_create(pk=1)
        return redirect(admin_urlname(licence._meta, "change"), licence.pk)
