"""The content's history (django-reversion): every save, publication and deletion in the admin
is a version; editors compare two, revert to one, or recover a deleted item (README, "History")."""

from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from modeltranslation.translator import NotRegistered, translator
from reversion.admin import VersionAdmin
from reversion.errors import RevertError
from reversion.models import Version

from .outdated import word_diff


class ContentHistoryAdmin(VersionAdmin):
    """For a ModelAdmin: its items' versions. Reverting and recovering change more than
    texts: they are for those who may add items (Editors), not for Translators."""

    revision_form_template = "admin/history/revision_form.html"
    recover_form_template = "admin/history/recover_form.html"
    object_history_template = "admin/history/object_history.html"
    history_latest_first = True

    def may_restore(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def construct_change_message(self, request, form, formsets, add=False):
        # Django stores the labels untranslated, to translate them when shown; a label of one
        # language ("Name [en]") has no translation, so it is stored as the editor read it.
        message = super().construct_change_message(request, form, formsets, add)
        shown = {}
        for each in [form, *(formset.forms[0] for formset in formsets if formset.forms)]:
            for name, field in each.fields.items():
                with translation.override(None):
                    stored = str(field.label or name)
                shown[stored] = str(field.label or name)
        for part in message:
            for change in part.values():
                if "fields" in change:
                    change["fields"] = [shown.get(label, label) for label in change["fields"]]
        return message

    def revision_view(self, request, object_id, version_id, extra_context=None):
        if not self.may_restore(request):
            raise PermissionDenied
        return super().revision_view(request, object_id, version_id, extra_context)

    def get_urls(self):
        opts = self.model._meta
        compare = path(
            "<path:object_id>/history/compare/",
            self.admin_site.admin_view(self.compare_view),
            name=f"{opts.app_label}_{opts.model_name}_compare",
        )
        return [compare, *super().get_urls()]

    def history_view(self, request, object_id, extra_context=None):
        opts = self.model._meta
        versions = Version.objects.get_for_object_reference(self.model, unquote(object_id))
        action_list = [
            {
                "revision": version.revision,
                "version_id": version.pk,
                "url": reverse(
                    f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_revision",
                    args=(quote(version.object_id), version.pk),
                ),
            }
            for version in versions.select_related("revision__user").order_by("-pk")
        ]
        context = {
            "may_restore": self.may_restore(request),
            "action_list": action_list,
            **(extra_context or {}),
        }
        return super().history_view(request, object_id, context)

    def compare_view(self, request, object_id):
        """Two versions of an item (``?old=`` and ``?new=`` versions' keys), field by field,
        with what changed in each of its inline parts."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        obj_id = unquote(object_id)
        versions = Version.objects.get_for_object_reference(self.model, obj_id)
        old = get_object_or_404(versions, pk=request.GET.get("old", "").strip() or 0)
        new = get_object_or_404(versions, pk=request.GET.get("new", "").strip() or 0)
        if old.revision.date_created > new.revision.date_created:
            old, new = new, old
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "object_id": object_id,
            "title": _("Changes to %(name)s") % {"name": new.object_repr},
            "old": old,
            "new": new,
            "changes": field_changes(self.model, old.field_dict, new.field_dict),
            "parts": part_changes(old.revision, new.revision, self._parts(), obj_id),
        }
        return TemplateResponse(request, "admin/history/compare.html", context)

    def _parts(self):
        """{inline model: the attname of its link to this model}."""
        links = {}
        for inline in self.inlines:
            for field in inline.model._meta.concrete_fields:
                if field.many_to_one and field.related_model is self.model:
                    links[inline.model] = field.attname
        return links

    def delete_model(self, request, obj):
        with self.create_revision(request):
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with self.create_revision(request):
            super().delete_queryset(request, queryset)


def field_changes(model, old, new):
    """(label, pieces) of each field whose value differs between two versions' field dicts;
    texts as a word diff, other values as before → after."""
    changes = []
    try:
        shared = set(translator.get_options_for_model(model).fields)
    except NotRegistered:
        shared = set()
    for field in [*model._meta.concrete_fields, *model._meta.many_to_many]:
        if field.name in shared or not field.editable:
            continue  # the language columns say it; what staff do not edit is not history
        name = field.attname if field.is_relation and not field.many_to_many else field.name
        if field.primary_key or name not in old and name not in new:
            continue
        before, after = old.get(field.name, old.get(name)), new.get(field.name, new.get(name))
        if field.many_to_many:
            before, after = sorted(before or []), sorted(after or [])
        if before == after or field.name in ("updated_at", "created_at"):
            continue
        if isinstance(field, models.CharField | models.TextField):
            pieces = word_diff(before or "", after or "")
        else:
            pieces = [("removed", _display(field, before)), ("added", _display(field, after))]
        changes.append((capfirst(field.verbose_name), pieces))
    return changes


def _display(field, value):
    if value in (None, "", []):
        return "—"
    if field.is_relation:
        related = field.related_model._base_manager
        keys = value if isinstance(value, list) else [value]
        return ", ".join(str(o) for o in related.filter(pk__in=keys)) or str(value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def part_changes(old_revision, new_revision, links, parent_pk):
    """The inline parts (objectives, axes, documents) of the item ``parent_pk`` added, removed
    or changed between two revisions: (label, kind, changes). ``links``: {model: link}."""

    def parts(revision):
        found = {}
        for version in revision.version_set.all():
            link = links.get(version._model)
            if link and str(version.field_dict.get(link)) == str(parent_pk):
                found[(version.content_type_id, version.object_id)] = version
        return found

    before, after = parts(old_revision), parts(new_revision)
    found = []
    for key in sorted(before.keys() | after.keys(), key=lambda k: (k[0], int(k[1]))):
        old, new = before.get(key), after.get(key)
        shown = new or old
        label = f"{capfirst(shown._model._meta.verbose_name)} « {shown.object_repr} »"
        if old and new:
            if changes := field_changes(new._model, old.field_dict, new.field_dict):
                found.append((label, _("changed"), changes))
        else:
            found.append((label, _("added") if new else _("removed"), []))
    return found


def note_staff_edit(sender, revision, versions, **kwargs):
    """A revision saved by someone (staff in the admin, an import, a translator's file) that
    changed an item dates its last edit, and a changed part (an objective, a document) dates
    the item it belongs to; a save that changed nothing dates nothing."""
    if revision.user_id is None:
        return
    edited = {}
    for version in versions:
        model = version._model
        if not _changed(version):
            continue
        if _has_edited_at(model):
            edited.setdefault(model, set()).add(version.object_id)
            continue
        for field in model._meta.concrete_fields:
            if field.many_to_one and _has_edited_at(field.related_model):
                parent = version.field_dict.get(field.attname)
                if parent is not None:
                    edited.setdefault(field.related_model, set()).add(str(parent))
    for model, pks in edited.items():
        model._default_manager.filter(pk__in=pks).update(edited_at=revision.date_created)


def _changed(version):
    """Whether ``version`` differs from the one before it (its first: yes) in what staff may
    edit (not its dates, nor PostgreSQL's search vectors, filled after the save)."""
    previous = (
        Version.objects.get_for_object_reference(version._model, version.object_id)
        .filter(pk__lt=version.pk)
        .first()
    )
    if previous is None:
        return True
    fields = version._model._meta.concrete_fields
    not_edited = {field.attname for field in fields if not field.editable}
    try:
        before = {k: v for k, v in previous.field_dict.items() if k not in not_edited}
    except RevertError:  # a version of an older schema: count it as changed
        return True
    return before != {k: v for k, v in version.field_dict.items() if k not in not_edited}


def _has_edited_at(model):
    return any(field.name == "edited_at" for field in model._meta.concrete_fields)


def edited_at_from_history(app_label, model_name):
    """A migration's step: each item's last edit by someone, read from its history."""

    def fill(apps, schema_editor):
        from django.db.models import Max

        content_type = (
            apps.get_model("contenttypes", "ContentType")
            .objects.filter(app_label=app_label, model=model_name)
            .first()
        )
        if content_type is None:
            return
        model = apps.get_model(app_label, model_name)
        edits = (
            apps.get_model("reversion", "Version")
            .objects.filter(content_type=content_type, revision__user__isnull=False)
            .values("object_id")
            .annotate(last=Max("revision__date_created"))
        )
        for edit in edits:
            model.objects.filter(pk=edit["object_id"]).update(edited_at=edit["last"])

    return fill
