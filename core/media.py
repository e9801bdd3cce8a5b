"""Uploaded files are public only where a published page shows them (a partner's logo
rendition, an initiative's PDF); staff who may view the item see them too."""

from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

# Browsers and shared caches keep a public file this long: an unpublished item's files stop
# being served by the site at once, and by caches after this.
PUBLIC_MAX_AGE = 300


@dataclass(frozen=True)
class PublicFile:
    folder: str
    queryset: object
    field: str
    published: object  # a Q: the objects whose pages are public
    permission: str  # staff with it see the file of any object
    content_type: str
    as_attachment: bool


_public_files = []


def serve_files(folder, queryset, field, *, published, permission, content_type, **options):
    """Declares the files under ``folder`` that ``queryset``'s ``field`` holds: the only
    uploads ever served."""
    _public_files.append(
        PublicFile(
            folder,
            queryset,
            field,
            published,
            permission,
            content_type,
            options.get("as_attachment", False),
        )
    )


@require_safe
def serve_media(request, path):
    if ".." in PurePosixPath(path).parts or "\x00" in path:
        raise Http404
    for entry in _public_files:
        if not path.startswith(entry.folder):
            continue
        showing = entry.queryset.filter(**{entry.field: path})
        if showing.filter(entry.published).exists():
            return _file_response(path, entry, public=True)
        if request.user.has_perm(entry.permission) and showing.exists():
            return _file_response(path, entry, public=False)
    raise Http404


def _file_response(name, entry, public):
    disposition = content_disposition_header(entry.as_attachment, PurePosixPath(name).name)
    if not isinstance(default_storage, FileSystemStorage):
        # A private bucket: a short-lived signed address with the same headers.
        response = HttpResponseRedirect(
            default_storage.bucket_url(
                name,
                parameters={
                    "ResponseContentType": entry.content_type,
                    "ResponseContentDisposition": disposition,
                },
                expire=PUBLIC_MAX_AGE,
            )
        )
    elif settings.MEDIA_ACCEL_REDIRECT:
        # The web server in front sends the file itself (nginx's X-Accel-Redirect).
        response = HttpResponse(content_type=entry.content_type)
        # Percent-encoded: nginx decodes it, and a header carries ASCII only.
        response["X-Accel-Redirect"] = quote(settings.MEDIA_ACCEL_REDIRECT + name)
        response["Content-Disposition"] = disposition
    else:
        try:
            file = default_storage.open(name, "rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(file, content_type=entry.content_type)
        response["Content-Disposition"] = disposition
    # Whatever the file holds, a browser never runs it as a page of the site.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    if public:
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    else:
        patch_cache_control(response, private=True, no_store=True)
    return response
