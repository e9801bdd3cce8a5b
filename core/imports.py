"""Bulk import in the admin (django-import-export): what the apps' resources share, and the
guards around the uploaded file."""

import os
import re
import tempfile
import time
import zipfile
from pathlib import Path
from uuid import uuid4

import reversion
from django.contrib.admin.models import ADDITION, LogEntry
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from import_export import resources, widgets
from import_export.admin import ImportExportMixin
from import_export.fields import Field
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ConfirmImportForm, ImportForm
from import_export.tmp_storages import TempFolderStorage
from modeltranslation.utils import build_localized_fieldname

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_BYTES = 50 * 1024 * 1024  # an XLSX is a zip: refused before it is unpacked
MAX_ROWS = 5000
LIST_SEPARATOR = " | "  # the CSV export's, between the items of a list
FORMULA_ESCAPE = re.compile(r"^'(?=[=+\-@\t\r])")  # the export's guard against formulas
UPLOAD_NAME = re.compile(r"[0-9a-f]{32}")


def uploads_folder():
    return Path(tempfile.gettempdir()) / f"cities-imports-{os.getuid()}"


class PrivateTempStorage(TempFolderStorage):
    """A file waiting for its confirmation, under a random name in a folder of its own: a
    crafted confirmation can neither read nor remove any other file."""

    def get_full_path(self):
        if not UPLOAD_NAME.fullmatch(self.name or ""):
            raise ValidationError(_("This import has expired: choose the file again."))
        return str(uploads_folder() / self.name)

    def save(self, data):
        folder = uploads_folder()
        folder.mkdir(mode=0o700, exist_ok=True)
        for old in folder.iterdir():  # uploads never confirmed, after a day
            if old.stat().st_mtime < time.time() - 86400:
                old.unlink(missing_ok=True)
        self.name = uuid4().hex
        with open(self.get_full_path(), "wb") as file:
            file.write(data)

    def _open(self, mode="r"):
        return open(self.get_full_path(), mode, encoding=self.encoding)


class SafeImportForm(ImportForm):
    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if upload.size > MAX_FILE_BYTES:
            raise ValidationError(_("The file is over 5 MB: split it in several files."))
        if upload.name.lower().endswith(".xlsx"):
            try:
                with zipfile.ZipFile(upload) as archive:
                    unpacked = sum(entry.file_size for entry in archive.infolist())
            except zipfile.BadZipFile as error:
                raise ValidationError(_("This is not an XLSX file.")) from error
            if unpacked > MAX_UNPACKED_BYTES:
                raise ValidationError(_("The spreadsheet is too large once unpacked."))
            upload.seek(0)
        return upload


class SafeConfirmImportForm(ConfirmImportForm):
    def clean_import_file_name(self):
        name = super().clean_import_file_name()
        if not UPLOAD_NAME.fullmatch(name) or not (uploads_folder() / name).is_file():
            raise ValidationError(_("This import has expired: choose the file again."))
        return name


def _text(value):
    text = "" if value is None else str(value).strip()
    return FORMULA_ESCAPE.sub("", text)


def text_list(value):
    return [item for item in (_text(part) for part in _text(value).split("|")) if item]


class TextWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        return _text(value)


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
    publish_at = Field("publish_at", "publish_at", widget=widgets.DateTimeWidget("%Y-%m-%d %H:%M"))

    def before_import_row(self, row, **kwargs):
        identifier = _text(row.get("id"))
        if identifier and not (
            identifier.isdigit() and self._meta.model._default_manager.filter(pk=identifier)
        ):
            message = _("No item has the number %(id)s: leave it empty to add one.")
            raise ValidationError({"id": message % {"id": identifier}})
        if not _text(row.get("is_published")):
            row.pop("is_published", None)  # an empty cell keeps the item's state
        user = kwargs.get("user")
        meta = self._meta.model._meta
        if user is not None and not user.has_perm(f"{meta.app_label}.publish_{meta.model_name}"):
            for column in ("is_published", "publish_at"):
                row.pop(column, None)  # a draft stays a draft; a published item stays online

    @classmethod
    def widget_from_django_field(cls, f, default=widgets.Widget):
        if f.get_internal_type() in {"CharField", "TextField", "SlugField"}:
            return TextWidget
        return super().widget_from_django_field(f, default)

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

    def before_import(self, dataset, **kwargs):
        if len(dataset) > MAX_ROWS:
            raise ValueError(_("The file has over 5,000 rows: split it."))


class ImportAdminMixin(ImportExportMixin):
    """The admin's import: CSV or XLSX, by staff who may add; shown row by row before
    anything is written, written all together or not at all, as one revision of history."""

    import_form_class = SafeImportForm
    confirm_form_class = SafeConfirmImportForm
    tmp_storage_class = PrivateTempStorage
    import_error_display = ("message",)
    import_template_name = "admin/content_import.html"

    def get_import_formats(self):
        return [CSV, XLSX]

    def get_export_formats(self):
        return [CSV, XLSX]

    def get_import_data_kwargs(self, **kwargs):
        return {**super().get_import_data_kwargs(**kwargs), "rollback_on_validation_errors": True}

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, UnicodeDecodeError):
            message = _("The file is not UTF-8 text: save it from the spreadsheet as CSV UTF-8.")
        else:
            message = _("The file could not be read in the format chosen.")
        form.add_error("import_file", message)

    def process_dataset(self, dataset, form, request, **kwargs):
        with reversion.create_revision():
            reversion.set_user(request.user)
            reversion.set_comment(_("Imported from a file."))
            return super().process_dataset(dataset, form, request, **kwargs)

    def _create_log_entry(self, user_pk, rows, import_type, action_flag):
        message = [{"added": {}}] if action_flag == ADDITION else _("Changed by an import.")
        LogEntry.objects.log_actions(
            user_pk, rows, action_flag, change_message=message, single_object=len(rows) == 1
        )
