"""The admin's bulk import (django-import-export): the guards around the uploaded file, and
a confirmation that writes every row or none, as one version of the history."""

import logging
import os
import re
import tempfile
import time
import zipfile
from pathlib import Path
from uuid import uuid4

import reversion
from django.contrib import messages
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ConfirmImportForm, ImportForm
from import_export.results import RowResult
from import_export.tmp_storages import TempFolderStorage

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_BYTES = 50 * 1024 * 1024  # an XLSX is a zip: refused before it is unpacked
UPLOAD_NAME = re.compile(r"[0-9a-f]{32}")
logger = logging.getLogger("cities.imports")


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
    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.import_formats = formats

    def clean(self):
        cleaned = super().clean()
        upload, chosen = cleaned.get("import_file"), cleaned.get("format")
        if upload is None:
            return cleaned
        if upload.size > MAX_FILE_BYTES:
            self.add_error("import_file", _("The file is over 5 MB: split it in several files."))
            return cleaned
        is_zip = upload.read(4) == b"PK\x03\x04"
        upload.seek(0)
        if chosen and self.import_formats[int(chosen)] is XLSX and not is_zip:
            self.add_error("import_file", _("This is not an XLSX file."))
        elif is_zip:  # whatever its name: an XLSX is a zip, refused before it is unpacked
            try:
                with zipfile.ZipFile(upload) as archive:
                    unpacked = sum(entry.file_size for entry in archive.infolist())
            except zipfile.BadZipFile:
                unpacked = MAX_UNPACKED_BYTES + 1
            upload.seek(0)
            if unpacked > MAX_UNPACKED_BYTES:
                self.add_error("import_file", _("The spreadsheet is too large once unpacked."))
        return cleaned


class SafeConfirmImportForm(ConfirmImportForm):
    def clean_import_file_name(self):
        name = super().clean_import_file_name()
        if not UPLOAD_NAME.fullmatch(name) or not (uploads_folder() / name).is_file():
            raise ValidationError(_("This import has expired: choose the file again."))
        return name


class _NothingImported(Exception):
    def __init__(self, result):
        super().__init__()
        self.result = result


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

    def process_import(self, request, **kwargs):
        """The confirmation: refused as expired when crafted, written all or nothing."""
        chosen, resource = request.POST.get("format", ""), request.POST.get("resource") or "0"
        if not (
            chosen.isdigit()
            and int(chosen) < len(self.get_import_formats())
            and resource.isdigit()
            and int(resource) < len(self.get_import_resource_classes(request))
        ):
            return self._import_again(request, _("This import has expired: choose the file again."))
        try:
            return super().process_import(request, **kwargs)
        except Exception:
            logger.exception("A confirmed import could not be read again.")
            return self._import_again(
                request, _("The file could not be read in the format chosen.")
            )

    def process_dataset(self, dataset, form, request, **kwargs):
        try:
            with reversion.create_revision():
                reversion.set_user(request.user)
                reversion.set_comment(_("Imported from a file."))
                result = super().process_dataset(dataset, form, request, **kwargs)
                if result.has_errors() or result.has_validation_errors():
                    raise _NothingImported(result)  # no version of what was rolled back
        except _NothingImported as failed:
            return failed.result
        return result

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            return self._import_again(
                request,
                _(
                    "Nothing was imported: since the preview, the file no longer passes its "
                    "checks (something changed in the meantime). Choose it again to see why."
                ),
            )
        return super().process_result(result, request)

    def add_success_message(self, result, request):
        totals = result.totals
        message = _("Import finished: %(new)d added, %(changed)d changed, %(same)d unchanged.")
        counts = {
            "new": totals[RowResult.IMPORT_TYPE_NEW],
            "changed": totals[RowResult.IMPORT_TYPE_UPDATE],
            "same": totals[RowResult.IMPORT_TYPE_SKIP],
        }
        messages.success(request, message % counts)

    def _import_again(self, request, message):
        messages.error(request, message)
        opts = self.model._meta
        return redirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_import"))

    def export_action(self, request):
        try:
            return super().export_action(request)
        except IncorrectLookupParameters:  # a stale filter in the address
            return redirect(request.path)

    def _create_log_entry(self, user_pk, rows, import_type, action_flag):
        message = [{"added": {}}] if action_flag == ADDITION else _("Changed by an import.")
        LogEntry.objects.log_actions(
            user_pk, rows, action_flag, change_message=message, single_object=len(rows) == 1
        )
