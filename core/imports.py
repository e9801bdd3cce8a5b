"""Bulk import (django-import-export): what the apps' resources share. Cells are read as the
site's exports write them: lists separated by " | ", formulas after an apostrophe."""

import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from import_export import resources, widgets
from import_export.fields import Field
from modeltranslation.utils import build_localized_fieldname

MAX_ROWS = 5000
LIST_SEPARATOR = " | "  # the CSV export's, between the items of a list
# A cell starting with one of these is a formula to a spreadsheet: exports write it after an
# apostrophe, which spreadsheets show as text (OWASP's advice on CSV injection); imports
# take the apostrophe away again.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_ESCAPE = re.compile(r"^'(?=[=+\-@\t\r])")


def as_text_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _text(value):
    text = "" if value is None else str(value).strip()
    return FORMULA_ESCAPE.sub("", text)


def text_list(value):
    return [item for item in (_text(part) for part in _text(value).split("|")) if item]


class TextWidget(widgets.CharWidget):
    def __init__(self, empty_as_none=False, **kwargs):
        super().__init__(**kwargs)
        self.empty_as_none = empty_as_none

    def clean(self, value, row=None, **kwargs):
        # Kept as written, spaces and all, and empty as the column keeps it (NULL or ""), so
        # that an unchanged row is seen as unchanged.
        text = FORMULA_ESCAPE.sub("", "" if value is None else str(value))
        return None if not text and self.empty_as_none else text


class WholeNumberWidget(widgets.IntegerWidget):
    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        if not text:
            return None
        try:
            number = float(text)
        except ValueError:
            number = None
        if number is None or not number.is_integer() or abs(number) > 2**31:
            raise ValueError(_("Write a whole number."))
        return int(number)


class MomentWidget(widgets.DateTimeWidget):
    FORMATS = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M"]

    def __init__(self):
        super().__init__(self.FORMATS[0])

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            return super().clean(value, row, **kwargs)
        text = _text(value)
        if not text:
            return None
        for pattern in self.FORMATS:
            try:
                moment = datetime.datetime.strptime(text, pattern)
            except ValueError:
                continue
            return timezone.make_aware(moment) if settings.USE_TZ else moment
        raise ValueError(_("Write a date and time as 2027-01-31 14:00 (Montréal time)."))


class YesNoWidget(widgets.BooleanWidget):
    TRUE_VALUES = [*widgets.BooleanWidget.TRUE_VALUES, "oui", "Oui", "OUI", "yes", "Yes", "YES"]
    FALSE_VALUES = [*widgets.BooleanWidget.FALSE_VALUES, "non", "Non", "NON", "no", "No", "NO"]

    def clean(self, value, row=None, **kwargs):
        value = _text(value)
        if value and value not in self.TRUE_VALUES + self.FALSE_VALUES:
            raise ValueError(_("Write yes or no (oui or non)."))
        return super().clean(value, row, **kwargs)


def find_by_name(queryset, name, fields):
    """The one object whose ``fields`` (names in each language, a key) hold ``name``, the
    case and spaces aside; None for an empty name."""
    if not name:
        return None
    wanted = name.casefold()
    for obj in queryset:
        if any((getattr(obj, field) or "").strip().casefold() == wanted for field in fields):
            return obj
    raise ValueError(
        _("“%(name)s” is not known: choose one of: %(known)s.")
        % {"name": name, "known": ", ".join(str(obj) for obj in queryset)}
    )


class NamedWidget(widgets.ForeignKeyWidget):
    """A related object by its name in any language (or its key), as the export writes it."""

    def __init__(self, model, fields):
        super().__init__(model)
        self.fields = fields

    def clean(self, value, row=None, **kwargs):
        return find_by_name(self.model._default_manager.all(), _text(value), self.fields)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else getattr(value, self.fields[0])


