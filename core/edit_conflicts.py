"""Refuse an admin save made from a change form older than what the database now holds."""

import copy
import hashlib
import time
from datetime import UTC, datetime

from django.contrib.admin.models import LogEntry
from django.contrib.admin.utils import display_for_field
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.db import models
from django.template.defaultfilters import yesno
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from modeltranslation.translator import NotRegistered, translator

FIELD_NAME = "_edit_version"


def compared_fields(model, parent=None):
    """The fields a change form saves: each language's column of a translated field, not
    the field itself (it only reads the active language's column); for an inline child, not
    its link to ``parent``."""
    try:
        translated = set(translator.get_options_for_model(model).fields)
    except NotRegistered:
        translated = set()
    meta = model._meta
    return [
        field
        for field in [*meta.concrete_fields, *meta.many_to_many]
        if field.editable
        and not field.primary_key
        and field.name not in translated
        and not (parent and field.many_to_one and field.related_model is parent)
    ]


def _digest(obj, field):
    # Digests rather than values: the token stays small, whatever the length of the texts.
    if field.many_to_many:
        value = sorted(getattr(obj, field.name).values_list("pk", flat=True))
    elif field.value_from_object(obj) is None:
        value = ""  # as a form saves it: "" where the loader left NULL is no change
    else:
        value = field.value_to_string(obj)
    # A browser sends a textarea's line ends as CRLF: the same text.
    text = str(value).replace("\r\n", "\n")
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


def _digests(obj, fields):
    return {field.name: _digest(obj, field) for field in fields}


def _foreign_key(inline, parent):
    fk_name = getattr(inline, "fk_name", None)
    return next(
        field
        for field in inline.model._meta.fields
        if field.many_to_one
        and (field.name == fk_name if fk_name else field.related_model is parent)
    )


class StoredVersion:
    """An object and its inline children as the database holds them now, and what changed
    in them since an earlier version (a signed token that a change form carries)."""

    def __init__(self, model_admin, obj):
        self.model_admin = model_admin
        self.obj = obj
        self.salt = f"edit-version:{obj._meta.label_lower}:{obj.pk}"
        self.fields = compared_fields(type(obj))
        # Each inline's children, in the order its formset shows them.
        self.children = {}
        for inline in model_admin.inlines:
            fk = _foreign_key(inline, type(obj))
            fields = compared_fields(inline.model, parent=type(obj))
            children = list(inline.model._default_manager.filter(**{fk.name: obj}))
            self.children[inline.model._meta.label_lower] = (inline.model, fields, children)
        self.state = {
            "fields": _digests(obj, self.fields),
            "children": {
                label: [[str(child.pk), _digests(child, fields)] for child in children]
                for label, (_model, fields, children) in self.children.items()
            },
        }

    def token(self):
        return signing.dumps(
            {"opened": int(time.time()), "state": self.state}, salt=self.salt, compress=True
        )

    def read(self, token):
        """When the form was opened and what it showed; BadSignature for a missing, altered
        or foreign token (another object's)."""
        payload = signing.loads(token or "", salt=self.salt)
        try:
            return datetime.fromtimestamp(payload["opened"], UTC), payload["state"]
        except (KeyError, TypeError, ValueError) as error:
            raise signing.BadSignature from error

    def changes_since(self, shown):
        """(label, value now stored) for each field and inline item changed since ``shown``."""
        rows = [
            (capfirst(field.verbose_name), self._display(self.obj, field))
            for field in self.fields
            if shown["fields"].get(field.name) != self.state["fields"][field.name]
        ]
        for label, (model, fields, children) in self.children.items():
            name = capfirst(model._meta.verbose_name)
            rows += self._child_changes(name, fields, children, shown["children"].get(label, []))
        return rows

    def _child_changes(self, name, fields, children, shown):
        """Children are named by their place in the form the person has: "Objective 2"."""
        rows = []
        current = {str(child.pk): child for child in children}
        for number, (pk, digests) in enumerate(shown, 1):
            item = _("%(item)s %(number)d") % {"item": name, "number": number}
            if pk in current:
                rows += self._field_rows(item, current[pk], fields, digests)
            else:
                rows.append((item, _("Deleted since you opened this form.")))
        shown_pks = {pk for pk, _digests in shown}
        for number, child in enumerate(children, 1):
            if str(child.pk) not in shown_pks:
                item = _("%(item)s %(number)d (new item)") % {"item": name, "number": number}
                rows += self._field_rows(item, child, fields, {})
        return rows

    def _field_rows(self, item, child, fields, shown_digests):
        return [
            (
                _("%(item)s, %(field)s") % {"item": item, "field": field.verbose_name},
                self._display(child, field),
            )
            for field in fields
            if shown_digests.get(field.name) != _digest(child, field)
        ]

    def _display(self, obj, field):
        if field.many_to_many:
            value = list(getattr(obj, field.name).all())
        elif field.is_relation:
            value = getattr(obj, field.name)
        else:
            value = field.value_from_object(obj)
        if isinstance(field, models.BooleanField):
            return yesno(value)
        return display_for_field(value, field, self.model_admin.get_empty_value_display())

    def who_changed_it(self, since):
        """A sentence naming who changed the object since ``since``, from the admin's
        history, and when they last did."""
        entries = LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(self.obj),
            object_id=str(self.obj.pk),
            action_time__gte=since,
        ).select_related("user")
        entries = list(entries.order_by("-action_time"))
        if not entries:
            return _("Someone else changed this item after you opened this form.")
        people = list(
            dict.fromkeys(e.user.get_full_name() or e.user.get_username() for e in entries)
        )
        when = formats.date_format(timezone.localtime(entries[0].action_time), "DATETIME_FORMAT")
        return ngettext(
            "%(people)s changed this item on %(when)s, after you opened this form.",
            "%(people)s changed this item (last on %(when)s) after you opened this form.",
            len(people),
        ) % {"people": ", ".join(people), "when": when}


