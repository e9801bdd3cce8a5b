"""The partners' map on the directory: their cities, placed from the coordinates staff enter."""

import importlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from core.edit_conflicts import FIELD_NAME
from partners.models import Partner
from tests.pages import soup_of


def city_links(response):
    svg = soup_of(response).select_one("figure.partner-map svg")
    return {a.find("text").get_text(): (a["href"], a["aria-label"]) for a in svg.find_all("a")}


def test_the_directory_maps_every_city_of_the_shipped_partners(client, site_content):
    response = client.get("/en/partners/")
    links = city_links(response)
    assert set(links) == {"Montréal", "Seoul", "Barcelona", "Bilbao", "Mondragón"}
    # A city with one partner leads to its page; one with several to the list of its partners.
    assert links["Barcelona"] == ("/en/partners/city-of-barcelona/", "Barcelona, 1 partner")
    assert links["Montréal"] == ("#city-montreal", "Montréal, 6 partners")
    caption = soup_of(response).select_one("#city-montreal").get_text(" ", strip=True)
    assert "City of Montréal" in caption and "Montréal International" in caption


def test_partners_a_few_kilometres_apart_in_one_city_share_its_dot(
    client, site_content, make_partner
):
    make_partner(
        name_fr="Réseau de Séoul",
        city_fr="Séoul",
        city_en="Seoul",
        country_fr="Corée du Sud",
        country_en="South Korea",
        latitude=Decimal("37.55"),
        longitude=Decimal("126.99"),
    )
    response = client.get("/fr/partenaires/")
    links = city_links(response)
    in_seoul = Partner.objects.filter(city_fr="Séoul").count()
    assert links["Séoul"][1] == f"Séoul, {in_seoul} partenaires"
    ids = [tag["id"] for tag in soup_of(response).select("[id]")]
    assert len(ids) == len(set(ids))


def test_the_map_is_drawn_in_the_page_from_a_local_outline(client, site_content):
    soup = soup_of(client.get("/fr/partenaires/"))
    svg = soup.select_one("figure.partner-map svg")
    assert svg["aria-labelledby"] == soup.select_one("figure.partner-map figcaption")["id"]
    assert svg.find("image")["href"] == "/static/img/world-land.svg"
    assert not soup.find("script", src=True)
    seoul = next(a for a in svg.find_all("a") if a.find("text").get_text() == "Séoul")
    # Equirectangular, 1000 × 500: 126.978° E, 37.5665° N.
    assert seoul.find("circle")["cx"] == "852.7"
    assert seoul.find("circle")["cy"] == "145.6"


def test_a_partner_placed_in_the_admin_appears_on_the_map(admin_client, client, make_partner):
    partner = make_partner(city_fr="Dakar", city_en="Dakar", country_fr="Sénégal")
    assert not soup_of(client.get("/fr/partenaires/")).select("figure.partner-map")
    page = admin_client.get(f"/admin/partners/partner/{partner.pk}/change/")
    data = {k: v for k, v in page.context["adminform"].form.initial.items() if v is not None}
    data.pop("logo", None)
    data[FIELD_NAME] = page.context["adminform"].form.edit_version
    data.update(latitude="14.7167", longitude="-17.4677")
    response = admin_client.post(f"/admin/partners/partner/{partner.pk}/change/", data)
    assert response.status_code == 302
    links = city_links(client.get("/en/partners/"))
    partner.refresh_from_db()
    assert links == {"Dakar": (f"/en/partners/{partner.slug_en}/", "Dakar, 1 partner")}


@pytest.mark.parametrize(
    ("latitude", "longitude"),
    [("91", "0"), ("-90.5", "0"), ("0", "180.1"), ("0", "-181"), ("45", None)],
)
def test_coordinates_out_of_range_or_alone_are_refused(make_partner, latitude, longitude):
    partner = make_partner()
    partner.latitude = Decimal(latitude)
    partner.longitude = Decimal(longitude) if longitude else None
    with pytest.raises(ValidationError):
        partner.full_clean()


def test_shipped_partners_with_a_city_have_its_coordinates(site_content):
    placed = Partner.objects.exclude(latitude=None)
    assert placed.count() == 15
    assert not Partner.objects.exclude(city="").filter(latitude=None).exists()
    seoul = Partner.objects.get(content_key="gsef")
    assert (seoul.latitude, seoul.longitude) == (Decimal("37.56650"), Decimal("126.97800"))


def test_the_migration_places_shipped_partners_loaded_before_coordinates(site_content):
    migration = importlib.import_module("partners.migrations.0006_shipped_partner_coordinates")
    Partner.objects.update(latitude=None, longitude=None)
    moved = Partner.objects.get(content_key="tiess")
    moved.latitude, moved.longitude = Decimal("46.8139"), Decimal("-71.2080")  # staff's choice
    moved.save()
    migration.fill_coordinates(apps, None)
    assert Partner.objects.get(content_key="ville-de-bilbao").latitude == Decimal("43.26300")
    moved.refresh_from_db()
    assert moved.latitude == Decimal("46.81390")
    assert Partner.objects.filter(latitude=None).count() == 3  # the partners without a city


def test_coordinates_are_typed_as_each_language_writes_decimals(admin_client, make_partner):
    from tests.partners.test_admin import change_form_data

    partner = make_partner()
    url = f"/admin/partners/partner/{partner.pk}/change/"
    for language, latitude, longitude in (("fr", "45,5", "-73,56"), ("en", "46.81", "-71.2")):
        data = change_form_data(partner, latitude=latitude, longitude=longitude)
        response = admin_client.post(url, data, headers={"accept-language": language})
        assert response.status_code == 302, language
        partner.refresh_from_db()
        assert partner.latitude == Decimal(latitude.replace(",", "."))
        assert partner.longitude == Decimal(longitude.replace(",", "."))
