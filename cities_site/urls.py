from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView, TemplateView

from core.admin import TranslationStatusView
from core.content_po_views import ContentPoExportView, ContentPoImportView
from core.health import healthz
from core.i18n import choose_admin_language, choose_language
from core.media import serve_media
from core.open_data import datapackage
from core.seo import print_addresses_css
from core.sitemaps import PagesSitemap
from initiatives.sitemaps import InitiativeSitemap
from pages.sitemaps import PageSitemap
from partners.sitemaps import PartnerSitemap

SITEMAPS = {
    "pages": PagesSitemap,
    "partners": PartnerSitemap,
    "initiatives": InitiativeSitemap,
    "site-pages": PageSitemap,
}

admin.site.site_header = _("C.I.T.I.E.S. administration")
admin.site.site_title = _("C.I.T.I.E.S. administration")
# The lists need the width (at 1280 px the partners' columns scrolled sideways beside it);
# the breadcrumbs and the index lead everywhere.
admin.site.enable_nav_sidebar = False

handler400 = "core.error_views.bad_request"
handler403 = "core.error_views.permission_denied"
handler404 = "core.error_views.page_not_found"
handler500 = "core.error_views.server_error"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("print.css", print_addresses_css, name="print_css"),
    path("language/<str:code>/", choose_language, name="choose_language"),
    path(
        f"{settings.ADMIN_URL}translation-status/",
        admin.site.admin_view(TranslationStatusView.as_view()),
        name="translation_status",
    ),
    path(
        f"{settings.ADMIN_URL}translation-status/content.po",
        admin.site.admin_view(ContentPoExportView.as_view()),
        name="content_po_export",
    ),
    path(
        f"{settings.ADMIN_URL}translation-status/import/",
        admin.site.admin_view(ContentPoImportView.as_view()),
        name="content_po_import",
    ),
    path(f"{settings.ADMIN_URL}language/", choose_admin_language, name="admin_language"),
    # Staff reset a forgotten password by e-mail (Django's views; the admin links to them).
    path(
        f"{settings.ADMIN_URL}password_reset/",
        auth_views.PasswordResetView.as_view(),
        name="admin_password_reset",
    ),
    path(
        f"{settings.ADMIN_URL}password_reset/done/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        f"{settings.ADMIN_URL}reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        f"{settings.ADMIN_URL}reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path(settings.ADMIN_URL, admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots",
    ),
    re_path(rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.+)$", serve_media, name="media"),
    path(
        "favicon.ico",
        RedirectView.as_view(url=settings.STATIC_URL + "img/favicon.ico", permanent=True),
    ),
]

urlpatterns += i18n_patterns(
    path("", TemplateView.as_view(template_name="home.html"), name="home"),
    path(_("partners/"), include("partners.urls")),
    path(_("initiatives/"), include("initiatives.urls")),
    path("pages/", include("pages.urls")),
    path("datapackage.json", datapackage, name="datapackage"),
    prefix_default_language=True,
)
