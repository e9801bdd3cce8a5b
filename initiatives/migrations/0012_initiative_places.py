from django.db import migrations

from core.place_migrations import city_for, country_code, country_name


def to_cities(apps, schema_editor):
    City = apps.get_model("core", "City")
    for initiative in apps.get_model("initiatives", "Initiative").objects.all():
        country = country_code(initiative.country_fr, initiative.country_en, initiative.country)
        names = (initiative.city_fr or initiative.city or "", initiative.city_en or "")
        initiative.town = city_for(City, names, country)
        initiative.nation = country or (initiative.town.country if initiative.town else "")
        initiative.save(update_fields=["town", "nation"])


def to_names(apps, schema_editor):
    for initiative in apps.get_model("initiatives", "Initiative").objects.select_related("town"):
        if initiative.town is not None:
            initiative.city = initiative.city_fr = initiative.town.name_fr
            initiative.city_en = initiative.town.name_en or ""
        initiative.country = initiative.country_fr = country_name(initiative.nation, "fr")
        initiative.country_en = country_name(initiative.nation, "en")
        initiative.save()


class Migration(migrations.Migration):
    """Each initiative's city and country, named per language, become a city (shared with
    the partners of that city) and an ISO country code."""

    dependencies = [
        ("initiatives", "0011_initiative_town_and_nation"),
        # The partners' cities first: they carry the coordinates.
        ("partners", "0010_partner_cities"),
    ]

    operations = [migrations.RunPython(to_cities, to_names)]
