from django.views.generic import TemplateView

from initiatives.models import Initiative
from partners.models import Category


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["categories"] = Category.objects.with_published_partner_counts()
        context["initiative_count"] = Initiative.objects.published().count()
        return context
