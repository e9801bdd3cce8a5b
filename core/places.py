from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField


class City(models.Model):
    """A place partners and initiatives choose, named in each language, drawn on the map."""

    key = models.SlugField(
        _("key"),
        max_length=100,
        unique=True,
        blank=True,
        help_text=_("Used in the addresses of filtered lists. Made from the name when left empty."),
    )
    name = models.CharField(_("name"), max_length=100)
    country = CountryField(_("country"), blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(-90)), MaxValueValidator(Decimal(90))],
        help_text=_("In decimal degrees (north is positive), e.g. 45.5019."),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(-180)), MaxValueValidator(Decimal(180))],
        help_text=_("In decimal degrees (east is positive), e.g. -73.5674."),
    )

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("city")
        verbose_name_plural = _("cities")

    def __str__(self):
        return f"{self.name} ({self.country.name})" if self.country else self.name

    def save(self, *args, **kwargs):
        if not self.key:
            base = slugify(getattr(self, f"name_{settings.LANGUAGE_CODE}", "") or self.name)
            self.key, suffix = base or "city", 2
            while City.objects.exclude(pk=self.pk).filter(key=self.key).exists():
                self.key, suffix = f"{base}-{suffix}", suffix + 1
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(
                _("Give both the latitude and the longitude, or neither (no place on the map).")
            )

    @property
    def has_coordinates(self):
        return self.latitude is not None and self.longitude is not None
