"""Links between the language versions of a page: the switch and the hreflang alternates."""

from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation


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
