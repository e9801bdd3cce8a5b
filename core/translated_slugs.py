"""Slugs per language (django-modeltranslation's ``slug_fr``, ``slug_en``…), for models and
for the detail views that look them up."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.signals import post_delete, pre_save
from django.http import Http404
from django.shortcuts import redirect
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from .i18n import language_links, object_urls_by_language
from .roles import staff_edit_url, staff_may_change


def language_codes():
    return [code for code, _name in settings.LANGUAGES]


class TranslatedSlugModelMixin:
    """Fills each empty slug from the title in that language, or else from the default
    language's slug (a language added later starts with the French addresses)."""

    slug_source_field = "name"
    slug_max_length = 190

    def fill_missing_slugs(self):
        default_slug = ""
        for code in language_codes():
            slug_field = build_localized_fieldname("slug", code)
            slug = getattr(self, slug_field, None)
            if not slug:
                source = getattr(self, build_localized_fieldname(self.slug_source_field, code))
                base = slugify(source or "") or default_slug
                base = base or slugify(getattr(self, self.slug_source_field) or "")
                slug = self._unique_slug(slug_field, base[: self.slug_max_length])
                setattr(self, slug_field, slug)
            default_slug = default_slug or slug

    def _unique_slug(self, slug_field, base):
        base = base or self._meta.model_name
        others = type(self)._default_manager.exclude(pk=self.pk)
        slug, suffix = base, 2
        while others.filter(any_language_slug(slug)).exists():
            slug, suffix = f"{base}-{suffix}", suffix + 1
        return slug

    def _is_former_slug_of_another(self, slug):
        former = FormerSlug.objects.filter(model=self._meta.label_lower, slug=slug)
        return former.exclude(object_id=self.pk).exists() if self.pk else former.exists()

    def clean(self):
        """A slug names one object in every language: the filters and the language switch
        find an object by its slug in any language."""
        super().clean()
        others = type(self)._default_manager.exclude(pk=self.pk)
        errors = {}
        for code in language_codes():
            slug_field = build_localized_fieldname("slug", code)
            slug = getattr(self, slug_field, None)
            if slug and others.filter(any_language_slug(slug)).exists():
                errors[slug_field] = _(
                    "This address is already used by another page, in one of the languages."
                )
            elif slug and self._is_former_slug_of_another(slug):
                errors[slug_field] = _(
                    "This address was another page's and still leads to it: choose another."
                )
        if errors:
            raise ValidationError(errors)


class FormerSlug(models.Model):
    """An address a published page had: it redirects, in every language, to the page's
    current one, for good."""

    model = models.CharField(_("model"), max_length=100)
    object_id = models.PositiveBigIntegerField(_("item"))
    slug = models.CharField(_("former address"), max_length=200)
    replaced_at = models.DateTimeField(_("replaced"), auto_now_add=True)

    class Meta:
        verbose_name = _("former address")
        verbose_name_plural = _("former addresses")
        constraints = [models.UniqueConstraint(fields=["model", "slug"], name="one_former_slug")]

    def __str__(self):
        return self.slug


def keep_former_slugs(sender, instance, raw=False, **kwargs):
    if raw or not instance.pk or not isinstance(instance, TranslatedSlugModelMixin):
        return
    if not any(field.name == "is_published" for field in sender._meta.fields):
        return  # no page of its own (a theme's slug names it in the list's address)
    columns = [build_localized_fieldname("slug", code) for code in language_codes()]
    before = sender._base_manager.filter(pk=instance.pk).values(*columns).first()
    if not before:
        return
    label = sender._meta.label_lower
    for column in columns:
        if before[column] and before[column] != getattr(instance, column):
            # An address stays its first page's: another page may not take it over.
            FormerSlug.objects.get_or_create(
                model=label, slug=before[column], defaults={"object_id": instance.pk}
            )


def forget_former_slugs(sender, instance, **kwargs):
    if isinstance(instance, TranslatedSlugModelMixin):
        FormerSlug.objects.filter(model=sender._meta.label_lower, object_id=instance.pk).delete()


def connect_signals():
    pre_save.connect(keep_former_slugs, dispatch_uid="former-slugs")
    post_delete.connect(forget_former_slugs, dispatch_uid="former-slugs-deleted")


def any_language_slug(slug):
    condition = Q()
    for code in language_codes():
        condition |= Q(**{build_localized_fieldname("slug", code): slug})
    return condition


class TranslatedSlugDetailMixin:
    """A detail view found by its slug in the page's language; a slug of another language
    redirects to the page's own address, and the language switch leads to each language's.
    Staff who may change the item also see it unpublished: a preview, said so, not indexed
    and never cached."""

    def may_preview(self):
        return staff_may_change(self.request, self.model)

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        if context.get("is_preview"):
            response["Cache-Control"] = "private, no-store"
            response["X-Robots-Tag"] = "noindex"
        return response

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            obj = self.get_queryset().filter(any_language_slug(kwargs["slug"])).first()
            if obj is None:
                former = FormerSlug.objects.filter(
                    model=self.get_queryset().model._meta.label_lower, slug=kwargs["slug"]
                ).first()
                obj = former and self.get_queryset().filter(pk=former.object_id).first()
                if obj:
                    return redirect(obj, permanent=True)
                raise
            if obj.get_absolute_url() != request.path:
                return redirect(obj, permanent=True)
            # No slug of its own in this language yet: the address uses the fallback's.
            self.object = obj
            return self.render_to_response(self.get_context_data(object=obj))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["language_links"] = language_links(
            self.request, object_urls_by_language(self.object)
        )
        context["staff_edit_url"] = staff_edit_url(self.request, self.object)
        context["is_preview"] = not self.object.is_published
        return context
