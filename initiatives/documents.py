"""Source documents: what is accepted on upload, and the name it is stored under."""

import logging
import re
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
# Where "%%EOF" must appear: PDF writers may add a few bytes (line ends, padding) after it.
EOF_WINDOW = 1024
ZIP_TAIL_WINDOW = 65536 + 22  # where ZIP readers look for their end-of-archive record

NOT_A_PDF = _("This file is not a PDF document, or it is incomplete.")
ACTIVE_CONTENT = _(
    "This PDF file holds a script, an embedded file or an action that launches a program; "
    "save it again without them (for example by printing it to a new PDF)."
)
# Markers of another format a browser or an archive reader would read in the same bytes.
OTHER_FORMAT_MARKERS = re.compile(rb"<(script|html|!doctype|svg|body|iframe)\b", re.IGNORECASE)
# Names of what runs or carries another file in a PDF, looked for in every object (those of
# compressed object streams included) and, but for the shortest (which random compressed bytes
# would spell now and then), in the raw bytes too, with their #xx escapes undone.
RAW_ACTIVE_NAMES = {
    "/JavaScript",
    "/Launch",
    "/EmbeddedFile",
    "/EmbeddedFiles",
    "/RichMedia",
    "/XFA",
    "/ImportData",
    "/GoToE",
}
ACTIVE_NAMES = RAW_ACTIVE_NAMES | {"/JS", "/EF"}
RAW_NAME = re.compile(rb"/[^\x00\t\n\x0c\r ()<>\[\]{}/%]+")

logging.getLogger("pypdf").setLevel(logging.ERROR)  # a damaged file is refused, not logged


def source_document_path(document, filename):
    """A name the site makes: the upload's name as a slug, always ending in .pdf."""
    stem = slugify(PurePath(filename).stem)[:80] or "document"
    return f"initiatives/sources/{stem}.pdf"


def validate_pdf(file):
    """Refuse anything but a whole PDF of at most 20 MB, by name and by content (all of it),
    carrying nothing that runs."""
    if file.size > MAX_DOCUMENT_BYTES:
        raise ValidationError(
            _("This file weighs %(size)s; a document may weigh at most %(limit)s."),
            code="file_too_large",
            params={
                "size": filesizeformat(file.size),
                "limit": filesizeformat(MAX_DOCUMENT_BYTES),
            },
        )
    if PurePath(file.name).suffix.lower() != ".pdf":
        raise ValidationError(
            _("Documents must be PDF files, with a name ending in .pdf."), code="invalid_extension"
        )
    file.seek(0)
    data = file.read()
    file.seek(0)
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-EOF_WINDOW:]:
        raise ValidationError(NOT_A_PDF, code="invalid_pdf")
    if OTHER_FORMAT_MARKERS.search(data) or b"PK\x05\x06" in data[-ZIP_TAIL_WINDOW:]:
        raise ValidationError(
            _("This PDF file is also another kind of file (a web page or an archive)."),
            code="polyglot",
        )
    if _raw_names(data) & RAW_ACTIVE_NAMES or _object_names(file) & ACTIVE_NAMES:
        raise ValidationError(ACTIVE_CONTENT, code="active_content")


def _raw_names(data):
    return {
        re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m[1], 16)]), name).decode("latin-1")
        for name in RAW_NAME.findall(data)
    }


def _object_names(file):
    """Every name used as a key or value of a dictionary (streams' too) of every object."""
    try:
        reader = PdfReader(file, strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ValidationError(
                _("This PDF file is protected by a password."), code="encrypted_pdf"
            )
        numbers = {
            (number, generation)
            for generation, objects in reader.xref.items()
            for number in objects
        }
        numbers |= {(number, 0) for number in reader.xref_objStm}
        names = set()
        for number, generation in numbers:
            _collect(reader.get_object(IndirectObject(number, generation, reader)), names)
        return names
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        raise ValidationError(NOT_A_PDF, code="invalid_pdf") from None
    finally:
        file.seek(0)


def _collect(obj, names, depth=0):
    if depth > 50 or isinstance(obj, IndirectObject):
        return  # indirect objects are read on their own
    if isinstance(obj, DictionaryObject):
        for key, value in obj.items():
            names.add(str(key))
            if isinstance(value, NameObject):
                names.add(str(value))
            _collect(value, names, depth + 1)
    elif isinstance(obj, ArrayObject):
        for item in obj:
            _collect(item, names, depth + 1)
