"""The translation status page's download and upload of the content as a .po file."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import View

from . import content_po

STATUS_LABELS = {
    "applied": gettext_lazy("Applied"),
    "confirmed": gettext_lazy("Confirmed as still holding"),
    "unchanged": gettext_lazy("Unchanged"),
    "source changed": gettext_lazy("Skipped: the French text changed since the export"),
    "fuzzy": gettext_lazy("Skipped: still marked as needing work (fuzzy)"),
    "empty": gettext_lazy("Empty"),
    "unknown": gettext_lazy("Unknown entry"),
    "refused": gettext_lazy("Refused"),
}


def _chosen(value, allowed):
    return value if value in allowed else None


class ContentPoExportView(View):
    def get(self, request):
        if not content_po.content_models(request.user):
            raise PermissionDenied
        languages = [code for code, _name in content_po.language_choices()]
        language = _chosen(request.GET.get("language"), languages) or languages[0]
        only = _chosen(request.GET.get("only"), ("missing", "outdated"))
        models = [label for label, _name in content_po.model_choices()]
        model = _chosen(request.GET.get("model"), models)
        base_url = request.build_absolute_uri("/").rstrip("/")
        po = content_po.export(language, only, model, user=request.user, base_url=base_url)
        name = f"cities-content-{language}-{timezone.now():%Y%m%d}.po"
        response = HttpResponse(str(po), content_type="text/x-gettext-translation; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class ContentPoImportView(View):
    def get(self, request):
        return HttpResponseRedirect(reverse("translation_status"))

    def post(self, request):
        if not content_po.content_models(request.user, "change"):
            raise PermissionDenied
        upload = request.FILES.get("file")
        context = {**admin.site.each_context(request), "title": _("Import of translations")}
        try:
            if upload is None:
                raise content_po.InvalidFile(_("Choose a .po file to import."))
            report = content_po.import_po(upload.read(content_po.MAX_FILE_BYTES + 1), request.user)
        except content_po.InvalidFile as error:
            context["error"] = str(error)
            return TemplateResponse(request, "admin/content_po_import.html", context, status=400)
        context["language"] = report.language
        context["counts"] = [(STATUS_LABELS[s], n) for s, n in report.counts.items() if n]
        context["results"] = [
            (item, STATUS_LABELS[status], detail)
            for item, status, detail in report.results
            if status != "unchanged"
        ]
        return TemplateResponse(request, "admin/content_po_import.html", context)
