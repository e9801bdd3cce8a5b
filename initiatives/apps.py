from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def ensure_search_index(sender, using, **kwargs):
    from .search import ensure_sqlite_index

    ensure_sqlite_index(connections[using])


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = _("Initiatives")

    def ready(self):
        from . import signals  # noqa: F401 (connects the receivers)

        post_migrate.connect(ensure_search_index, sender=self, dispatch_uid="initiatives-search")
