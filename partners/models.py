from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_cleanup import cleanup

from core.publishing import Publishable
from core.translated_slugs import TranslatedSlugModelMixin

from .logos import make_rendition, validate_logo


class Region(models.Model):
    key = models.SlugField(
        _("key"), max_length=50, unique=True, help_text=_("A fixed identifier, never shown.")
    )
    name = models.CharField(_("name"), max_length=100)
    heading = models.CharField(
        _("heading"), max_length=120, help_text=_("Shown above its founders, e.g. “In Seoul”.")
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return self.name


class CategoryQuerySet(models.QuerySet):
    def with_published_partner_counts(self):
        return self.annotate(
            published_partner_count=Count("partners", filter=Q(partners__is_published=True))
        ).filter(published_partner_count__gt=0)


class Category(models.Model):
    key = models.SlugField(
        _("key"), max_length=50, unique=True, help_text=_("A fixed identifier, never shown.")
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("The section heading."))
    singular_name = models.CharField(
        _("singular name"), max_length=100, help_text=_("Shown on each partner’s page.")
    )
    introduction = models.TextField(
        _("introduction"), blank=True, help_text=_("Shown under the section heading.")
    )
    has_regions = models.BooleanField(
        _("grouped by region"),
        default=False,
        help_text=_("Its partners are listed under their region’s heading."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    objects = CategoryQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return self.name


# Founders by region (in the regions' order), the international founders, associated
# partners, financial partners.
DIRECTORY_ORDER = [
    F("category__order").asc(),
    F("category__pk").asc(),
    F("region__order").asc(nulls_last=True),
    F("region__pk").asc(nulls_last=True),
    F("order").asc(),
    F("pk").asc(),
]


class PartnerQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def in_directory_order(self):
        return self.order_by(*DIRECTORY_ORDER)

    def for_directory(self):
        return self.published().in_directory_order().select_related("category", "region", "city")


# Its files outlive a replacement or a deletion: the history may bring them back.
@cleanup.ignore
class Partner(TranslatedSlugModelMixin, Publishable):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        blank=True,
        help_text=_("The last part of the page’s address. Made from the name when left empty."),
    )
    category = models.ForeignKey(
        Category, models.PROTECT, related_name="partners", verbose_name=_("category")
    )
    region = models.ForeignKey(
        Region,
        models.PROTECT,
        related_name="partners",
        null=True,
        blank=True,
        verbose_name=_("region"),
        help_text=_("Only for categories grouped by region; empty for an international founder."),
    )
    city = models.ForeignKey(
        "core.City",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="partners",
        verbose_name=_("city"),
        help_text=_("Shown on the map. A new city is added under Cities."),
    )
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(
        _("description"), help_text=_("Leave an empty line between paragraphs.")
    )
    logo = models.ImageField(
        _("logo"),
        upload_to="partners/logos/",
        blank=True,
        validators=[validate_logo],
        help_text=_("PNG, JPEG or WebP, at most 5 MB and 4000×4000 pixels."),
    )
    logo_rendition = models.ImageField(
        upload_to="partners/logos/renditions/",
        blank=True,
        editable=False,
        width_field="logo_rendition_width",
        height_field="logo_rendition_height",
    )
    logo_rendition_width = models.PositiveIntegerField(null=True, editable=False)
    logo_rendition_height = models.PositiveIntegerField(null=True, editable=False)
    order = models.PositiveIntegerField(_("order"), default=0)
    # Identifies a partner shipped with the site, so that loading again creates no duplicate;
    # NULL (not "") for partners added by staff, since the column is unique.
    content_key = models.CharField(  # noqa: DJ001
        max_length=100, unique=True, null=True, editable=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # The last change by staff (core.history), none for content as shipped: what pages show.
    edited_at = models.DateTimeField(_("last edited by staff"), null=True, editable=False)

    objects = PartnerQuerySet.as_manager()

    class Meta:
        ordering = ["category__order", "order", "pk"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        permissions = [("publish_partner", _("Can publish or unpublish a partner"))]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.fill_missing_slugs()
        self._refresh_logo_rendition()
        super().save(*args, **kwargs)
        # The logo's name as stored (an upload's name gets its folder while saving).
        self._loaded_logo_name = self.logo.name if self.logo else ""

    def get_absolute_url(self):
        return reverse("partners:detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        category = self.category if self.category_id else None
        if self.region_id and category and not category.has_regions:
            raise ValidationError(
                {"region": _("Only partners of a category grouped by region have a region.")}
            )
        name = (self.name_fr or "").strip()
        others = type(self)._default_manager.exclude(pk=self.pk)
        # Compared here: SQLite's case-insensitive match knows no accented capitals.
        names = others.values_list("name_fr", flat=True)
        if name and any((other or "").strip().casefold() == name.casefold() for other in names):
            message = _("A partner named “%(name)s” already exists: change it rather than add it.")
            raise ValidationError({"name_fr": message % {"name": name}})

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_logo_name = instance.__dict__.get("logo")
        return instance

    def _refresh_logo_rendition(self):
        logo_name = self.logo.name if self.logo else ""
        if logo_name == getattr(self, "_loaded_logo_name", None) and (
            self.logo_rendition or not logo_name
        ):
            return
        if logo_name:
            rendition = make_rendition(self.logo.file)
            self.logo_rendition.save(rendition.name, rendition, save=False)
        else:
            self.logo_rendition = ""
            self.logo_rendition_width = None
            self.logo_rendition_height = None

    @property
    def website_display(self):
        """The website's address as people say it: no scheme, no "www.", no final slash."""
        address = self.website.split("://", 1)[-1]
        return address.removeprefix("www.").rstrip("/")

    @property
    def country(self):
        return self.city.country if self.city_id else None
