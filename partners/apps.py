from django.apps import AppConfig
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partners")

    def ready(self):
        from core.cache import QUERY_PARAMETERS
        from core.media import serve_files
        from core.open_data import register

        from .exports import DATASET
        from .models import Partner

        # The logo's WebP rendition only: the uploaded original is never served.
        serve_files(
            "partners/logos/renditions/",
            Partner.objects.all(),
            "logo_rendition",
            published=Q(is_published=True),
            permission="partners.view_partner",
            content_type="image/webp",
        )
        QUERY_PARAMETERS.add("page")  # the directory's pages
        register(DATASET)
