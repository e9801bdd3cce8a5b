"""Initiatives side by side: those a visitor chose, by their slugs in any language."""

from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from modeltranslation.utils import build_localized_fieldname

from .models import Initiative

MAX_COMPARED = 4
# Slugs read of the address at most: more is not a visitor's choice.
MAX_GIVEN = 20


def comparison_of(slugs, initiatives=None):
    """The published initiatives of ``slugs`` (in any language), in the order given, each once,
    at most MAX_COMPARED; and whether some of the slugs were left out (unknown or too many)."""
    given = list(dict.fromkeys(s for s in slugs if s and len(s) <= 200 and "\x00" not in s))
    given = given[:MAX_GIVEN]
    if not given:
        return [], bool(slugs)
    columns = [build_localized_fieldname("slug", code) for code, _name in settings.LANGUAGES]
    condition = Q()
    for column in columns:
        condition |= Q(**{f"{column}__in": given})
    initiatives = Initiative.objects.published() if initiatives is None else initiatives
    found = list(initiatives.filter(condition))

    def place(initiative):
        return min(given.index(s) for s in (getattr(initiative, c) for c in columns) if s in given)

    found.sort(key=place)
    matched = {getattr(i, c) for i in found for c in columns} & set(given)
    left_out = len(found) > MAX_COMPARED or len(matched) < len(given) or len(slugs) > MAX_GIVEN
    return found[:MAX_COMPARED], left_out


def comparison_query(initiatives):
    """The query string of the comparison of ``initiatives``, by their slugs in the page's
    language."""
    return urlencode([("compare", initiative.slug) for initiative in initiatives])


def comparison_urls_by_language(initiatives):
    urls = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            urls[code] = f"{reverse('initiatives:compare')}?{comparison_query(initiatives)}"
    return urls
