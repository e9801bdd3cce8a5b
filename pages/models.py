from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.publishing import Publishable
from core.translated_slugs import TranslatedSlugModelMixin


class PageQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def in_footer(self):
        return self.published().order_by("order", "pk")


class Page(TranslatedSlugModelMixin, Publishable):
    """A page of the site's own (about, contact, legal notice, privacy), linked from the
    footer once published."""

    slug_source_field = "title"
    slug_max_length = 90

    key = models.SlugField(
        _("key"), max_length=50, unique=True, help_text=_("A fixed identifier, never shown.")
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        blank=True,
        help_text=_("The last part of the page’s address. Made from the title when left empty."),
    )
    body = models.TextField(_("text"), help_text=_("Leave an empty line between paragraphs."))
    order = models.PositiveIntegerField(_("order in the footer"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    edited_at = models.DateTimeField(_("last edited by staff"), null=True, editable=False)

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("site page")
        verbose_name_plural = _("site pages")
        permissions = [("publish_page", _("Can publish or unpublish a site page"))]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.fill_missing_slugs()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("pages:detail", kwargs={"slug": self.slug})