class NamesWidget(widgets.ManyToManyWidget):
    def __init__(self, model, fields):
        super().__init__(model, separator="|")
        self.fields = fields

    def clean(self, value, row=None, **kwargs):
        everything = list(self.model._default_manager.all())
        return [find_by_name(everything, name, self.fields) for name in text_list(value)]

    def render(self, value, obj=None, **kwargs):
        names = (getattr(item, self.fields[0]) for item in value.all()) if value else []
        return LIST_SEPARATOR.join(names)


class ContentResource(resources.ModelResource):
    """Rows of the apps' content: an ``id`` is an existing item to change, an empty one a new
    item (a draft unless the row says otherwise); publishing needs the permission to."""

    is_published = Field("is_published", "is_published", widget=YesNoWidget())
    publish_at = Field("publish_at", "publish_at", widget=MomentWidget())

    class Meta:  # the apps' resources' Meta derive from it
        import_id_fields = ["id"]
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True

    def before_import_row(self, row, **kwargs):
        identifier = _text(row.get("id")).removesuffix(".0")
        user = kwargs.get("user")
        meta = self._meta.model._meta
        if identifier:
            if not (identifier.isdigit() and meta.model._default_manager.filter(pk=identifier)):
                message = _("No item has the number %(id)s: leave it empty to add one.")
                raise ValidationError({"id": message % {"id": identifier}})
            if identifier in self.seen_ids:
                message = _("Item %(id)s is on an earlier row already.")
                raise ValidationError({"id": message % {"id": identifier}})
            self.seen_ids.add(identifier)
            if user is not None and not user.has_perm(f"{meta.app_label}.change_{meta.model_name}"):
                raise ValidationError({"id": _("You may add items, not change them.")})
        if not _text(row.get("is_published")):
            row.pop("is_published", None)  # an empty cell keeps the item's state
        if user is not None and not user.has_perm(f"{meta.app_label}.publish_{meta.model_name}"):
            for column in ("is_published", "publish_at"):
                row.pop(column, None)  # a draft stays a draft; a published item stays online

    @classmethod
    def widget_from_django_field(cls, f, default=widgets.Widget):
        kind = f.get_internal_type()
        if kind in {"CharField", "TextField", "SlugField", "URLField"}:
            return TextWidget
        if kind.endswith("IntegerField") and not f.primary_key:
            return WholeNumberWidget
        return super().widget_from_django_field(f, default)

    @classmethod
    def widget_kwargs_for_field(cls, field_name, django_field):
        kwargs = super().widget_kwargs_for_field(field_name, django_field)
        if cls.widget_from_django_field(django_field) is TextWidget:
            kwargs["empty_as_none"] = django_field.null
        return kwargs

    def export_field(self, field, instance, **kwargs):
        return as_text_cell(super().export_field(field, instance, **kwargs))

    def import_data(self, dataset, *args, **kwargs):
        """A file of too many rows, or of no column this resource knows (another sheet, a
        title above the header, semicolons), is refused before any row is read."""
        known = {field.column_name for field in self.get_import_fields()}
        message = None
        if len(dataset) > MAX_ROWS:
            message = _("The file has over 5,000 rows: split it.")
        elif not known & set(dataset.headers or []):
            message = _(
                "No column of the file is one of those listed above: the first row must name "
                "them (in an XLSX file, on the sheet open when it was saved), and a CSV file "
                "separates them with commas."
            )
        if message is None:
            self.seen_ids = set()
            return super().import_data(dataset, *args, **kwargs)
        result = self.get_result_class()()
        result.append_base_error(self.get_error_result_class()(ValueError(message)))
        return result

    def import_instance(self, instance, row, **kwargs):
        # The lists of names are read after the save: they are checked here, with the rest.
        errors = {}
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget) and field.column_name in row:
                try:
                    field.clean(row)
                except ValueError as error:
                    errors[field.attribute] = [str(error)]
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        try:
            super().validate_instance(instance, import_validation_errors, validate_unique)
        except ValidationError as error:
            # modeltranslation checks a field and its French column: one message is enough.
            errors = error.update_error_dict({})
            for name in [n for n in errors if build_localized_fieldname(n, "fr") in errors]:
                del errors[name]
            raise ValidationError(errors) from None