class VersionCheckedFormMixin:
    """A change form that refuses to save over what was stored since it was shown, and
    then lists what is stored now, so that the person can merge it into their input."""

    model_admin = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Built when the form is: on a save, after the object's row is locked.
        self.stored = StoredVersion(self.model_admin, self.instance)
        self.edit_version = self.stored.token()
        self.edit_conflicts = []

    def clean(self):
        cleaned_data = super().clean()
        try:
            opened, shown = self.stored.read(self.data.get(FIELD_NAME))
        except signing.BadSignature:
            # No version to compare with: the person must reload, not save again blindly.
            self.edit_version = ""
            self.add_error(
                None,
                _(
                    "This form could not be checked against the version now stored, so "
                    "nothing was saved. Copy your changes, reload the page and make them again."
                ),
            )
            return cleaned_data
        if shown != self.stored.state:
            self.edit_conflicts = self.stored.changes_since(shown)
            self._take_what_only_others_changed(shown["fields"])
            self.add_error(
                None,
                [
                    self.stored.who_changed_it(opened),
                    _(
                        "Nothing was saved. What is stored now is listed below: bring into "
                        "the form what you want to keep, then save again."
                    ),
                ],
            )
        return cleaned_data

    def _take_what_only_others_changed(self, shown):
        """The fields someone else changed and this person left as they were shown come
        back holding what is stored, so that saving after the merge keeps those changes."""
        data = self.data.copy()
        for field in self.stored.fields:
            name = field.name
            stored = self.stored.state["fields"][name]
            if name not in self.cleaned_data or stored == shown.get(name):
                continue
            if self._digest_of_input(field) != shown.get(name):
                continue  # changed on both sides: the input stays, the stored value is listed
            value, key = self[name].initial, self.add_prefix(name)
            if field.many_to_many:
                data.setlist(key, [str(getattr(item, "pk", item)) for item in value or ()])
            elif isinstance(field, models.BooleanField):
                data[key] = "on" if value else "false"
            else:
                data[key] = "" if value is None else formats.localize_input(value)
        self.data = data

    def _digest_of_input(self, field):
        value = self.cleaned_data[field.name]
        if field.many_to_many:
            pks = sorted(item.pk for item in value or ())
            return hashlib.blake2b(str(pks).encode(), digest_size=8).hexdigest()
        probe = copy.copy(self.instance)
        setattr(probe, field.attname, getattr(value, "pk", value))
        return _digest(probe, field)


class EditConflictsMixin:
    """For a ModelAdmin: a change form saved after someone else changed the object (or its
    inline children) since it was opened is refused and shown again with what changed."""

    change_form_template = "admin/edit_conflicts/change_form.html"

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None and request.method == "POST":
            # Read again under a row lock (PostgreSQL), within the admin's transaction: two
            # saves of one object run one after the other, the second seeing the first.
            obj = self.get_queryset(request).select_for_update().get(pk=obj.pk)
        return obj

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None:
            base = kwargs.get("form", self.form)
            kwargs["form"] = type(
                base.__name__, (VersionCheckedFormMixin, base), {"model_admin": self}
            )
        return super().get_form(request, obj, change=change, **kwargs)
