"""Compressed bodies of the cached pages (brotli and gzip), made once when a page is cached.
They hold no secret: a page with a session or a CSRF token is never cached, and the pages
that are not cached go through Django's GZipMiddleware, which mitigates BREACH."""

import gzip

import brotli

COMPRESSIBLE_TYPES = (
    "text/",
    "application/json",
    "application/xml",
    "application/atom+xml",
    "image/svg+xml",
)
MIN_SIZE = 200  # below, the headers cost more than what compression saves
BROTLI_QUALITY = 5  # on the directory: 4.7 KB in 0.4 ms; 11 saves 10% more in 30 ms, at each miss


def is_compressible(response):
    return (
        response.get("Content-Type", "").startswith(COMPRESSIBLE_TYPES)
        and not response.has_header("Content-Encoding")
        and len(response.content) >= MIN_SIZE
    )


def compressed_bodies(response):
    body = response.content
    return {
        "br": brotli.compress(body, quality=BROTLI_QUALITY),
        "gzip": gzip.compress(body, compresslevel=6, mtime=0),
    }


def accepted_encodings(request):
    """The encodings the client accepts (``Accept-Encoding``), those refused with q=0 aside."""
    accepted = set()
    for item in request.META.get("HTTP_ACCEPT_ENCODING", "").split(","):
        name, _, parameters = item.strip().partition(";")
        quality = parameters.strip().removeprefix("q=").strip() or "1"
        try:
            if float(quality) > 0:
                accepted.add(name.strip().lower())
        except ValueError:
            continue
    return accepted


def encode(response, bodies, request):
    """The response in the best encoding the client accepts, from ``bodies``."""
    accepted = accepted_encodings(request)
    for encoding in ("br", "gzip"):
        if encoding in bodies and (encoding in accepted or "*" in accepted):
            response.content = bodies[encoding]
            response["Content-Encoding"] = encoding
            break
    if response.has_header("Content-Length"):
        response["Content-Length"] = str(len(response.content))
    return response
