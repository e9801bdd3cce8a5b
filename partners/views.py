from django.views.generic import DetailView, TemplateView

from cities_site.translated_slugs import TranslatedSlugDetailMixin

from .models import Partner, directory_sections


class PartnerDirectoryView(TemplateView):
    template_name = "partners/directory.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sections"] = directory_sections(Partner.objects.for_directory())
        return context


class PartnerDetailView(TranslatedSlugDetailMixin, DetailView):
    template_name = "partners/partner_detail.html"
    context_object_name = "partner"

    def get_queryset(self):
        return Partner.objects.published().select_related("category", "region")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["initiatives"] = self.object.initiatives.for_partner_page()
        return context
