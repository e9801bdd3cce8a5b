"""An initiative's ordered lists: its objectives and its axes of intervention."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrderedText(models.Model):
    """An item of an ordered list of an initiative: an objective or an axis of intervention."""

    text = models.TextField(_("text"))
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        ordering = ["order", "pk"]

    def __str__(self):
        return self.text


class Objective(OrderedText):
    initiative = models.ForeignKey(
        "initiatives.Initiative",
        models.CASCADE,
        related_name="objectives",
        verbose_name=_("initiative"),
    )

    class Meta(OrderedText.Meta):
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")


class Axis(OrderedText):
    initiative = models.ForeignKey(
        "initiatives.Initiative", models.CASCADE, related_name="axes", verbose_name=_("initiative")
    )

    class Meta(OrderedText.Meta):
        verbose_name = _("axis of intervention")
        verbose_name_plural = _("axes of intervention")
