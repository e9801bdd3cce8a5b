"""The content's translations as a gettext file (README, "Languages"): one entry per item and
translated field, the French as ``msgid``; read back entry by entry, in one transaction."""

import functools
from dataclasses import dataclass, field

import polib
import reversion
from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname

from .outdated import (
    SOURCE_LANGUAGE,
    OutdatedTranslation,
    clean_text,
    target_languages,
    translated_text_fields,
)
from .translation_status import admin_url as admin_url_of

MAX_FILE_BYTES = 5 * 1024 * 1024
STATUSES = (
    "applied",
    "confirmed",
    "unchanged",
    "source changed",
    "fuzzy",
    "empty",
    "unknown",
    "refused",
)


def content_models(user=None, permission="view"):
    found = [
        model
        for model in translator.get_registered_models()
        if not model._meta.abstract
        and translated_text_fields(model)
        and (user is None or _may(user, permission, model))
    ]
    return sorted(found, key=lambda m: m._meta.label_lower)


def source_column(name):
    return build_localized_fieldname(name, SOURCE_LANGUAGE)


def _may(user, permission, model):
    return user.has_perm(f"{model._meta.app_label}.{permission}_{model._meta.model_name}")


def export(language, only=None, model_label=None, user=None, base_url=""):
    """A POFile of every translatable text of the content models ``user`` may view (published
    or not); ``only`` "missing" or "outdated" keeps those."""
    po = polib.POFile(wrapwidth=0)
    po.header = "The C.I.T.I.E.S. website's content, to translate from French."
    now = timezone.now().strftime("%Y-%m-%d %H:%M%z")
    po.metadata = {
        "Project-Id-Version": "C.I.T.I.E.S. content",
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "POT-Creation-Date": now,
        "PO-Revision-Date": now,
        "Last-Translator": "",
        "Language-Team": "",
    }
    entries, known = [], {}
    for model in content_models(user):
        label = model._meta.label_lower
        if model_label and label != model_label:
            continue
        names = translated_text_fields(model)
        outdated = set(
            OutdatedTranslation.objects.filter(model=label, language=language).values_list(
                "object_id", "field"
            )
        )
        for obj in model._base_manager.order_by("pk"):
            for name in names:
                source = clean_text(getattr(obj, source_column(name)))
                if not source:
                    continue
                text = clean_text(getattr(obj, build_localized_fieldname(name, language)))
                entry = polib.POEntry(msgctxt=f"{label}:{obj.pk}:{name}", msgid=source, msgstr=text)
                entry.comment = _addresses(obj, language, base_url)
                is_outdated = (obj.pk, name) in outdated
                if is_outdated:
                    entry.flags.append("fuzzy")
                if text and not is_outdated:
                    known.setdefault(source, text)
                entries.append((entry, is_outdated))
    for entry, is_outdated in entries:
        if not entry.msgstr and entry.msgid in known:
            # The same French text is translated elsewhere: offered, to be checked.
            entry.msgstr = known[entry.msgid]
            entry.flags.append("fuzzy")
            entry.comment += "\nSuggested from the same French text elsewhere."
            missing = True
        else:
            missing = not entry.msgstr
        if only == "missing" and not missing or only == "outdated" and not is_outdated:
            continue
        po.append(entry)
    return po


def _addresses(obj, language, base_url):
    lines = []
    if admin_url := admin_url_of(obj):
        lines.append(f"Admin: {base_url}{admin_url}")
    if getattr(obj, "is_published", False) and hasattr(obj, "get_absolute_url"):
        with translation.override(language):
            lines.append(f"Page: {base_url}{obj.get_absolute_url()}")
    return "\n".join(lines)


@dataclass
class ImportReport:
    language: str
    results: list = field(default_factory=list)  # (msgctxt, status, detail)

    def add(self, context, status, detail="", order=None):
        self.results.append(
            (context, status, detail, len(self.results) if order is None else order)
        )

    def in_file_order(self):
        self.results = [r[:3] for r in sorted(self.results, key=lambda r: r[3])]

    @property
    def counts(self):
        return {status: sum(1 for r in self.results if r[1] == status) for status in STATUSES}


class InvalidFile(ValueError):
    pass


