from django import template

from ..models import Page

register = template.Library()


@register.simple_tag
def footer_pages():
    return list(Page.objects.in_footer())
