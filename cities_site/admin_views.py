from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from .translation_status import translation_report


class TranslationStatusView(TemplateView):
    template_name = "admin/translation_status.html"

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            **admin.site.each_context(self.request),
            "title": _("Translation status"),
            "report": translation_report(),
        }
