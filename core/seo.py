"""What search engines and link previews read: schema.org JSON-LD as plain dicts, written by
``json_ld`` with json_script's escapes (no text of the database can close the script)."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.views.decorators.cache import cache_control

SCHEMA = "https://schema.org"
# The escapes of django.utils.html.json_script.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}
LOGO_IMAGE = "img/logo-512.png"


def json_ld(data):
    """``data`` as JSON for a ``<script type="application/ld+json">``, escaped as
    ``json_script`` escapes."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return mark_safe(text.translate(JSON_SCRIPT_ESCAPES))


def absolute(request, path):
    return request.build_absolute_uri(path)


@cache_control(public=True, max_age=3600)
def print_addresses_css(request):
    """The site's address for the print style, which writes links in full: a style sheet,
    the pages' security policy allowing no inline style."""
    site = json.dumps(request.build_absolute_uri("/").rstrip("/"))
    return HttpResponse(f":root {{ --site: {site}; }}\n", content_type="text/css")


def plain(text, words=60):
    return Truncator(" ".join(str(text).split())).words(words)


def address(city, country):
    """A PostalAddress: a city's name, a country's ISO code."""
    found = {"@type": "PostalAddress"}
    if city:
        found["addressLocality"] = city
    if country:
        found["addressCountry"] = country
    return found


def cities_organization(request):
    return {
        "@type": "Organization",
        "name": "C.I.T.I.E.S.",
        "alternateName": gettext(
            "International Centre for the Transfer of Innovations and Knowledge in the Social "
            "and Solidarity Economy"
        ),
        "url": absolute(request, reverse("home")),
        "logo": absolute(request, static(LOGO_IMAGE)),
        "address": {
            "@type": "PostalAddress",
            "addressLocality": "Montréal",
            "addressCountry": "CA",
        },
    }


def website(request):
    list_url = absolute(request, reverse("initiatives:list"))
    return {
        "@context": SCHEMA,
        "@type": "WebSite",
        "name": "C.I.T.I.E.S.",
        "url": absolute(request, reverse("home")),
        "inLanguage": translation.get_language(),
        "publisher": cities_organization(request),
        "potentialAction": {
            "@type": "SearchAction",
            "target": f"{list_url}?q={{search_term_string}}",
            "query-input": "required name=search_term_string",
        },
    }


def breadcrumb_list(request, crumbs):
    """``crumbs``: (name, path) pairs from the home page to the current page."""
    return {
        "@context": SCHEMA,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": str(name),
                "item": absolute(request, path),
            }
            for position, (name, path) in enumerate(crumbs, start=1)
        ],
    }
