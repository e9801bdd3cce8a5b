"""Links between the language versions of a page: the switch and the hreflang alternates."""

from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.translation import get_language_from_path
from modeltranslation.utils import build_localized_fieldname


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


class RememberLanguageMiddleware:
    """Remember the language of the pages a visitor reads, so that `/` brings them back to it.

    LocaleMiddleware reads this cookie before the browser's Accept-Language, so a visitor who
    switched to English is sent to /en/ afterwards. The cookie is set only when it changes.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        language = get_language_from_path(request.path_info)
        cookie_name = settings.LANGUAGE_COOKIE_NAME
        if (
            language
            and response.status_code == 200
            and request.COOKIES.get(cookie_name) != language
        ):
            response.set_cookie(
                cookie_name,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=True,
            )
        return response
