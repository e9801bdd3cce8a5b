from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from .translation_status import translation_report


class TranslationStatusView(TemplateView):
    template_name = "admin/translation_status.html"

    def get_context_data(self, **kwargs):
        report = translation_report(self.request.user)
        if not report:  # a staff account that may view no content
            raise PermissionDenied
        return {
            **super().get_context_data(**kwargs),
            **admin.site.each_context(self.request),
            "title": _("Translation status"),
            "report": report,
        }
