from collections import Counter
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, F, FloatField, Q
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from core.queries import read_rows
from core.templatetags.translated import translated
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


MAP_PARTNERS_PER_PLACE = 8


def place_key(latitude, longitude):
    """Partners whose coordinates agree to about a kilometre share a place on the map."""
    return round(float(latitude), 2), round(float(longitude), 2)


class PartnerQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def in_directory_order(self):
        return self.order_by(
            "category__order",
            "category__pk",
            F("region__order").asc(nulls_last=True),
            F("region__pk").asc(nulls_last=True),
            "order",
            "pk",
        )

    def directory_places(self):
        """Every published partner's key and coordinates (None where it has none), in the
        directory's order: one read gives the directory's pages and the map's places."""
        return read_rows(
            self.published()
            .in_directory_order()
            .rewrite(False)
            # Floats: the map's keys are rounded anyway, and decimals cost a conversion each.
            .values_list("pk", Cast("latitude", FloatField()), Cast("longitude", FloatField()))
        )

    def for_directory(self, keys):
        """The published partners of ``keys`` (a page of ``directory_places``), in that order,
        with what the directory shows and nothing more (a model instance costs by the field,
        and the directory shows sixty)."""
        shown = ["category", "region", "logo_rendition"]
        shown += ["logo_rendition_width", "logo_rendition_height"]
        shown += [
            build_localized_fieldname(name, code)
            for name in ("name", "slug", "city", "country", "description")
            for code, _name in settings.LANGUAGES
        ]
        found = (
            self.published()
            .rewrite(False)
            .select_related("category", "region")
            .only(*shown)
            .in_bulk(keys)
        )
        return [found[pk] for pk in keys if pk in found]

    def for_map(self, places, per_place=MAP_PARTNERS_PER_PLACE):
        """The partners placed on the map, at most ``per_place`` per place (in the directory's
        order), and the number of partners at each place: the map names a few partners per
        city, however many there are. ``places`` is what ``directory_places`` gives."""
        counts, shown = Counter(), []
        for pk, latitude, longitude in places:
            if latitude is None or longitude is None:
                continue
            key = place_key(latitude, longitude)
            counts[key] += 1
            if counts[key] <= per_place:
                shown.append(pk)
        columns = [
            build_localized_fieldname(name, code)
            for name in PlacedPartner.TRANSLATED_FIELDS
            for code, _name in settings.LANGUAGES
        ]
        partners = {
            pk: PlacedPartner(pk, latitude, longitude, dict(zip(columns, texts, strict=True)))
            for pk, latitude, longitude, *texts in read_rows(
                self.filter(pk__in=shown)
                .rewrite(False)
                .order_by()
                .values_list(
                    "pk",
                    Cast("latitude", FloatField()),
                    Cast("longitude", FloatField()),
                    *columns,
                )
            )
        }
        return [partners[pk] for pk in shown if pk in partners], counts


class PlacedPartner:
    """A partner as the map shows it, read from a few columns: the map names up to eight
    partners per city, and a model instance each would cost more than the rest of the map.
    The texts are reached as on a partner (``partner|translated:"name"``)."""

    TRANSLATED_FIELDS = ("name", "slug", "city", "country")

    def __init__(self, pk, latitude, longitude, texts):
        self.pk = pk
        self.latitude = latitude
        self.longitude = longitude
        self.__dict__.update(texts)

    def _text(self, name):
        return str(translated(self, name))

    @property
    def name(self):
        return self._text("name")

    @property
    def has_coordinates(self):
        return True

    @property
    def place(self):
        return ", ".join(part for part in (self._text("city"), self._text("country")) if part)

    def get_absolute_url(self):
        return reverse("partners:detail", kwargs={"slug": self._text("slug")})


class Partner(TranslatedSlugModelMixin, models.Model):
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
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=100, blank=True)
    website = models.URLField(_("website"), blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(-90)), MaxValueValidator(Decimal(90))],
        help_text=_("Of the city, in decimal degrees (north is positive), e.g. 45.5019."),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(-180)), MaxValueValidator(Decimal(180))],
        help_text=_("Of the city, in decimal degrees (east is positive), e.g. -73.5674."),
    )
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
    is_published = models.BooleanField(_("published"), default=True)
    # Identifies a partner shipped with the site, so that loading again creates no duplicate;
    # NULL (not "") for partners added by staff, since the column is unique.
    content_key = models.CharField(  # noqa: DJ001
        max_length=100, unique=True, null=True, editable=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

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
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(
                _("Give both the latitude and the longitude, or neither (no place on the map).")
            )

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
    def place(self):
        return ", ".join(part for part in (self.city, self.country) if part)

    @property
    def has_coordinates(self):
        return self.latitude is not None and self.longitude is not None
