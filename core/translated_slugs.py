"""Slugs per language (django-modeltranslation's ``slug_fr``, ``slug_en``…), for models and
for the detail views that look them up."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from .i18n import language_links, object_urls_by_language


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
        if errors:
            raise ValidationError(errors)


def any_language_slug(slug):
    condition = Q()
    for code in language_codes():
        condition |= Q(**{build_localized_fieldname("slug", code): slug})
    return condition


class TranslatedSlugDetailMixin:
    """A detail view found by its slug in the page's language; a slug of another language
    redirects to the page's own address, and the language switch leads to each language's."""

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            obj = self.get_queryset().filter(any_language_slug(kwargs["slug"])).first()
            if obj is None:
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
        return context
