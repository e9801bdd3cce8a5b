"""What an initiative's search text takes from other models."""

from django.db.models.signals import post_save
from django.dispatch import receiver

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
