"""Source documents: what is accepted on upload."""

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
# Where "%%EOF" must appear: PDF writers may add a few bytes (line ends, padding) after it.
EOF_WINDOW = 1024

NOT_A_PDF = _("This file is not a PDF document, or it is incomplete.")


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
        head = file.read(5)
        file.seek(max(file.size - EOF_WINDOW, 0))
        tail = file.read(EOF_WINDOW)
    finally:
        file.seek(0)
    if head != b"%PDF-" or b"%%EOF" not in tail:
        raise ValidationError(NOT_A_PDF, code="invalid_pdf")
