"""sitemap.xml: every public page in every language, with its alternates; x-default is the
French page (Django's would point at ``/``, which redirects)."""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class BilingualSitemap(Sitemap):
    i18n = True
    alternates = True

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        for url in urls:
            default = next(
                (a for a in url["alternates"] if a["lang_code"] == settings.LANGUAGE_CODE), None
            )
            if default:
                url["alternates"].append(
                    {"location": default["location"], "lang_code": "x-default"}
                )
        return urls


class PagesSitemap(BilingualSitemap):
    """The home page and the two lists."""

    changefreq = "weekly"

    def items(self):
        return ["home", "partners:directory", "initiatives:list"]

    def location(self, item):
        return reverse(item)
