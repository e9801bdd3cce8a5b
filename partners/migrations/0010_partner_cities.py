from django.db import migrations

from core.place_migrations import city_for, country_code, country_name


def to_cities(apps, schema_editor):
    City = apps.get_model("core", "City")
    for partner in apps.get_model("partners", "Partner").objects.all():
        country = country_code(partner.country_fr, partner.country_en, partner.country)
        partner.town = city_for(
            City,
            (partner.city_fr or partner.city or "", partner.city_en or ""),
            country,
            partner.latitude,
            partner.longitude,
        )
        partner.save(update_fields=["town"])


def to_names(apps, schema_editor):
    for partner in apps.get_model("partners", "Partner").objects.select_related("town"):
        city = partner.town
        if city is not None:
            partner.city = partner.city_fr = city.name_fr
            partner.city_en = city.name_en or ""
            partner.country = partner.country_fr = country_name(city.country, "fr")
            partner.country_en = country_name(city.country, "en")
            partner.latitude, partner.longitude = city.latitude, city.longitude
            partner.save()


class Migration(migrations.Migration):
    """Each partner's city, named per language with its country and coordinates, becomes a
    city of its own (partners of one city share it)."""

    dependencies = [("partners", "0009_partner_town")]

    operations = [migrations.RunPython(to_cities, to_names)]
