from core.sitemaps import BilingualSitemap

from .models import Initiative


class InitiativeSitemap(BilingualSitemap):
    changefreq = "monthly"

    def items(self):
        return Initiative.objects.published().order_by("pk")

    def lastmod(self, initiative):
        return initiative.edited_at
