"""What an initiative takes from its parts and its partner: its search index, its name."""

from django.conf import settings
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver
from modeltranslation.utils import build_localized_fieldname

from core.restore import content_restored

from . import search
from .models import Axis, Initiative, Objective


@receiver(post_save, sender=Initiative, dispatch_uid="initiatives-index-saved")
@receiver(post_delete, sender=Initiative, dispatch_uid="initiatives-index-deleted")
def index_the_initiative(sender, instance, using, **kwargs):
    search.reindex_on_commit(Initiative, [instance.pk], using)


@receiver(post_save, sender=Objective, dispatch_uid="initiatives-index-objective-saved")
@receiver(post_delete, sender=Objective, dispatch_uid="initiatives-index-objective-deleted")
@receiver(post_save, sender=Axis, dispatch_uid="initiatives-index-axis-saved")
@receiver(post_delete, sender=Axis, dispatch_uid="initiatives-index-axis-deleted")
def index_the_initiative_of_a_part(sender, instance, using, **kwargs):
    search.reindex_on_commit(Initiative, [instance.initiative_id], using)


@receiver(post_save, sender="partners.Partner", dispatch_uid="initiatives-index-partner")
def index_the_initiatives_of_a_partner(sender, instance, using, **kwargs):
    """An initiative is found by its partner's name, in each language."""
    initiatives = Initiative.objects.using(using).filter(organisation=instance)
    search.reindex_on_commit(Initiative, initiatives.values_list("pk", flat=True), using)


@receiver(pre_delete, sender="partners.Partner", dispatch_uid="initiatives-partner-deleted")
def keep_the_name_of_a_deleted_partner(sender, instance, **kwargs):
    """A deleted partner's initiatives stay (``SET_NULL``), with the name they showed, in
    each language, as their organisation's name."""
    Initiative.objects.filter(organisation=instance).update(
        **{
            build_localized_fieldname("organisation_name", code): getattr(
                instance, build_localized_fieldname("name", code)
            )
            or ""
            for code, _name in settings.LANGUAGES
        }
    )


@receiver(content_restored, dispatch_uid="initiatives-restored")
def index_everything_after_a_restore(sender, **kwargs):
    search.reindex(Initiative)