def parse(data):
    """The POFile in ``data`` (bytes), or InvalidFile with the parser's message."""
    if len(data) > MAX_FILE_BYTES:
        raise InvalidFile(_("The file is over 5 MB."))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InvalidFile(_("The file is not UTF-8 text: %(error)s.") % {"error": error}) from None
    try:
        po = polib.pofile(text, wrapwidth=0)
    except (OSError, ValueError) as error:
        raise InvalidFile(_("Not a valid .po file: %(error)s") % {"error": error}) from None
    language = po.metadata.get("Language", "").replace("-", "_").split("_")[0].lower()
    if language not in target_languages():
        message = _("The file’s Language header says “%(found)s”; expected one of: %(allowed)s.")
        allowed = ", ".join(target_languages())
        raise InvalidFile(message % {"found": language, "allowed": allowed})
    return po, language


@transaction.atomic
@reversion.create_revision()
def import_po(data, user=None):
    """Applies the translations of ``data`` that still match the French text, in one
    transaction (and one version of the content's history); returns the report of each
    entry."""
    po, language = parse(data)
    reversion.set_user(user if user is not None and user.is_authenticated else None)
    reversion.set_comment(_("Translations imported from a .po file."))
    report = ImportReport(language)
    may_change = {m._meta.label_lower: m for m in content_models(user, "change")}
    known = {m._meta.label_lower for m in content_models()}
    entries = []
    for order, entry in enumerate(po):
        if entry.obsolete:
            continue
        context = entry.msgctxt or ""
        label, _sep, rest = context.partition(":")
        pk, _sep, name = rest.partition(":")
        model = may_change.get(label)
        if model is None and label in known:
            report.add(context, "refused", _("no permission"), order)
        elif (
            model is None
            or name not in translated_text_fields(model)
            or not (pk.isascii() and pk.isdigit() and len(pk) < 19)
        ):
            report.add(context, "unknown", order=order)
        else:
            entries.append((order, entry, context, model, int(pk), name))
    # The items named, read once per model rather than once per entry.
    wanted = {}
    for _order, _entry, _context, model, pk, _name in entries:
        wanted.setdefault(model, set()).add(pk)
    found = {model: model._base_manager.in_bulk(pks) for model, pks in wanted.items()}
    outdated = {
        (row.model, row.object_id, row.field)
        for row in OutdatedTranslation.objects.filter(language=language)
    }
    changes = {}  # (model, pk) → (obj, {column: text}, [fields confirmed])
    for order, entry, context, model, pk, name in entries:
        add = functools.partial(report.add, order=order)
        obj = found[model].get(pk)
        key = (model._meta.label_lower, pk)
        if key not in changes:
            changes[key] = (obj, {}, [])
        obj, columns, confirmed = changes[key]
        text = clean_text(entry.msgstr)
        if obj is None:
            add(context, "unknown", _("no such item"))
        elif clean_text(getattr(obj, source_column(name))) != clean_text(entry.msgid):
            add(context, "source changed")
        elif not text:
            add(context, "empty")
        elif "fuzzy" in entry.flags:
            add(context, "fuzzy")
        elif (limit := model._meta.get_field(name).max_length) and len(text) > limit:
            add(context, "refused", _("over %(limit)d characters") % {"limit": limit})
        elif text == clean_text(getattr(obj, build_localized_fieldname(name, language))):
            if (key[0], pk, name) in outdated:
                confirmed.append(name)
                add(context, "confirmed")
            else:
                add(context, "unchanged")
        else:
            columns[build_localized_fieldname(name, language)] = text
            add(context, "applied")
    for obj, columns, confirmed in changes.values():
        if obj is None:
            continue
        if columns:
            for column, text in columns.items():
                setattr(obj, column, text)
            stamp = ["updated_at"] if any(f.name == "updated_at" for f in obj._meta.fields) else []
            obj.save(update_fields=[*columns, *stamp])
        if confirmed:
            OutdatedTranslation.of(obj).filter(field__in=confirmed, language=language).delete()
    report.in_file_order()
    return report


def model_choices():
    return [(m._meta.label_lower, str(m._meta.verbose_name_plural)) for m in content_models()]


def language_choices():
    names = dict(settings.LANGUAGES)
    return [(code, names[code]) for code in target_languages()]
