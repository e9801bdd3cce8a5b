from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def facet_select_options(facet):
    """A select's options, "Label (count)", written here rather than in a template loop,
    which takes most of the page's time for the longest lists (one per organisation). The
    values and labels come escaped from the facet index."""
    return mark_safe("\n".join(map(_option, facet["options"])))  # noqa: S308 - escaped


def _option(choice):
    option = choice.option
    selected = " selected" if choice.selected else ""
    lang = f' lang="{escape(option.lang)}"' if option.lang else ""
    return (
        f'<option value="{option.value_html}"{selected}{lang}>'
        f"{option.label_html} ({choice.count})</option>"
    )
