"""What an initiative takes from its partner: its name, shown and searched."""

from django.conf import settings
from django.db.models import Q
from django.db.models.signals import post_save, pre_delete
from django.dispatch import receiver
from modeltranslation.utils import build_localized_fieldname

from partners.models import Partner

from .models import Initiative


@receiver(post_save, sender=Partner, dispatch_uid="initiatives-partner-renamed")
def refresh_initiatives_of_saved_partner(sender, instance, created, raw, **kwargs):
    """An initiative is found by its organisation's name, in each language: when a partner is
    renamed, its initiatives are found under the new name at once."""
    if created or raw:
        return
    initiatives = Initiative.objects.filter(organisation=instance).prefetch_related(
        "objectives", "axes"
    )
    for initiative in initiatives:
        initiative.organisation = instance
        initiative.refresh_search_columns()


@receiver(pre_delete, sender=Partner, dispatch_uid="initiatives-partner-deleted")
def keep_the_name_of_a_deleted_partner(sender, instance, **kwargs):
    """A deleted partner's initiatives stay, without it (``SET_NULL``): they keep its name,
    in each language, as their organisation's name, so that they still say who made them
    (and are still found by it)."""
    initiatives = Initiative.objects.filter(organisation=instance)
    for code, _name in settings.LANGUAGES:
        name = getattr(instance, build_localized_fieldname("name", code))
        field = build_localized_fieldname("organisation_name", code)
        if name:
            without_name = Q(**{field: ""}) | Q(**{f"{field}__isnull": True})
            initiatives.filter(without_name).update(**{field: name})
