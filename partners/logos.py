"""Partner logos: what is accepted on upload, and the rendition the site shows."""

import io
import warnings
from pathlib import PurePath

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_LOGO_BYTES = 5 * 1024 * 1024
MAX_LOGO_SIDE = 4000
# Pillow's decompression-bomb limit, set here rather than left to its default (~89 Mpx).
Image.MAX_IMAGE_PIXELS = MAX_LOGO_SIDE * MAX_LOGO_SIDE
RENDITION_BOX = (480, 480)

# The formats accepted, and the file name extensions each may carry.
LOGO_FORMATS = {
    "PNG": {".png"},
    "JPEG": {".jpg", ".jpeg"},
    "WEBP": {".webp"},
}
ACCEPTED_EXTENSIONS = sorted(ext.lstrip(".") for exts in LOGO_FORMATS.values() for ext in exts)

NOT_AN_IMAGE = _("This file is not a PNG, JPEG or WebP image, or it is damaged.")


def validate_logo(file):
    """Refuse anything but a whole, reasonably sized PNG, JPEG or WebP image."""
    if file.size > MAX_LOGO_BYTES:
        raise ValidationError(
            _("This file weighs %(size)s; a logo may weigh at most %(limit)s."),
            code="file_too_large",
            params={"size": filesizeformat(file.size), "limit": filesizeformat(MAX_LOGO_BYTES)},
        )
    extension = PurePath(file.name).suffix.lower()
    if extension not in {ext for exts in LOGO_FORMATS.values() for ext in exts}:
        raise ValidationError(
            _("Logos must be PNG, JPEG or WebP files (.png, .jpg, .jpeg or .webp)."),
            code="invalid_extension",
        )
    file.seek(0)
    try:
        with warnings.catch_warnings():
            # A decompression bomb is a refused file, not a warning in the logs.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                image_format = image.format
                width, height = image.size
                if image_format in LOGO_FORMATS and max(width, height) <= MAX_LOGO_SIDE:
                    image.verify()
            if image_format in LOGO_FORMATS and max(width, height) <= MAX_LOGO_SIDE:
                file.seek(0)
                with Image.open(file) as image:
                    image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            _("This image has too many pixels; a logo may be at most %(limit)s×%(limit)s pixels."),
            code="image_too_large",
            params={"limit": MAX_LOGO_SIDE},
        ) from None
    except UnidentifiedImageError:
        raise ValidationError(NOT_AN_IMAGE, code="invalid_image") from None
    except (OSError, SyntaxError, ValueError, EOFError):
        raise ValidationError(NOT_AN_IMAGE, code="invalid_image") from None
    finally:
        file.seek(0)
    if image_format not in LOGO_FORMATS:
        raise ValidationError(NOT_AN_IMAGE, code="invalid_image")
    if extension not in LOGO_FORMATS[image_format]:
        raise ValidationError(
            _("This file is named %(extension)s but contains a %(format)s image."),
            code="mislabelled",
            params={"extension": extension, "format": image_format},
        )
    if max(width, height) > MAX_LOGO_SIDE:
        raise ValidationError(
            _(
                "This image is %(width)s×%(height)s pixels; a logo may be at most "
                "%(limit)s×%(limit)s pixels."
            ),
            code="image_too_large",
            params={"width": width, "height": height, "limit": MAX_LOGO_SIDE},
        )


def make_rendition(file):
    """A WebP copy of the logo that fits in RENDITION_BOX, transparency kept."""
    file.seek(0)
    with Image.open(file) as image:
        image = ImageOps.exif_transpose(image)
        image = image.convert("RGBA" if _has_alpha(image) else "RGB")
        image.thumbnail(RENDITION_BOX, Image.Resampling.LANCZOS)
        output = io.BytesIO()
        image.save(output, format="WEBP", quality=85, method=6)
    file.seek(0)
    stem = PurePath(file.name).stem or "logo"
    return ContentFile(output.getvalue(), name=f"{stem}.webp")


def _has_alpha(image):
    return image.mode in {"RGBA", "LA", "PA"} or (
        image.mode == "P" and "transparency" in image.info
    )


class LogoFormField(forms.ImageField):
    """The logo's upload field: the logo's own checks come first, so that an image with too
    many pixels is refused as such, before Django's image check calls it damaged."""

    def to_python(self, data):
        file = forms.FileField.to_python(self, data)
        if file is not None:
            validate_logo(file)
        return super().to_python(data)
