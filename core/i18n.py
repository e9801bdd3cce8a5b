"""Links between the language versions of a page (the switch, the hreflang alternates), and
the version of the interface's compiled catalogues."""

import hashlib
from pathlib import Path

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language_from_path, get_supported_language_variant
from django.utils.translation.reloader import translation_file_changed
from django.utils.translation.trans_real import parse_accept_lang_header
from django.views.decorators.http import require_POST
from modeltranslation.utils import build_localized_fieldname


def catalogues_version():
    """A stamp of the compiled interface catalogues (``locale/*/LC_MESSAGES/*.mo``) that the
    page cache keys pages with. When it changes (``make messages``), this process reads the
    catalogues again, so that the next page shows the new strings."""
    global _catalogues_seen
    if not _catalogue_files:
        for folder in settings.LOCALE_PATHS:
            _catalogue_files.extend(sorted(Path(folder).glob("*/LC_MESSAGES/*.mo")))
    try:
        stats = [path.stat() for path in _catalogue_files]
        stamp = [(stat.st_mtime_ns, stat.st_size) for stat in stats]
    except OSError:  # a catalogue removed: look for them again next time
        _catalogue_files.clear()
        stamp = []
    version = hashlib.blake2b(repr(stamp).encode(), digest_size=6).hexdigest()
    if _catalogues_seen not in (None, version):
        language = translation.get_language()
        translation_file_changed(sender=None, file_path=Path("catalogue.mo"))
        translation.activate(language)  # the request's, which the reload forgot
    _catalogues_seen = version
    return version


_catalogue_files = []
_catalogues_seen = None


def localized(field):
    """A translated field's columns, one per language: ["name_fr", "name_en"]."""
    return [build_localized_fieldname(field, code) for code, _name in settings.LANGUAGES]


def language_links(request, urls_by_language=None):
    """One entry per language: code, name in that language, absolute URL, current or not.

    Pages whose address differs by more than the language prefix (translated slugs) pass
    their own ``urls_by_language``; every other page is translated with ``translate_url``,
    which keeps the query string.
    """
    current = translation.get_language()
    path = request.get_full_path()
    links = []
    for code, _name in settings.LANGUAGES:
        if urls_by_language and code in urls_by_language:
            url = urls_by_language[code]
        else:
            url = translate_url(path, code)
            if url == path and code != current:
                # Nothing to translate (a missing page): that language's home page.
                with translation.override(code):
                    url = reverse("home")
        info = translation.get_language_info(code)
        links.append(
            {
                "code": code,
                "name": info["name_local"],
                "url": url,
                "absolute_url": request.build_absolute_uri(url),
                "is_current": code == current,
            }
        )
    return links


def language_name_in_sentence(code):
    """A language's name in the page's language, as written mid-sentence: French writes
    "en anglais", English "in French"."""
    name = str(translation.get_language_info(code)["name_translated"])
    return name.lower() if translation.get_language() == "fr" else name


def object_urls_by_language(obj):
    """The absolute path of ``obj`` in every language, each reversed under that language."""
    urls = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            urls[code] = obj.get_absolute_url()
    return urls


def language_alternates(request):
    """The language switch of every page (a context processor); views with translated slugs
    override it."""
    return {"language_links": lambda: language_links(request)}


def choose_language(request, code):
    """The language switch: remembers the visitor's choice, so that `/` brings them back to
    it, then shows the page they were on in that language. Only a choice sets the cookie:
    the pages themselves set none, and shared caches may keep them."""
    target = request.GET.get("next", "")
    if code not in dict(settings.LANGUAGES):
        code = settings.LANGUAGE_CODE
    if (
        not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure())
        or get_language_from_path(target) != code
    ):
        with translation.override(code):
            target = reverse("home")
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=True,
    )
    patch_cache_control(response, private=True, no_store=True)
    return response


ADMIN_LANGUAGE_COOKIE = "admin_language"


def admin_language(request):
    """The admin's language: the one its user chose there (a cookie of its own), else the
    browser's; never the public pages' cookie, so reading an English page leaves it alone."""
    codes = {code for code, _name in settings.LANGUAGES}
    chosen = request.COOKIES.get(ADMIN_LANGUAGE_COOKIE)
    if chosen in codes:
        return chosen
    for accepted, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        try:
            return get_supported_language_variant(accepted)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE


class AdminLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith("/" + settings.ADMIN_URL):
            return self.get_response(request)
        language = admin_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ["Accept-Language", "Cookie"])
        response.headers.setdefault("Content-Language", language)
        return response


@require_POST
def choose_admin_language(request):
    language = request.POST.get("language")
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = reverse("admin:index")
    response = HttpResponseRedirect(target)
    if language in {code for code, _name in settings.LANGUAGES}:
        response.set_cookie(
            ADMIN_LANGUAGE_COOKIE,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite="Lax",
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=True,
        )
    return response
