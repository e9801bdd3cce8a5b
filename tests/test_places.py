"""Places are rows staff manage: cities named per language with a country (an ISO code) and
coordinates, chosen by partners and initiatives alike."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from core.places import City
from initiatives.models import Initiative
from partners.models import Partner

BEFORE_CITIES = [
    ("core", "0002_loaded_content"),
    ("partners", "0008_loaded_content_moved_to_core"),
    ("initiatives", "0010_source_documents_named_by_the_site"),
]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_places_typed_per_language_become_cities_and_country_codes():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE_CITIES)
    old = executor.loader.project_state(BEFORE_CITIES).apps
    category = old.get_model("partners", "Category").objects.create(
        key="c", name="C", name_fr="C", singular_name="C", singular_name_fr="C"
    )
    OldPartner = old.get_model("partners", "Partner")
    OldPartner.objects.create(
        name_fr="Ville de Séoul",
        slug="seoul",
        slug_fr="seoul",
        description_fr="…",
        category=category,
        city_fr="Séoul",
        city_en="Seoul",
        country_fr="Corée du Sud",
        country_en="South Korea",
        latitude="37.56650",
        longitude="126.97800",
    )
    OldInitiative = old.get_model("initiatives", "Initiative")
    for title, city_fr, city_en, country_fr, country_en in [
        ("Loi-cadre", "", "Seoul", "", "South Korea"),
        ("Plan de Lyon", "Lyon", "", "France", ""),
        ("Loi espagnole", "", "", "Espagne", "Spain"),
        ("Ailleurs", "Atlantide", "", "Atlantide", ""),
    ]:
        OldInitiative.objects.create(
            title_fr=title,
            slug=title.lower().replace(" ", "-"),
            slug_fr=title.lower().replace(" ", "-"),
            organisation_name_fr="Org",
            year=2020,
            city_fr=city_fr,
            city_en=city_en,
            country_fr=country_fr,
            country_en=country_en,
        )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    seoul = City.objects.get(name_fr="Séoul")
    assert (seoul.name_en, seoul.country.code) == ("Seoul", "KR")
    assert (str(seoul.latitude), str(seoul.longitude)) == ("37.56650", "126.97800")
    assert Partner.objects.get().city == seoul
    initiatives = {i.title_fr: i for i in Initiative.objects.select_related("city")}
    assert initiatives["Loi-cadre"].city == seoul  # one city, whichever language named it
    assert (initiatives["Loi-cadre"].country.code, initiatives["Plan de Lyon"].country.code) == (
        "KR",
        "FR",
    )
    assert initiatives["Plan de Lyon"].city.name_fr == "Lyon"
    assert (initiatives["Loi espagnole"].city, initiatives["Loi espagnole"].country.code) == (
        None,
        "ES",
    )
    # A country the site does not know keeps its city, without a code, for staff to set.
    assert initiatives["Ailleurs"].city.name_fr == "Atlantide"
    assert not initiatives["Ailleurs"].country


def test_a_city_changed_in_the_admin_shows_on_both_kinds_of_page(admin_client, site_content):
    montreal = City.objects.get(key="montreal")
    montreal.name_en = "Montreal"
    montreal.save()
    assert "Montreal, Canada" in admin_client.get("/en/partners/").text
    initiative = Initiative.objects.get()
    assert initiative.city == montreal
    assert "Montreal, Canada" in admin_client.get("/en/initiatives/").text


def test_a_city_in_use_cannot_be_deleted(admin_client, site_content):
    montreal = City.objects.get(key="montreal")
    response = admin_client.post(f"/admin/core/city/{montreal.pk}/delete/", {"post": "yes"})
    assert response.status_code == 200  # the admin explains what protects it
    assert City.objects.filter(pk=montreal.pk).exists()
