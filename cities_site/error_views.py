"""Error pages: 400 and 403 in the visitor's language, 500 in both and without the database.

They are rendered without the request's context processors: a 400 is often a request whose
Host header is refused, and anything reading the host (canonical links, language links)
would fail again while the error page is drawn.
"""

import logging

from django.http import HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

# Shown when even the 500 template cannot be drawn (e.g. static files not collected).
BARE_SERVER_ERROR = (
    '<!doctype html><html lang="fr"><meta charset="utf-8"><title>Erreur · Error</title>'
    "<h1>Une erreur s’est produite</h1><p>Veuillez réessayer dans un instant.</p>"
    '<h2 lang="en">Something went wrong</h2><p lang="en">Please try again in a moment.</p>'
)


def _page(template_name, status):
    return HttpResponse(render_to_string(template_name), status=status)


def bad_request(request, exception=None):
    return _page("400.html", 400)


def permission_denied(request, exception=None):
    return _page("403.html", 403)


def csrf_failure(request, reason=""):
    logger.warning("CSRF failure: %s", reason)
    return _page("403.html", 403)


def server_error(request):
    try:
        body = render_to_string("500.html")
    except Exception:
        logger.exception("The 500 page could not be drawn")
        body = BARE_SERVER_ERROR
    return HttpResponse(body, status=500)
