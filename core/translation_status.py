"""How complete and current the content's translations are: a field is missing in a language
when it is empty there but filled in another, outdated when its French changed since."""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname

from .outdated import OutdatedTranslation


@dataclass
class Gap:
    obj: object
    fields: list
    admin_url: str | None


@dataclass
class LanguageStatus:
    code: str
    complete: int = 0
    gaps: list = field(default_factory=list)
    outdated: list = field(default_factory=list)


@dataclass
class ModelStatus:
    model: type
    total: int
    languages: list

    @property
    def label(self):
        return (
            f"{self.model._meta.app_config.verbose_name} › {self.model._meta.verbose_name_plural}"
        )


def translated_fields(model):
    """The translated fields of ``model``, in the order the model declares them."""
    names = translator.get_options_for_model(model).all_fields
    return [f.name for f in model._meta.get_fields() if f.name in names]


def translation_report(user=None):
    """Every translated model's status, or only those ``user`` may view."""
    codes = [code for code, _name in settings.LANGUAGES]
    report = []
    models = [
        m
        for m in translator.get_registered_models()
        if not m._meta.abstract
        and (user is None or user.has_perm(f"{m._meta.app_label}.view_{m._meta.model_name}"))
    ]
    for model in sorted(models, key=lambda m: (m._meta.app_label, m._meta.model_name)):
        fields = translated_fields(model)
        columns = [build_localized_fieldname(f, c) for f in fields for c in codes]
        statuses = {code: LanguageStatus(code) for code in codes}
        objects = list(model._default_manager.order_by("pk").only("pk", *columns))
        outdated = outdated_by_language(model)
        for obj in objects:
            for code in codes:
                if names := outdated.get((obj.pk, code)):
                    labels = [str(model._meta.get_field(name).verbose_name) for name in names]
                    statuses[code].outdated.append(Gap(obj, labels, admin_url(obj)))
                missing = [
                    str(model._meta.get_field(name).verbose_name)
                    for name in fields
                    if _is_missing(obj, name, code, codes)
                ]
                if missing:
                    statuses[code].gaps.append(Gap(obj, missing, admin_url(obj)))
                elif not names:
                    statuses[code].complete += 1
        report.append(ModelStatus(model, len(objects), list(statuses.values())))
    return report


def outdated_by_language(model):
    """{(pk, language): [field, …]} of the outdated translations of ``model``'s items."""
    found = {}
    rows = OutdatedTranslation.objects.filter(model=model._meta.label_lower)
    for pk, language, name in rows.order_by("field").values_list("object_id", "language", "field"):
        found.setdefault((pk, language), []).append(name)
    return found


def _value(obj, name, code):
    value = obj.__dict__.get(build_localized_fieldname(name, code))
    return value.strip() if isinstance(value, str) else value


def _is_missing(obj, name, code, codes):
    if _value(obj, name, code):
        return False
    return any(_value(obj, name, other) for other in codes if other != code)


def admin_url(obj):
    """The admin page where ``obj`` is edited: its own, or its parent's for an inline."""
    target = obj
    if not admin.site.is_registered(type(obj)):
        parents = [
            f
            for f in obj._meta.concrete_fields
            if f.is_relation and admin.site.is_registered(f.related_model)
        ]
        if not parents:
            return None
        target = getattr(obj, parents[0].name)
    meta = target._meta
    try:
        return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[target.pk])
    except NoReverseMatch:
        return None
