from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from core.translated_slugs import TranslatedSlugModelMixin

from . import search
from .documents import source_document_path, validate_pdf


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
        """Published initiatives as the list shows them, most recent first, without their
        long texts (the names of their themes, policy type and partner come from the list's
        facet index: see ``FacetIndex.describe``)."""
        return self.published().defer(*self.long_text_columns()).order_by("-year", "pk")

    @staticmethod
    def long_text_columns():
        columns = [*Initiative.SEARCH_FIELDS, *Initiative.SEARCH_DOCUMENT_FIELDS]
        for field in ("introduction", "axes_introduction", "closing_text"):
            columns.append(field)
            columns += [build_localized_fieldname(field, code) for code, _ in settings.LANGUAGES]
        return columns

    def for_page(self):
        """Published initiatives with everything their page shows."""
        return (
            self.published()
            .select_related("organisation", "policy_type")
            .prefetch_related("themes", "objectives", "axes", "source_documents")
        )

    def for_partner_page(self):
        """A partner's published initiatives, as its page lists them."""
        return self.published().select_related("policy_type").order_by("-year", "pk")

    def for_export(self):
        return self.for_page().order_by("-year", "pk")

    def latest(self):
        return self.published().select_related("organisation").order_by("-created_at", "-pk")

    def search(self, text):
        """What matches ``text`` in the active language, best matches first (as the list
        shows them: see search.py)."""
        return search.search(self, text).order_by("-search_rank", "-year", "pk")

    def matching(self, text):
        """What matches ``text`` in the active language, unordered (for counting)."""
        return search.search(self, text, ranked=False)

    def refresh_search_documents(self):
        search.refresh_documents(self)

    def refresh_search_columns(self):
        """Recompute and store the search text of these initiatives (one update per batch),
        as when something they show, such as their partner's name, has changed."""
        initiatives = list(
            self.select_related("organisation").prefetch_related("objectives", "axes")
        )
        for initiative in initiatives:
            initiative.fill_search_columns()
        self.model.objects.bulk_update(initiatives, self.model.SEARCH_FIELDS, batch_size=500)
        self.model.objects.filter(pk__in=[i.pk for i in initiatives]).refresh_search_documents()


class Initiative(TranslatedSlugModelMixin, models.Model):
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
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=100, blank=True)
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
    is_published = models.BooleanField(_("published"), default=True)
    # Identifies an initiative shipped with the site (see loader.py); NULL for staff's own.
    content_key = models.CharField(  # noqa: DJ001
        max_length=100, unique=True, null=True, editable=False
    )
    # Search helpers (see search.py): normalised text per language, refreshed on save.
    search_title_fr = models.TextField(blank=True, default="", editable=False)
    search_title_en = models.TextField(blank=True, default="", editable=False)
    search_body_fr = models.TextField(blank=True, default="", editable=False)
    search_body_en = models.TextField(blank=True, default="", editable=False)
    # PostgreSQL only (NULL elsewhere): the helper columns' words, stemmed and weighted, and
    # the title's alone.
    search_document_fr = SearchVectorField(null=True, editable=False)
    search_document_en = SearchVectorField(null=True, editable=False)
    search_title_document_fr = SearchVectorField(null=True, editable=False)
    search_title_document_en = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = InitiativeQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "pk"]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        permissions = [("publish_initiative", _("Can publish or unpublish an initiative"))]
        indexes = [
            # Holds every column the list filters on, and the key, so that building the
            # list's facet index (facet_index.py) reads this index instead of the table's
            # long texts (PostgreSQL: an index-only scan; SQLite adds the key by itself).
            models.Index(
                fields=[
                    "is_published",
                    "year",
                    "level",
                    "policy_type",
                    "organisation",
                    "country_fr",
                    "country_en",
                    "city_fr",
                    "city_en",
                    "id",
                ],
                name="initiative_facet_values",
            ),
            # The list's order, so that a page of it is read without sorting every initiative.
            models.Index(fields=["-year", "id", "is_published"], name="initiative_list_order"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.fill_missing_slugs()
        self.fill_search_columns()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], *self.SEARCH_FIELDS}
        super().save(*args, **kwargs)
        Initiative.objects.filter(pk=self.pk).refresh_search_documents()

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

    @property
    def organisation_display(self):
        return self.organisation.name if self.organisation_id else self.organisation_name

    @property
    def place(self):
        return ", ".join(part for part in (self.city, self.country) if part)

    SEARCH_FIELDS = ("search_title_fr", "search_title_en", "search_body_fr", "search_body_en")
    SEARCH_DOCUMENT_FIELDS = (
        "search_document_fr",
        "search_document_en",
        "search_title_document_fr",
        "search_title_document_en",
    )

    def refresh_search_columns(self):
        """Called when an objective or axis changes: recompute and store the helper columns."""
        self.fill_search_columns()
        saved = Initiative.objects.filter(pk=self.pk)
        saved.update(**{name: getattr(self, name) for name in self.SEARCH_FIELDS})
        saved.refresh_search_documents()

    def fill_search_columns(self):
        objectives = list(self.objectives.all()) if self.pk else []
        axes = list(self.axes.all()) if self.pk else []
        organisation = self.organisation if self.organisation_id else None
        for code, _name in settings.LANGUAGES:
            if code not in search.SEARCH_CONFIGS:
                continue
            with translation.override(code):
                # Read through the translated descriptors, so that the fallback applies.
                parts = [
                    organisation.name if organisation else self.organisation_name,
                    self.summary,
                    self.introduction,
                    self.axes_introduction,
                    *(item.text for item in objectives),
                    *(item.text for item in axes),
                    self.closing_text,
                ]
                title = self.title
            title_column, body_column = search.search_columns(code)
            setattr(self, title_column, search.normalise(title))
            setattr(self, body_column, search.normalise(" ".join(p for p in parts if p)))


