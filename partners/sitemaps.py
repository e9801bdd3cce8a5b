from core.sitemaps import BilingualSitemap

from .models import Partner


class PartnerSitemap(BilingualSitemap):
    changefreq = "monthly"

    def items(self):
        return Partner.objects.published().order_by("pk")

    def lastmod(self, partner):
        return partner.edited_at
