from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, Count, OuterRef, Q, Subquery, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from modeltranslation.utils import build_localized_fieldname

from core.publishing import Publishable
from core.translated_slugs import TranslatedSlugModelMixin

from . import search
from .documents import DocumentLanguage, SourceDocument  # noqa: F401 (models of the app)
from .parts import Axis, Objective  # noqa: F401 (models of the app)


class Theme(TranslatedSlugModelMixin, models.Model):
    slug_max_length = 90  # room for a "-2" suffix within the column's 100

    key = models.SlugField(
        _("key"), max_length=50, unique=True, help_text=_("A fixed identifier, never shown.")
    )
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        blank=True,
        help_text=_("Used in the addresses of filtered lists. Made from the name when left empty."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # Each language's slug from its name, unique among every language's slugs (the
        # filters find a theme by its slug in any language).
        self.fill_missing_slugs()
        super().save(*args, **kwargs)


class PolicyType(models.Model):
    key = models.SlugField(
        _("key"),
        max_length=50,
        unique=True,
        help_text=_("A fixed identifier, used in the addresses of filtered lists."),
    )
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveIntegerField(_("order"), default=0)
    is_legal_act = models.BooleanField(
        _("legal act"),
        default=False,
        help_text=_("A law or a by-law: described to search engines as legislation."),
    )

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("policy type")
        verbose_name_plural = _("policy types")

    def __str__(self):
        return self.name


class Level(models.TextChoices):
    MUNICIPAL = "municipal", _("Municipal")
    REGIONAL = "regional", _("Regional")
    NATIONAL = "national", _("National")
    INTERNATIONAL = "international", _("International")


class InitiativeQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def for_list(self):
        """Published initiatives with what their cards show, most recent first."""
        return (
            self.published()
            .select_related("organisation", "policy_type", "city")
            .prefetch_related("themes")
            .order_by("-year", "pk")
        )

    def for_page(self, drafts=False):
        """Published initiatives (and drafts too, for a preview) with everything their page
        shows."""
        return (
            (self if drafts else self.published())
            .select_related("organisation", "policy_type", "city")
            .prefetch_related("themes", "objectives", "axes", "source_documents")
        )

    def for_partner_page(self):
        """A partner's published initiatives, as its page lists them."""
        return self.published().select_related("policy_type").order_by("-year", "pk")

    def for_export(self):
        return self.for_page().order_by("-year", "pk")

    def latest(self):
        return self.published().select_related("organisation").order_by("-created_at", "-pk")

    def related_to(self, initiative, limit=5):
        """Up to ``limit`` published initiatives like ``initiative``: those sharing the most
        themes first, then those of its country, then of its level, the most recent first."""
        themes = [theme.pk for theme in initiative.themes.all()]
        country, level = initiative.country.code or None, initiative.level
        links = Initiative.themes.through.objects.filter(theme__in=themes)
        sharing = links.values("initiative_id")
        shared = links.filter(initiative=OuterRef("pk")).values("initiative")
        return list(
            self.published()
            .exclude(pk=initiative.pk)
            .filter(Q(pk__in=sharing) | Q(level=level) | Q(country=country))
            .annotate(
                shared=Coalesce(Subquery(shared.annotate(n=Count("*")).values("n")), 0),
                same_country=Case(When(country=country, then=1), default=0),
                same_level=Case(When(level=level, then=1), default=0),
            )
            .select_related("city")
            .order_by("-shared", "-same_country", "-same_level", "-year", "pk")[:limit]
        )

    def search(self, text):
        """What matches ``text`` in the page's language, best matches first (search.py)."""
        return search.search(self, text).order_by("-search_rank", "-year", "pk")


class Initiative(TranslatedSlugModelMixin, Publishable):
    slug_source_field = "title"

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        blank=True,
        help_text=_("The last part of the page’s address. Made from the title when left empty."),
    )
    organisation = models.ForeignKey(
        "partners.Partner",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="initiatives",
        verbose_name=_("organisation (partner)"),
        help_text=_("When the organisation is one of our partners."),
    )
    organisation_name = models.CharField(
        _("organisation (name)"),
        max_length=200,
        blank=True,
        help_text=_("When the organisation is not one of our partners."),
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1800), MaxValueValidator(2100)]
    )
    city = models.ForeignKey(
        "core.City",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="initiatives",
        verbose_name=_("city"),
        help_text=_("A new city is added under Cities."),
    )
    country = CountryField(
        _("country"), blank=True, help_text=_("The city’s, when a city is chosen.")
    )
    level = models.CharField(
        _("level of government"), max_length=20, choices=Level.choices, default=Level.MUNICIPAL
    )
    policy_type = models.ForeignKey(
        PolicyType,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="initiatives",
        verbose_name=_("policy type"),
    )
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="initiatives", verbose_name=_("themes")
    )
    summary = models.TextField(
        _("summary"), blank=True, help_text=_("One or two sentences, shown in the list.")
    )
    introduction = models.TextField(
        _("introduction"), blank=True, help_text=_("Leave an empty line between paragraphs.")
    )
    axes_introduction = models.TextField(
        _("introduction to the axes"),
        blank=True,
        help_text=_("Shown between the objectives and the axes of intervention."),
    )
    closing_text = models.TextField(
        _("implementation and follow-up"),
        blank=True,
        help_text=_("Shown after the axes of intervention."),
    )
    # Identifies an initiative shipped with the site (see loader.py); NULL for staff's own.
    content_key = models.CharField(  # noqa: DJ001
        max_length=100, unique=True, null=True, editable=False
    )
    # PostgreSQL's search index (search.py); empty on other databases.
    search_vector_fr = SearchVectorField(null=True, editable=False)
    search_vector_en = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # The last change by staff (core.history), none for content as shipped: what pages show.
    edited_at = models.DateTimeField(_("last edited by staff"), null=True, editable=False)

    objects = InitiativeQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "pk"]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        permissions = [("publish_initiative", _("Can publish or unpublish an initiative"))]
        indexes = [
            # The list's order, so that a page of it is read without sorting every initiative.
            models.Index(fields=["-year", "id", "is_published"], name="initiative_list_order"),
            # The latest (the home page, the feed): read from the index, not by sorting them all.
            models.Index(
                fields=["-created_at", "-id"],
                condition=Q(is_published=True),
                name="initiative_latest",
            ),
            # Each facet's count reads a small index of the published initiatives, not the
            # rows and their long texts: its own when unfiltered, this one under filters.
            models.Index(
                fields=["level", "year", "country", "city", "policy_type", "organisation", "id"],
                condition=Q(is_published=True),
                name="initiative_facets",
            ),
            *(
                models.Index(
                    fields=[field], condition=Q(is_published=True), name=f"initiative_by_{field}"
                )
                for field in ("year", "country", "city", "level", "policy_type", "organisation")
            ),
            search.SearchIndex(fields=["search_vector_fr"], name="initiative_vector_fr"),
            search.SearchIndex(fields=["search_vector_en"], name="initiative_vector_en"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.fill_missing_slugs()
        if self.city_id:
            self.country = self.city.country
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("initiatives:detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if not self.organisation_id and not any(
            getattr(self, build_localized_fieldname("organisation_name", code), "")
            for code, _name in settings.LANGUAGES
        ):
            raise ValidationError(
                {"organisation": _("Choose a partner or give the organisation’s name.")}
            )
        title = (self.title_fr or "").strip()
        others = type(self)._default_manager.exclude(pk=self.pk)
        titles = others.filter(year=self.year).values_list("title_fr", flat=True) if title else []
        if any((other or "").strip().casefold() == title.casefold() for other in titles):
            message = _(
                "An initiative of %(year)s has this title already: change it rather than add it."
            )
            raise ValidationError({"title_fr": message % {"year": self.year}})

    @property
    def organisation_display(self):
        return self.organisation.name if self.organisation_id else self.organisation_name
