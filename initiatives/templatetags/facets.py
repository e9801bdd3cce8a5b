from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def facet_select_options(facet):
    """A select's options, "Label (count)", written here rather than in a template loop,
    which takes most of the page's time for the longest lists (one per organisation). The
    values and labels come escaped from the facet index."""
    return mark_safe(  # noqa: S308 - every value is escaped
        "\n".join(
            f'<option value="{choice.option.value_html}"{" selected" if choice.selected else ""}>'
            f"{choice.option.label_html} ({choice.count})</option>"
            for choice in facet["options"]
        )
    )
