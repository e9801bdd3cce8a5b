from html import escape

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def facet_select_options(facet):
    """A select's options, "Label (count)", written here rather than in a template loop,
    which takes most of the page's time for the longest lists (one per organisation)."""
    return mark_safe(  # noqa: S308 - every value is escaped
        "\n".join(
            f'<option value="{escape(str(option["value"]))}"'
            f"{' selected' if option['selected'] else ''}>"
            f"{escape(str(option['label']))} ({option['count']})</option>"
            for option in facet["options"]
        )
    )
