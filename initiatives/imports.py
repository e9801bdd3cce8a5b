"""Initiatives from a spreadsheet with the columns of the CSV export (exports.csv_columns).
The columns the export computes (addresses, country and level names, documents, dates) are
ignored; places, types, themes and organisations are found by their names."""

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from import_export.fields import Field

from core.imports import (
    LIST_SEPARATOR,
    ContentResource,
    NamedWidget,
    NamesWidget,
    find_by_name,
    text_list,
)
from core.places import City

from .exports import TRANSLATED_TEXT
from .models import Axis, Initiative, Objective, PolicyType, Theme

NAMES = ["name_fr", "name_en", "key"]
CHILDREN = {"objectives": Objective, "axes": Axis}


class InitiativeResource(ContentResource):
    city = Field("city", "city_fr", widget=NamedWidget(City, NAMES))
    policy_type = Field("policy_type", "policy_type_fr", widget=NamedWidget(PolicyType, NAMES))
    themes = Field("themes", "themes_fr", widget=NamesWidget(Theme, [*NAMES, "slug_fr", "slug_en"]))
    organisation_fr = Field(column_name="organisation_fr")
    organisation_en = Field(column_name="organisation_en")
    objectives_fr = Field(column_name="objectives_fr")
    objectives_en = Field(column_name="objectives_en")
    axes_fr = Field(column_name="axes_fr")
    axes_en = Field(column_name="axes_en")

    class Meta(ContentResource.Meta):
        model = Initiative
        fields = [
            "id",
            "year",
            "level",
            "country",
            *(f"{name}_{code}" for code in ("fr", "en") for name in TRANSLATED_TEXT),
            "city",
            "policy_type",
            "themes",
            "organisation_fr",
            "organisation_en",
            *(f"{name}_{code}" for name in CHILDREN for code in ("fr", "en")),
            "is_published",
            "publish_at",
        ]

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if "organisation_fr" in row:
            self._set_organisation(instance, row)
        instance.imported_children = {}
        for relation in CHILDREN:
            if f"{relation}_fr" not in row:
                continue
            french = text_list(row[f"{relation}_fr"])
            english = text_list(row.get(f"{relation}_en"))
            if english and len(english) != len(french):
                message = _("%(fr)d in French, %(en)d in English: give as many, or none.")
                errors[f"{relation}_en"] = [message % {"fr": len(french), "en": len(english)}]
            else:
                # The export writes the French where no English exists: that is no translation.
                english = english or french
                instance.imported_children[relation] = [
                    (fr, "" if en == fr else en) for fr, en in zip(french, english, strict=True)
                ]
        if errors:
            raise ValidationError(errors)

    def _set_organisation(self, instance, row):
        name_fr, name_en = (text_list(row.get(f"organisation_{code}")) for code in ("fr", "en"))
        name_fr, name_en = LIST_SEPARATOR.join(name_fr), LIST_SEPARATOR.join(name_en)
        partners = Initiative._meta.get_field("organisation").related_model._default_manager
        try:
            partner = find_by_name(partners.all(), name_fr, ["name_fr", "name_en"])
        except ValueError:
            partner = None
        instance.organisation = partner
        instance.organisation_name_fr = "" if partner else name_fr
        instance.organisation_name_en = "" if partner or name_en == name_fr else name_en

    def skip_row(self, instance, original, row, import_validation_errors=None):
        unchanged = super().skip_row(instance, original, row, import_validation_errors)
        return (
            unchanged
            and all(
                self._children_of(instance, relation) == texts
                for relation, texts in getattr(instance, "imported_children", {}).items()
            )
            and self._organisation_of(original) == self._organisation_of(instance)
        )

    def after_save_instance(self, instance, row, **kwargs):
        for relation, texts in getattr(instance, "imported_children", {}).items():
            if self._children_of(instance, relation) == texts:
                continue
            getattr(instance, relation).all().delete()
            for order, (text_fr, text_en) in enumerate(texts, start=1):
                CHILDREN[relation].objects.create(
                    initiative=instance, order=order, text_fr=text_fr, text_en=text_en
                )

    @staticmethod
    def _children_of(initiative, relation):
        if not initiative.pk:
            return []
        return [
            (item.text_fr or "", item.text_en or "") for item in getattr(initiative, relation).all()
        ]

    @staticmethod
    def _organisation_of(initiative):
        return (
            initiative.organisation_id,
            initiative.organisation_name_fr or "",
            initiative.organisation_name_en or "",
        )

    def _dehydrate_in(self, code, initiative, read):
        if not initiative.pk:
            return ""
        with translation.override(code):
            return read(initiative)

    def dehydrate_organisation_fr(self, initiative):
        return self._dehydrate_in("fr", initiative, lambda i: i.organisation_display or "")

    def dehydrate_organisation_en(self, initiative):
        return self._dehydrate_in("en", initiative, lambda i: i.organisation_display or "")

    def _texts(self, code, initiative, relation):
        return self._dehydrate_in(
            code,
            initiative,
            lambda i: LIST_SEPARATOR.join(item.text for item in getattr(i, relation).all()),
        )

    def dehydrate_objectives_fr(self, initiative):
        return self._texts("fr", initiative, "objectives")

    def dehydrate_objectives_en(self, initiative):
        return self._texts("en", initiative, "objectives")

    def dehydrate_axes_fr(self, initiative):
        return self._texts("fr", initiative, "axes")

    def dehydrate_axes_en(self, initiative):
        return self._texts("en", initiative, "axes")
