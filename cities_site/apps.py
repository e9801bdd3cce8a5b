from axes.apps import AppConfig as AxesConfig
from django.utils.translation import gettext_lazy as _


class LoginAttemptsConfig(AxesConfig):
    """django-axes under a name staff understand ("Axes" reads like the initiatives' axes of
    intervention)."""

    verbose_name = _("Login attempts")
