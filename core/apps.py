from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every part of the site shares: the page cache, uploaded files, security."""

    name = "core"
    verbose_name = "C.I.T.I.E.S."
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .cache import connect_signals

        connect_signals()