class OrderedText(models.Model):
    """An item of an ordered list of an initiative: an objective or an axis of intervention."""

    text = models.TextField(_("text"))
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        ordering = ["order", "pk"]

    def __str__(self):
        return self.text

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self.initiative.refresh_search_columns()

    def delete(self, *args, **kwargs):
        initiative = self.initiative
        result = super().delete(*args, **kwargs)
        initiative.refresh_search_columns()
        return result


class Objective(OrderedText):
    initiative = models.ForeignKey(
        Initiative, models.CASCADE, related_name="objectives", verbose_name=_("initiative")
    )

    class Meta(OrderedText.Meta):
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")


class Axis(OrderedText):
    initiative = models.ForeignKey(
        Initiative, models.CASCADE, related_name="axes", verbose_name=_("initiative")
    )

    class Meta(OrderedText.Meta):
        verbose_name = _("axis of intervention")
        verbose_name_plural = _("axes of intervention")


class DocumentLanguage(models.TextChoices):
    FRENCH = "fr", _("French")
    ENGLISH = "en", _("English")
    SPANISH = "es", _("Spanish")
    CATALAN = "ca", _("Catalan")
    BASQUE = "eu", _("Basque")
    KOREAN = "ko", _("Korean")
    OTHER = "other", _("Other")


# How the page says in which language a document is written.
DOCUMENT_LANGUAGE_PHRASES = {
    DocumentLanguage.FRENCH: _("in French"),
    DocumentLanguage.ENGLISH: _("in English"),
    DocumentLanguage.SPANISH: _("in Spanish"),
    DocumentLanguage.CATALAN: _("in Catalan"),
    DocumentLanguage.BASQUE: _("in Basque"),
    DocumentLanguage.KOREAN: _("in Korean"),
    DocumentLanguage.OTHER: _("in another language"),
}


class SourceDocument(models.Model):
    initiative = models.ForeignKey(
        Initiative, models.CASCADE, related_name="source_documents", verbose_name=_("initiative")
    )
    title = models.CharField(_("title"), max_length=300)
    url = models.URLField(_("address (URL)"), max_length=500, blank=True)
    file = models.FileField(
        _("PDF file"),
        upload_to=source_document_path,
        blank=True,
        validators=[validate_pdf],
        help_text=_("A PDF document of at most 20 MB. Give either an address or a file."),
    )
    file_size = models.PositiveBigIntegerField(null=True, editable=False)
    language = models.CharField(
        _("language of the document"),
        max_length=10,
        choices=DocumentLanguage.choices,
        default=DocumentLanguage.FRENCH,
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("source document")
        verbose_name_plural = _("source documents")
        constraints = [
            models.CheckConstraint(
                condition=(Q(url="") & ~Q(file="")) | (~Q(url="") & Q(file="")),
                name="source_document_url_xor_file",
                violation_error_message=_(
                    "Give either an address (URL) or a PDF file: exactly one of the two."
                ),
            )
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.file_size = self.file.size if self.file else None
        super().save(*args, **kwargs)

    @property
    def language_phrase(self):
        return DOCUMENT_LANGUAGE_PHRASES.get(self.language, "")

    @property
    def href(self):
        return self.file.url if self.file else self.url
