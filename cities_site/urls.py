from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from django.views.static import serve

from .admin_views import TranslationStatusView
from .views import HomeView

urlpatterns = [
    path(
        "admin/translation-status/",
        admin.site.admin_view(TranslationStatusView.as_view()),
        name="translation_status",
    ),
    path("admin/", admin.site.urls),
]

urlpatterns += i18n_patterns(
    path("", HomeView.as_view(), name="home"),
    path(_("partners/"), include("partners.urls")),
    path(_("initiatives/"), include("initiatives.urls")),
    prefix_default_language=True,
)

if settings.SERVE_MEDIA:
    urlpatterns += [
        re_path(
            rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]
