from django.views.generic import DetailView, TemplateView

from core.cache import keep_out_of_caches
from core.outdated import mark_outdated
from core.pagination import page_of
from core.translated_slugs import TranslatedSlugDetailMixin

from .directory import directory_sections
from .models import Partner

DIRECTORY_PAGE_SIZE = 60


class PartnerDirectoryView(TemplateView):
    """The partners by category (and region), a page of them at a time; the map of all their
    cities on the first page."""

    template_name = "partners/directory.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page, page_ignored = page_of(
            Partner.objects.for_directory(), self.request.GET.get("page"), DIRECTORY_PAGE_SIZE
        )
        context.update(
            page_obj=page,
            page_ignored=page_ignored,
            sections=directory_sections(page.object_list),
        )
        return context

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        return keep_out_of_caches(response) if context["page_ignored"] else response


class PartnerDetailView(TranslatedSlugDetailMixin, DetailView):
    model = Partner
    template_name = "partners/partner_detail.html"
    context_object_name = "partner"

    def get_queryset(self):
        partners = Partner.objects.select_related("category", "region", "city")
        return partners if self.may_preview() else partners.published()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["initiatives"] = self.object.initiatives.for_partner_page()
        context["outdated_on_page"] = mark_outdated([self.object], noticed_apart=["description"])
        return context
