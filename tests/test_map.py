"""The partners' map on the directory: the cities staff manage, placed from their coordinates."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from core.edit_conflicts import FIELD_NAME
from core.places import City
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
    caption = soup_of(response).select_one("#city-montreal")
    named = {a.get_text(): a["href"] for a in caption.find_all("a")}
    assert named["City of Montréal"] == "/en/partners/city-of-montreal/"
    assert "Montréal International" in named


def test_partners_of_one_city_share_its_dot_and_unpublished_ones_are_not_counted(
    client, site_content, make_partner
):
    seoul = City.objects.get(key="seoul")
    make_partner(name_fr="Réseau de Séoul", city=seoul)
    make_partner(name_fr="Brouillon", city=seoul, is_published=False)
    response = client.get("/fr/partenaires/")
    in_seoul = Partner.objects.published().filter(city=seoul).count()
    assert city_links(response)["Séoul"][1] == f"Séoul, {in_seoul} partenaires"
    assert "Brouillon" not in soup_of(response).select_one("#city-seoul").get_text()
    ids = [tag["id"] for tag in soup_of(response).select("[id]")]
    assert len(ids) == len(set(ids))


def test_the_map_names_a_few_partners_per_city_then_how_many_others(
    client, site_content, make_partner
):
    montreal = City.objects.get(key="montreal")
    for n in range(5):
        make_partner(name_fr=f"Coopérative {n}", city=montreal)
    caption = soup_of(client.get("/fr/partenaires/")).select_one("#city-montreal")
    assert len(caption.find_all("a")) == 8
    assert "et 3 autres" in caption.get_text(" ", strip=True)


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


def test_a_city_placed_in_the_admin_appears_on_the_map(admin_client, client, make_partner):
    dakar = City.objects.create(name_fr="Dakar", name_en="Dakar", country="SN")
    partner = make_partner(city=dakar)
    assert not soup_of(client.get("/fr/partenaires/")).select("figure.partner-map")
    page = admin_client.get(f"/admin/core/city/{dakar.pk}/change/")
    data = {k: v for k, v in page.context["adminform"].form.initial.items() if v is not None}
    data[FIELD_NAME] = page.context["adminform"].form.edit_version
    data.update(latitude="14.7167", longitude="-17.4677")
    response = admin_client.post(f"/admin/core/city/{dakar.pk}/change/", data)
    assert response.status_code == 302
    links = city_links(client.get("/en/partners/"))
    partner.refresh_from_db()
    assert links == {"Dakar": (f"/en/partners/{partner.slug_en}/", "Dakar, 1 partner")}


@pytest.mark.parametrize(
    ("latitude", "longitude"),
    [("91", "0"), ("-90.5", "0"), ("0", "180.1"), ("0", "-181"), ("45", None)],
)
def test_coordinates_out_of_range_or_alone_are_refused(db, latitude, longitude):
    city = City(name_fr="Ailleurs", country="FR", latitude=Decimal(latitude))
    city.longitude = Decimal(longitude) if longitude else None
    with pytest.raises(ValidationError):
        city.full_clean()


def test_shipped_partners_with_a_city_have_its_coordinates(site_content):
    assert Partner.objects.exclude(city=None).count() == 15
    assert not City.objects.filter(latitude=None).exists()
    gsef = Partner.objects.get(content_key="gsef")
    assert (gsef.city.key, gsef.city.country.code) == ("seoul", "KR")
    assert (gsef.city.latitude, gsef.city.longitude) == (Decimal("37.56650"), Decimal("126.97800"))


def test_coordinates_are_typed_as_each_language_writes_decimals(admin_client, db):
    city = City.objects.create(name_fr="Québec", name_en="Quebec City", country="CA")
    url = f"/admin/core/city/{city.pk}/change/"
    for language, latitude, longitude in (("fr", "46,81", "-71,2"), ("en", "46.81", "-71.2")):
        page = admin_client.get(url)
        data = {k: v for k, v in page.context["adminform"].form.initial.items() if v is not None}
        data[FIELD_NAME] = page.context["adminform"].form.edit_version
        data.update(latitude=latitude, longitude=longitude)
        response = admin_client.post(url, data, headers={"accept-language": language})
        assert response.status_code == 302, language
        city.refresh_from_db()
        assert (city.latitude, city.longitude) == (Decimal("46.81"), Decimal("-71.2"))


def test_on_a_phone_each_city_is_a_target_of_24_px_apart_from_the_others(
    browser, live_server, site_content
):
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.goto(live_server.url + "/fr/partenaires/")
    links = [link for link in page.locator("a.map-city").all() if link.is_visible()]
    assert len(links) == 5
    boxes = [link.locator("rect.map-hit").bounding_box() for link in links]
    for box in boxes:
        assert box["width"] >= 24 and box["height"] >= 24, box
    for n, one in enumerate(boxes):
        for other in boxes[n + 1 :]:
            apart = (
                one["y"] + one["height"] <= other["y"] + 0.5
                or other["y"] + other["height"] <= one["y"] + 0.5
                or one["x"] + one["width"] <= other["x"] + 0.5
                or other["x"] + other["width"] <= one["x"] + 0.5
            )
            assert apart, (one, other)
    label = links[0].locator("text").bounding_box()
    assert label["height"] >= 12  # legible: about 14 px
    context.close()
