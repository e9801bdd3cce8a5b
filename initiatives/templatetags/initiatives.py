from django import template

from core.seo import json_ld
from core.templatetags.translated import translated

from ..models import Initiative
from ..seo import initiative_work

register = template.Library()


@register.simple_tag(takes_context=True)
def initiative_json_ld(context, initiative):
    return json_ld(initiative_work(context["request"], initiative))


@register.simple_tag
def published_initiative_count():
    return Initiative.objects.published().count()


@register.simple_tag
def latest_initiatives(count=4):
    return list(Initiative.objects.latest().select_related("city")[:count])


@register.filter
def organisation(initiative):
    """Who made it: its partner's name, or the organisation's name as given, maybe French."""
    if initiative.organisation_id:
        return translated(initiative.organisation, "name")
    return translated(initiative, "organisation_name")
