"""Source documents: what is accepted on upload."""

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
# Where "%%EOF" must appear: PDF writers may add a few bytes (line ends, padding) after it.
EOF_WINDOW = 1024

NOT_A_PDF = _("This file is not a PDF document, or it is incomplete.")

# A polyglot reads as a PDF and as something else: a web page a browser would run, or a ZIP
# archive (ZIP readers look for the end-of-archive record in the last 64 KB + 22 bytes).
HEAD_WINDOW = 1024
ZIP_TAIL_WINDOW = 65536 + 22
OTHER_FORMAT_MARKERS = (b"<script", b"<html", b"<!doctype", b"<svg", b"<body", b"<iframe")
ZIP_LOCAL_FILE = b"PK\x03\x04"
ZIP_END_OF_ARCHIVE = b"PK\x05\x06"


def validate_pdf(file):
    """Refuse anything but a whole PDF of at most 20 MB, judged by its content, not its name."""
    if file.size > MAX_DOCUMENT_BYTES:
        raise ValidationError(
            _("This file weighs %(size)s; a document may weigh at most %(limit)s."),
            code="file_too_large",
            params={
                "size": filesizeformat(file.size),
                "limit": filesizeformat(MAX_DOCUMENT_BYTES),
            },
        )
    try:
        file.seek(0)
        head = file.read(HEAD_WINDOW)
        file.seek(max(file.size - ZIP_TAIL_WINDOW, 0))
        zip_tail = file.read(ZIP_TAIL_WINDOW)
    finally:
        file.seek(0)
    tail = zip_tail[-EOF_WINDOW:]
    if not head.startswith(b"%PDF-") or b"%%EOF" not in tail:
        raise ValidationError(NOT_A_PDF, code="invalid_pdf")
    lowered = head.lower()
    if (
        any(marker in lowered for marker in OTHER_FORMAT_MARKERS)
        or ZIP_LOCAL_FILE in head
        or ZIP_END_OF_ARCHIVE in zip_tail
    ):
        raise ValidationError(
            _("This PDF file is also another kind of file (a web page or an archive)."),
            code="polyglot",
        )
