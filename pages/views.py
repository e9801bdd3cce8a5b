from django.views.generic import DetailView

from core.outdated import mark_outdated
from core.translated_slugs import TranslatedSlugDetailMixin

from .models import Page


class PageDetailView(TranslatedSlugDetailMixin, DetailView):
    model = Page
    template_name = "pages/page_detail.html"
    context_object_name = "site_page"

    def get_queryset(self):
        return Page.objects.all() if self.may_preview() else Page.objects.published()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["outdated_on_page"] = mark_outdated([self.object], noticed_apart=["body"])
        return context
