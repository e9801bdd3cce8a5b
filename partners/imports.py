"""Partners from a spreadsheet, with the columns the admin's export of partners writes."""

from import_export.fields import Field

from core.imports import ContentResource, NamedWidget
from core.places import City

from .models import Category, Partner, Region

NAMES = ["name_fr", "name_en", "key"]


class PartnerResource(ContentResource):
    category = Field("category", "category", widget=NamedWidget(Category, NAMES))
    region = Field("region", "region", widget=NamedWidget(Region, NAMES))
    city = Field("city", "city_fr", widget=NamedWidget(City, NAMES))

    class Meta(ContentResource.Meta):
        model = Partner
        fields = [
            "id",
            "name_fr",
            "name_en",
            "slug_fr",
            "slug_en",
            "category",
            "region",
            "city",
            "website",
            "description_fr",
            "description_en",
            "order",
            "is_published",
            "publish_at",
        ]

    def before_import_row(self, row, **kwargs):
        website = str(row.get("website") or "").strip()
        if website and "://" not in website:
            row["website"] = "https://" + website  # as the admin's form takes it
        super().before_import_row(row, **kwargs)
