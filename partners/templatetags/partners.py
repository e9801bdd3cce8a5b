from django import template

from core.seo import json_ld

from .. import directory
from ..models import Category, Partner
from ..seo import partner_organization

register = template.Library()


@register.simple_tag
def partner_map():
    return directory.partner_map()


@register.simple_tag(takes_context=True)
def partner_json_ld(context, partner):
    return json_ld(partner_organization(context["request"], partner))


@register.simple_tag
def partner_logos(count=12):
    """Published partners with a logo, in the directory's order (the home page)."""
    return list(Partner.objects.for_directory().exclude(logo_rendition="")[:count])


@register.simple_tag
def partner_categories():
    """The categories with published partners, and how many each has (the home page)."""
    return Category.objects.with_published_partner_counts()
