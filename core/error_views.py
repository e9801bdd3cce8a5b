"""Error pages: 400, 403 and 404 in the visitor's language, 500 in both and without the
database; drawn without context processors, which would read the Host a 400 refused."""

import logging

from django.conf import settings
from django.contrib import admin
from django.http import HttpResponse, HttpResponseRedirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import Resolver404, resolve, translate_url
from django.utils import translation
from django.utils.translation import get_language_from_path
from django.utils.translation import gettext as _
from django.views import defaults

logger = logging.getLogger(__name__)

# Shown when even the 500 template cannot be drawn (e.g. static files not collected).
BARE_SERVER_ERROR = (
    '<!doctype html><html lang="fr"><meta charset="utf-8"><title>Erreur · Error</title>'
    "<h1>Une erreur s’est produite</h1><p>Veuillez réessayer dans un instant.</p>"
    '<h2 lang="en">Something went wrong</h2><p lang="en">Please try again in a moment.</p>'
)


def page_not_found(request, exception=None):
    """A page asked for under the other language's prefix (``/en/partenaires/…``, an address
    whose language part was changed by hand) is sent to its own address in the language asked
    for; anything else is the site's 404 page, in the visitor's language."""
    moved = address_in_other_language(request.path_info)
    if moved:
        return HttpResponseRedirect(moved)
    return defaults.page_not_found(request, exception)


def address_in_other_language(path):
    """The address of what ``path`` names once its language prefix is read as the right one,
    in the language of its prefix; None when it names nothing in any language."""
    asked = get_language_from_path(path)
    if asked is None:
        return None
    try:
        with translation.override(asked):
            resolve(path)
        return None  # the address exists: the 404 came from the page itself
    except Resolver404:
        pass
    rest = path[len(asked) + 1 :]
    for code, _name in settings.LANGUAGES:
        if code == asked:
            continue
        candidate = f"/{code}{rest}"
        with translation.override(code):
            try:
                resolve(candidate)
            except Resolver404:
                continue
            moved = translate_url(candidate, asked)
        if moved != candidate:
            return moved
    return None


def _page(template_name, status):
    return HttpResponse(render_to_string(template_name), status=status)


def bad_request(request, exception=None):
    # A refused Host is found before the language is read from the address (the page cache).
    language = get_language_from_path(request.path_info) or translation.get_language()
    with translation.override(language):
        return _page("400.html", 400)


def permission_denied(request, exception=None):
    if request.path_info.startswith("/" + settings.ADMIN_URL) and request.user.is_staff:
        # Staff stay in the admin's design, with its menu as a way back.
        context = {**admin.site.each_context(request), "title": _("Permission denied")}
        return TemplateResponse(request, "admin/403.html", context, status=403).render()
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
