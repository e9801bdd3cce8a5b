"""What an initiative takes from its partner: its name, shown and searched."""

from django.conf import settings
from django.db.models.signals import post_save, pre_delete, pre_save
from django.dispatch import receiver
from modeltranslation.utils import build_localized_fieldname

from core.backup import content_restored
from partners.models import Partner

from .models import Initiative


def partner_name_fields():
    return [build_localized_fieldname("name", code) for code, _name in settings.LANGUAGES]


@receiver(pre_save, sender=Partner, dispatch_uid="initiatives-partner-renaming")
def note_whether_a_partner_is_renamed(sender, instance, raw, update_fields=None, **kwargs):
    instance.is_being_renamed = False
    fields = partner_name_fields()
    if raw or instance.pk is None:
        return
    if update_fields is not None and not {"name", *fields} & set(update_fields):
        return
    stored = Partner.objects.filter(pk=instance.pk).values_list(*fields).first()
    instance.is_being_renamed = stored is not None and list(stored) != [
        getattr(instance, field) for field in fields
    ]


@receiver(post_save, sender=Partner, dispatch_uid="initiatives-partner-renamed")
def refresh_initiatives_of_renamed_partner(sender, instance, created, raw, **kwargs):
    """An initiative is found by its organisation's name, in each language: when a partner is
    renamed, its initiatives are found under the new name at once."""
    if getattr(instance, "is_being_renamed", False):
        Initiative.objects.filter(organisation=instance).refresh_search_columns()


@receiver(pre_delete, sender=Partner, dispatch_uid="initiatives-partner-deleted")
def keep_the_name_of_a_deleted_partner(sender, instance, **kwargs):
    """A deleted partner's initiatives stay, without it (``SET_NULL``): they keep the name
    they showed, in each language, as their organisation's name, so that they still say who
    made them (their search text, which holds that name, stays right)."""
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
def refresh_search_after_a_restore(sender, **kwargs):
    """A restore saves rows as they were: PostgreSQL's search documents are made again."""
    Initiative.objects.refresh_search_documents()
