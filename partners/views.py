from django.conf import settings
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.views.generic import DetailView, TemplateView
from modeltranslation.utils import build_localized_fieldname

from cities_site.i18n import language_links, object_urls_by_language

from .models import Partner, directory_sections


class PartnerDirectoryView(TemplateView):
    template_name = "partners/directory.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sections"] = directory_sections(Partner.objects.for_directory())
        return context


class PartnerDetailView(DetailView):
    template_name = "partners/partner_detail.html"
    context_object_name = "partner"

    def get_queryset(self):
        return Partner.objects.published().select_related("category", "region")

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            # A slug of another language (a link shared from the other version, or a
            # visitor editing the prefix) leads to this partner's page in this language.
            partner = self._find_by_any_language_slug(kwargs["slug"])
            if partner is None:
                raise
            return redirect(partner, permanent=True)

    def _find_by_any_language_slug(self, slug):
        any_slug = Q()
        for code, _name in settings.LANGUAGES:
            any_slug |= Q(**{build_localized_fieldname("slug", code): slug})
        return self.get_queryset().filter(any_slug).first()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["language_links"] = language_links(
            self.request, object_urls_by_language(self.object)
        )
        context["initiatives"] = self.object.initiatives.for_partner_page()
        return context
