"""Source documents: the model, and the checks of an uploaded PDF, of which the site stores
the copy pypdf writes (README, "Initiatives")."""

import binascii
import re
import subprocess
import sys
from pathlib import Path, PurePath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django_cleanup import cleanup

from core.i18n import language_name_in_sentence

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
REWRITE = Path(__file__).with_name("pdf_rewrite.py")
REWRITE_SECONDS = 15
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
# What runs, sends, opens or carries another file. The longest are looked for in the upload
# too; the shortest only outside the copy's streams, which random compressed bytes could spell.
LONG_ACTIVE_NAMES = {
    "/JavaScript",
    "/Launch",
    "/EmbeddedFile",
    "/EmbeddedFiles",
    "/FileAttachment",
    "/RichMedia",
    "/ImportData",
    "/SubmitForm",
    "/GoToE",
    "/GoToR",
    "/OnInstantiate",
    "/Movie",
    "/Sound",
}
ACTIVE_NAMES = LONG_ACTIVE_NAMES | {"/JS", "/EF", "/XFA", "/3D"}
NAME = re.compile(rb"/[^\x00\t\n\x0c\r ()<>\[\]{}/%]+")
STREAM_BODY = re.compile(rb"stream\r?\n.*?endstream", re.DOTALL)
HEX_STRING = re.compile(rb"<([0-9A-Fa-f\s]+)>")


def source_document_path(document, filename):
    """A name the site makes: the upload's name as a slug, always ending in .pdf."""
    stem = slugify(PurePath(filename).stem)[:80] or "document"
    return f"initiatives/sources/{stem}.pdf"


def safe_copy(file):
    """The copy of an uploaded PDF the site stores (checking it if it was not yet)."""
    if getattr(file, "safe_content", None) is None:
        validate_pdf(file)
    return file.safe_content


def validate_pdf(file):
    """Refuse anything but a whole PDF of at most 20 MB, by name and by content, carrying
    nothing that runs; the copy to store is left on the file as ``safe_content``."""
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
    if names(data) & LONG_ACTIVE_NAMES:
        raise ValidationError(ACTIVE_CONTENT, code="active_content")
    copy = rewritten(data)
    outside_streams = STREAM_BODY.sub(b"stream endstream", copy)
    # pypdf writes no object stream of its own: one in the copy was copied as data.
    if names(outside_streams) & (ACTIVE_NAMES | {"/ObjStm"}) or names(copy) & LONG_ACTIVE_NAMES:
        raise ValidationError(ACTIVE_CONTENT, code="active_content")
    if has_script_address(outside_streams):
        raise ValidationError(ACTIVE_CONTENT, code="active_content")
    file.safe_content = copy


def names(data):
    """The PDF names in ``data``, their #xx escapes undone."""
    return {
        re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m[1], 16)]), name).decode("latin-1")
        for name in NAME.findall(data)
    }


def has_script_address(syntax):
    """A "javascript:" address, in a literal string (escapes undone) or a hex string."""
    plain = re.sub(rb"\\\r?\n", b"", syntax)  # a backslash before a line end continues
    plain = re.sub(rb"\\([0-7]{1,3})", lambda m: bytes([int(m[1], 8) & 255]), plain)
    texts = [re.sub(rb"\\(.)", rb"\1", plain)]
    for digits in HEX_STRING.findall(syntax):
        digits = b"".join(digits.split())
        texts.append(binascii.unhexlify(digits + b"0" * (len(digits) % 2)))
    return any(b"javascript:" in text.lower() for text in texts)


def rewritten(data):
    try:
        done = subprocess.run(
            [sys.executable, "-I", str(REWRITE)],
            input=data,
            capture_output=True,
            timeout=REWRITE_SECONDS,
        )
    except subprocess.TimeoutExpired:
        done = None
    if done is None or done.returncode < 0 or done.returncode == 5:
        raise ValidationError(
            _("This PDF file is too complex to be checked; save it again, or make it smaller."),
            code="too_complex",
        )
    if done.returncode == 3:
        raise ValidationError(_("This PDF file is protected by a password."), code="encrypted")
    if done.returncode != 0 or not done.stdout.startswith(b"%PDF-"):
        raise ValidationError(NOT_A_PDF, code="invalid_pdf")
    return done.stdout


class DocumentLanguage(models.TextChoices):
    FRENCH = "fr", _("French")
    ENGLISH = "en", _("English")
    SPANISH = "es", _("Spanish")
    CATALAN = "ca", _("Catalan")
    BASQUE = "eu", _("Basque")
    KOREAN = "ko", _("Korean")
    OTHER = "other", _("Other")


# Its file outlives a replacement or a deletion: the history may bring it back.
@cleanup.ignore
class SourceDocument(models.Model):
    initiative = models.ForeignKey(
        "initiatives.Initiative",
        models.CASCADE,
        related_name="source_documents",
        verbose_name=_("initiative"),
    )
    title = models.CharField(_("title"), max_length=300)
    url = models.URLField(_("address (URL)"), max_length=500, blank=True)
    file = models.FileField(
        _("PDF file"),
        upload_to=source_document_path,
        blank=True,
        validators=[validate_pdf],
        help_text=_("A PDF document of at most 20 MB. Give either an address or a file."),
    )
    file_size = models.PositiveBigIntegerField(null=True, editable=False)
    language = models.CharField(
        _("language of the document"),
        max_length=10,
        choices=DocumentLanguage.choices,
        default=DocumentLanguage.FRENCH,
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("source document")
        verbose_name_plural = _("source documents")
        constraints = [
            models.CheckConstraint(
                condition=(Q(url="") & ~Q(file="")) | (~Q(url="") & Q(file="")),
                name="source_document_url_xor_file",
                violation_error_message=_(
                    "Give either an address (URL) or a PDF file: exactly one of the two."
                ),
            )
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.file and not self.file._committed:
            self.file.file = ContentFile(safe_copy(self.file), name=self.file.name)
        self.file_size = self.file.size if self.file else None
        super().save(*args, **kwargs)

    @property
    def language_phrase(self):
        """How the page says in which language the document is: "en anglais", "in French"."""
        if self.language == DocumentLanguage.OTHER:
            return _("in another language")
        return _("in %(language)s") % {"language": language_name_in_sentence(self.language)}

    @property
    def href(self):
        return self.file.url if self.file else self.url
