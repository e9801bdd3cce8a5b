"""URLs for tests of the 500 page: the site's own, plus a view that fails."""

from django.urls import path

from cities_site.urls import handler400, handler403, handler500, urlpatterns  # noqa: F401


def boom(request):
    raise RuntimeError("boom")


urlpatterns = [path("boom/", boom), *urlpatterns]
