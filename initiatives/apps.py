from django.apps import AppConfig
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = _("Initiatives")

    def ready(self):
        from core.cache import QUERY_PARAMETERS
        from core.media import serve_files
        from core.open_data import register

        from . import signals  # noqa: F401 (connects the receivers)
        from .exports import DATASET
        from .filters import InitiativeFilterSet
        from .models import SourceDocument

        serve_files(
            "initiatives/sources/",
            SourceDocument.objects.all(),
            "file",
            published=Q(initiative__is_published=True),
            permission="initiatives.view_initiative",
            content_type="application/pdf",
            as_attachment=True,
        )
        QUERY_PARAMETERS.update(InitiativeFilterSet.base_filters, {"page", "compare"})
        register(DATASET)
