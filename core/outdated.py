"""Outdated translations: a translated field whose French text changed since it was translated
(README, "Languages"). A row exists only while the translation is outdated."""

import difflib
import hashlib

from django.conf import settings
from django.db import models
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname

from .content import is_content

SOURCE_LANGUAGE = settings.MODELTRANSLATION_DEFAULT_LANGUAGE


class OutdatedTranslation(models.Model):
    """One field of one item in one language, and the French text its translation follows."""

    model = models.CharField(_("model"), max_length=100)  # "partners.partner": no content type
    object_id = models.PositiveBigIntegerField(_("item"))
    field = models.CharField(_("field"), max_length=100)
    language = models.CharField(_("language"), max_length=10)
    source = models.TextField(_("French text it was translated from"), blank=True)
    since = models.DateTimeField(_("outdated since"), auto_now_add=True)

    class Meta:
        verbose_name = _("outdated translation")
        verbose_name_plural = _("outdated translations")
        constraints = [
            models.UniqueConstraint(
                fields=["model", "object_id", "field", "language"], name="one_outdated_per_field"
            )
        ]

    def __str__(self):
        return f"{self.model} #{self.object_id} {self.field} [{self.language}]"

    @classmethod
    def of(cls, obj):
        return cls.objects.filter(model=obj._meta.label_lower, object_id=obj.pk)


def translated_text_fields(model):
    """The names of ``model``'s translated text fields (slugs are addresses, not text)."""
    try:
        fields = translator.get_options_for_model(model).all_fields
    except NotRegistered:
        return []
    return [f.name for f in model._meta.get_fields() if f.name in fields and f.name != "slug"]


def target_languages():
    return [code for code, _name in settings.LANGUAGES if code != SOURCE_LANGUAGE]


def clean_text(value):
    """A text as compared: CRLF as LF, no surrounding blanks."""
    return (value or "").replace("\r\n", "\n").strip()


def _columns(model):
    languages = [SOURCE_LANGUAGE, *target_languages()]
    fields = translated_text_fields(model)
    return [build_localized_fieldname(name, code) for name in fields for code in languages]


def remember_texts(sender, instance, raw=False, **kwargs):
    if raw or not instance.pk or not is_content(sender) or not translated_text_fields(sender):
        return
    before = sender._base_manager.filter(pk=instance.pk).values(*_columns(sender)).first()
    instance._texts_before_save = before


def follow_changes(sender, instance, raw=False, **kwargs):
    before = instance.__dict__.pop("_texts_before_save", None)
    if raw or before is None:
        return
    label = sender._meta.label_lower
    existing = {(r.field, r.language): r for r in OutdatedTranslation.of(instance)}
    for name in translated_text_fields(sender):
        source_column = build_localized_fieldname(name, SOURCE_LANGUAGE)
        old_source = clean_text(before[source_column])
        new_source = clean_text(getattr(instance, source_column))
        for code in target_languages():
            column = build_localized_fieldname(name, code)
            translation = clean_text(getattr(instance, column))
            row = existing.get((name, code))
            if not translation or translation != clean_text(before[column]):
                # Missing, or written anew: nothing outdated.
                if row:
                    row.delete()
            elif row and clean_text(row.source) == new_source:
                row.delete()  # the French came back to what was translated
            elif not row and new_source != old_source:
                OutdatedTranslation.objects.create(
                    model=label, object_id=instance.pk, field=name, language=code, source=old_source
                )


def forget_deleted(sender, instance, **kwargs):
    if is_content(sender) and translated_text_fields(sender):
        OutdatedTranslation.of(instance).delete()


def connect_signals():
    pre_save.connect(remember_texts, dispatch_uid="outdated-translations-before")
    post_save.connect(follow_changes, dispatch_uid="outdated-translations-after")
    post_delete.connect(forget_deleted, dispatch_uid="outdated-translations-deleted")


def mark_outdated(objects, noticed_apart=()):
    """Gives each of ``objects`` its ``outdated_fields`` in the page's language (one query),
    which ``translated`` reads; whether any is outdated but the fields ``noticed_apart``
    (texts whose own notice says so)."""
    language = translation.get_language()
    objects = [obj for obj in objects if obj is not None and obj.pk]
    if language == SOURCE_LANGUAGE or not objects:
        return False
    keys = models.Q()
    for obj in objects:
        keys |= models.Q(model=obj._meta.label_lower, object_id=obj.pk)
    found = {}
    rows = OutdatedTranslation.objects.filter(keys, language=language)
    for model, pk, field in rows.values_list("model", "object_id", "field"):
        found.setdefault((model, pk), set()).add(field)
    for obj in objects:
        obj.outdated_fields = found.get((obj._meta.label_lower, obj.pk), set())
    return any(fields - set(noticed_apart) for fields in found.values())


def digest(text):
    return hashlib.blake2b(clean_text(text).encode(), digest_size=8).hexdigest()


def outdated_on_form(obj, children):
    """What the change form of ``obj`` shows of its own and its inline ``children``'s outdated
    translations: each with its label, the change to its French text and a confirmation key."""
    entries = []
    for item in [obj, *children]:
        for row in OutdatedTranslation.of(item).order_by("field", "language"):
            field = item._meta.get_field(row.field)
            current = getattr(item, build_localized_fieldname(row.field, SOURCE_LANGUAGE))
            label = f"{capfirst(field.verbose_name)} [{row.language}]"
            if item is not obj:
                label = f"{capfirst(item._meta.verbose_name)} « {item} » › {label}"
            key = f"{row.model}:{row.object_id}:{row.field}:{row.language}:{digest(current)}"
            entries.append({"label": label, "changes": word_diff(row.source, current), "key": key})
    return entries


def confirm_from_form(obj, children, keys):
    """Confirms the translations whose keys (``outdated_on_form``) were ticked, if their French
    text is still the one shown."""
    items = {(item._meta.label_lower, str(item.pk)): item for item in [obj, *children]}
    for key in keys:
        model, pk, field, language, shown = (key.split(":") + [""] * 5)[:5]
        item = items.get((model, pk))
        if item is None or field not in translated_text_fields(type(item)):
            continue
        item.refresh_from_db()
        if digest(getattr(item, build_localized_fieldname(field, SOURCE_LANGUAGE))) == shown:
            OutdatedTranslation.of(item).filter(field=field, language=language).delete()


def word_diff(before, after):
    """The change from ``before`` to ``after`` as (kind, text) pieces, kind being "same",
    "removed" or "added": words, so that a changed comma does not mark a whole paragraph."""
    old, new = clean_text(before).split(" "), clean_text(after).split(" ")
    pieces = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(("same", " ".join(old[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(("removed", " ".join(old[i1:i2])))
        if j2 > j1:
            pieces.append(("added", " ".join(new[j1:j2])))
    return pieces
