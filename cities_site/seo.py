"""What search engines and link previews read: schema.org JSON-LD, built as plain dicts.

The builders return dicts; the ``json_ld`` filter serialises one with the same escaping as
Django's ``json_script`` (``<``, ``>`` and ``&`` become ``\\u003C``…), so that no text from the
database can close the script element, and wraps it in ``<script type="application/ld+json">``.

Initiatives are described as ``CreativeWork``: the knowledge base holds partnership
agreements, action plans, funding programmes, laws and by-laws, so ``Legislation`` would
misdescribe most of them and ``GovernmentService`` describes a service, not a policy text.
Every property the pages need (``dateCreated``, ``temporalCoverage``, ``spatialCoverage``,
``publisher``, ``inLanguage``, ``keywords``, ``genre`` for the policy type) is a
``CreativeWork`` property.
"""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext

register = template.Library()

SCHEMA = "https://schema.org"
OG_IMAGE = "img/og-image.png"
# The escapes of django.utils.html.json_script.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}
LOGO_IMAGE = "img/logo-512.png"


@register.filter
def json_ld(data):
    """``data`` as a JSON-LD script element, escaped as ``json_script`` escapes."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(JSON_SCRIPT_ESCAPES)),
    )


def _absolute(request, path):
    return request.build_absolute_uri(path)


def _plain(text, words=60):
    return Truncator(" ".join(str(text).split())).words(words)


def cities_organization(request):
    return {
        "@type": "Organization",
        "name": "C.I.T.I.E.S.",
        "alternateName": gettext(
            "International Centre for the Transfer of Innovations and Knowledge in the Social "
            "and Solidarity Economy"
        ),
        "url": _absolute(request, reverse("home")),
        "logo": _absolute(request, static(LOGO_IMAGE)),
        "address": {
            "@type": "PostalAddress",
            "addressLocality": "Montréal",
            "addressCountry": "CA",
        },
    }


def website(request):
    list_url = _absolute(request, reverse("initiatives:list"))
    return {
        "@context": SCHEMA,
        "@type": "WebSite",
        "name": "C.I.T.I.E.S.",
        "url": _absolute(request, reverse("home")),
        "inLanguage": translation.get_language(),
        "publisher": cities_organization(request),
        "potentialAction": {
            "@type": "SearchAction",
            "target": f"{list_url}?q={{search_term_string}}",
            "query-input": "required name=search_term_string",
        },
    }


def _address(city, country):
    address = {"@type": "PostalAddress"}
    if city:
        address["addressLocality"] = city
    if country:
        address["addressCountry"] = country
    return address


def partner_organization(request, partner):
    data = {
        "@context": SCHEMA,
        "@type": "Organization",
        "name": partner.name,
        "url": _absolute(request, partner.get_absolute_url()),
        "description": _plain(partner.description),
    }
    if partner.city or partner.country:
        data["address"] = _address(partner.city, partner.country)
    if partner.website:
        data["sameAs"] = [partner.website]
    if partner.logo_rendition:
        data["logo"] = _absolute(request, partner.logo_rendition.url)
    return data


def initiative_work(request, initiative):
    data = {
        "@context": SCHEMA,
        "@type": "CreativeWork",
        "name": initiative.title,
        "url": _absolute(request, initiative.get_absolute_url()),
        "inLanguage": translation.get_language(),
        "dateCreated": str(initiative.year),
        "temporalCoverage": str(initiative.year),
        "dateModified": initiative.updated_at.date().isoformat(),
    }
    description = initiative.summary or initiative.introduction
    if description:
        data["description"] = _plain(description)
    if initiative.place:
        data["spatialCoverage"] = {
            "@type": "Place",
            "name": initiative.place,
            "address": _address(initiative.city, initiative.country),
        }
    organisation = initiative.organisation if initiative.organisation_id else None
    if organisation is not None or initiative.organisation_name:
        publisher = {"@type": "Organization", "name": initiative.organisation_display}
        if organisation is not None and organisation.is_published:
            publisher["url"] = _absolute(request, organisation.get_absolute_url())
        data["publisher"] = publisher
        data["author"] = publisher
    if initiative.policy_type_id:
        data["genre"] = initiative.policy_type.name
    themes = [theme.name for theme in initiative.themes.all()]
    if themes:
        data["keywords"] = themes
    return data


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
                "item": _absolute(request, path),
            }
            for position, (name, path) in enumerate(crumbs, start=1)
        ],
    }


@register.simple_tag(takes_context=True)
def website_json_ld(context):
    return json_ld(website(context["request"]))


@register.simple_tag(takes_context=True)
def partner_json_ld(context, partner):
    return json_ld(partner_organization(context["request"], partner))


@register.simple_tag(takes_context=True)
def initiative_json_ld(context, initiative):
    return json_ld(initiative_work(context["request"], initiative))


@register.simple_tag(takes_context=True)
def breadcrumbs_json_ld(context, current_label, parent_url=None, parent_label=None):
    """The BreadcrumbList of the visible breadcrumbs (see includes/breadcrumbs.html)."""
    request = context["request"]
    crumbs = [(gettext("Home"), reverse("home"))]
    if parent_url:
        crumbs.append((parent_label, parent_url))
    crumbs.append((current_label, request.path))
    return json_ld(breadcrumb_list(request, crumbs))


@register.simple_tag(takes_context=True)
def absolute_static(context, path):
    return context["request"].build_absolute_uri(static(path))


# Open Graph locales: the site is in Montréal, so its French and English are Canada's.
OG_LOCALES = {"fr": "fr_CA", "en": "en_CA"}


@register.filter
def og_locale(language_code):
    return OG_LOCALES.get(language_code, translation.to_locale(language_code))
