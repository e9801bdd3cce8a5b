from axes.apps import AppConfig as AxesConfig
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What every part of the site shares: the page cache, uploaded files, security."""

    name = "core"
    verbose_name = "C.I.T.I.E.S."
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from reversion.signals import post_revision_commit

        from . import cache, history, outdated, translated_slugs

        post_revision_commit.connect(history.note_staff_edit, dispatch_uid="staff-edit")
        cache.connect_signals()
        outdated.connect_signals()
        translated_slugs.connect_signals()


class LoginAttemptsConfig(AxesConfig):
    """django-axes under a name staff understand ("Axes" reads like the initiatives' axes of
    intervention)."""

    verbose_name = _("Login attempts")
