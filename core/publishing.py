"""Drafts and scheduled publication. An unpublished item with a publication date is
published by the first request after that moment (the page cache checks it), so no cron job
is needed for a visitor to see it on time."""

import logging

import reversion
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger("cities.publishing")


class Publishable(models.Model):
    # A new item is a draft until an editor publishes it, now or at a date (README, "History").
    is_published = models.BooleanField(_("published"), default=False)
    publish_at = models.DateTimeField(
        _("publication date"),
        null=True,
        blank=True,
        help_text=_(
            "To publish it on its own later: leave “Published” unticked and choose the day and "
            "time (Montréal time)."
        ),
    )

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.is_published:
            self.publish_at = None  # published now: nothing left to schedule

    def clean_fields(self, exclude=None):
        # Here rather than in clean(): a form without the field (staff who may not publish)
        # leaves it out of the checks, where clean()'s error would have no field to go to.
        super().clean_fields(exclude)
        if self.publish_at is None or "publish_at" in (exclude or ()) or self.is_published:
            return
        if self.publish_at <= timezone.now():
            message = _("Choose a moment in the future, or tick “Published” to publish it now.")
        elif self.publish_at.year > 2100:
            message = _("Choose a moment before 2100.")
        else:
            return
        raise ValidationError({"publish_at": message})

    @property
    def is_scheduled(self):
        return not self.is_published and self.publish_at is not None


def publishable_models():
    return [model for model in apps.get_models() if issubclass(model, Publishable)]


def _scheduled(model):
    return model._default_manager.filter(is_published=False, publish_at__isnull=False)


def next_publication():
    """The earliest scheduled moment, as a timestamp, or None."""
    queries = [
        _scheduled(model).order_by().values_list("publish_at") for model in publishable_models()
    ]
    first = queries[0].union(*queries[1:]).order_by("publish_at").first()
    return first[0].timestamp() if first else None


def publish_due():
    """Publishes what is due, one save per item so that history and the page cache follow."""
    try:
        with (
            transaction.atomic(),
            reversion.create_revision(),
            translation.override(settings.LANGUAGE_CODE),
        ):
            reversion.set_comment(str(_("Published at its scheduled date.")))
            for model in publishable_models():
                due = _scheduled(model).filter(publish_at__lte=timezone.now())
                for item in due.select_for_update(skip_locked=True):
                    item.is_published, item.publish_at = True, None
                    item.save(update_fields=["is_published", "publish_at", "updated_at"])
    except Exception:
        logger.exception("Scheduled items could not be published; the next request tries again.")
