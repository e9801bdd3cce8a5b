"""Places the shipped partners already loaded on the map: the loader never updates a row
that exists, so their coordinates are filled here, only where staff left them empty."""

from decimal import Decimal

from django.db import migrations

# content_key → (latitude, longitude) of the partner's city, as in content/partners.json.
CITIES = {
    "montreal": (Decimal("45.5019"), Decimal("-73.5674")),
    "seoul": (Decimal("37.5665"), Decimal("126.9780")),
    "barcelona": (Decimal("41.3874"), Decimal("2.1686")),
    "bilbao": (Decimal("43.2630"), Decimal("-2.9350")),
    "mondragon": (Decimal("43.0643"), Decimal("-2.4900")),
}
PARTNER_CITIES = {
    "chantier-economie-sociale": "montreal",
    "tiess": "montreal",
    "karl-polanyi-institute": "montreal",
    "ville-de-montreal": "montreal",
    "risq": "montreal",
    "montreal-international": "montreal",
    "seoul-metropolitan-government": "seoul",
    "seoul-social-economy-center": "seoul",
    "karl-polanyi-institute-asia": "seoul",
    "seoul-social-economy-network": "seoul",
    "gsef": "seoul",
    "ville-de-barcelone": "barcelona",
    "ville-de-bilbao": "bilbao",
    "ville-de-mondragon": "mondragon",
    "groupe-lks": "mondragon",
}


def fill_coordinates(apps, schema_editor):
    Partner = apps.get_model("partners", "Partner")
    for content_key, city in PARTNER_CITIES.items():
        latitude, longitude = CITIES[city]
        Partner.objects.filter(
            content_key=content_key, latitude__isnull=True, longitude__isnull=True
        ).update(latitude=latitude, longitude=longitude)


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0005_partner_coordinates"),
    ]

    operations = [migrations.RunPython(fill_coordinates, migrations.RunPython.noop)]
