from core.sitemaps import BilingualSitemap

from .models import Page


class PageSitemap(BilingualSitemap):
    changefreq = "yearly"

    def items(self):
        return Page.objects.published().order_by("order", "pk")

    def lastmod(self, page):
        return page.edited_at
