from django import template
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from core.seo import breadcrumb_list, json_ld, website

register = template.Library()


@register.simple_tag(takes_context=True)
def website_json_ld(context):
    return json_ld(website(context["request"]))


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
