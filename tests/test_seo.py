"""What search engines and link previews read: sitemap, robots.txt, titles, descriptions,
canonical addresses, Open Graph and schema.org data."""

import json
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import translation

from initiatives.models import Initiative, Theme
from partners.models import Partner
from tests.pages import soup_of
from tests.test_site import public_paths

SITEMAP_NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "x": "http://www.w3.org/1999/xhtml",
}


def json_ld(response):
    return [
        json.loads(script.string)
        for script in soup_of(response).find_all("script", type="application/ld+json")
    ]


def of_type(response, type_name):
    found = [data for data in json_ld(response) if data["@type"] == type_name]
    assert len(found) == 1, (type_name, json_ld(response))
    return found[0]


def test_sitemap_lists_every_public_page_in_both_languages_with_alternates(client, site_content):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    urls = {
        u.findtext("s:loc", namespaces=SITEMAP_NS): u for u in root.findall("s:url", SITEMAP_NS)
    }
    expected = {f"http://testserver{p}" for lang in ("fr", "en") for p in public_paths(lang)}
    assert set(urls) == expected
    barcelona = urls["http://testserver/en/partners/city-of-barcelona/"]
    alternates = {
        link.get("hreflang"): link.get("href") for link in barcelona.findall("x:link", SITEMAP_NS)
    }
    assert alternates == {
        "fr": "http://testserver/fr/partenaires/ville-de-barcelone/",
        "en": "http://testserver/en/partners/city-of-barcelona/",
        "x-default": "http://testserver/fr/partenaires/ville-de-barcelone/",
    }


def test_sitemap_leaves_out_unpublished_pages(client, site_content):
    Partner.objects.filter(content_key="ville-de-bilbao").update(is_published=False)
    content = client.get("/sitemap.xml").content.decode()
    assert "ville-de-bilbao" not in content
    assert "city-of-bilbao" not in content


def test_robots_txt_names_the_sitemap_and_not_the_admin(client, settings):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    # The admin's address may be kept private (ADMIN_URL); its pages say noindex themselves.
    assert settings.ADMIN_URL.strip("/") not in response.content.decode()


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_page_has_its_own_title_description_canonical_and_open_graph(
    client, site_content, language
):
    titles, descriptions = set(), set()
    paths = public_paths(language)
    for path in paths:
        soup = soup_of(client.get(path))
        title = soup.title.get_text(strip=True)
        description = soup.find("meta", attrs={"name": "description"})["content"]
        assert description.strip(), path
        titles.add(title)
        descriptions.add(description)
        url = f"http://testserver{path}"
        assert soup.find("link", rel="canonical")["href"] == url
        og = {m["property"]: m["content"] for m in soup.find_all("meta", property=True)}
        assert og["og:url"] == url
        assert og["og:title"] and og["og:description"] and og["og:type"], path
        assert og["og:locale"] == {"fr": "fr_CA", "en": "en_CA"}[language]
        assert og["og:locale:alternate"] == {"fr": "en_CA", "en": "fr_CA"}[language]
        assert og["og:image"] == "http://testserver/static/img/og-image.png"
        assert not soup.find("meta", attrs={"name": "robots"}), path
    assert len(titles) == len(paths)
    assert len(descriptions) >= len(paths) - 1  # the home page shares the site's description


def test_open_graph_image_and_icons_exist(client, db):
    for path in (
        "/static/img/og-image.png",
        "/static/img/favicon.svg",
        "/static/img/favicon-32.png",
        "/static/img/apple-touch-icon.png",
        "/static/img/logo-512.png",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        b"".join(response.streaming_content)
        response.close()
    assert client.get("/favicon.ico").status_code == 301


def test_filtered_and_searched_lists_are_not_indexed_and_point_to_the_list(client, site_content):
    for query in ("?q=plan", "?level=municipal", "?year=soon", "?page=99"):
        soup = soup_of(client.get(f"/en/initiatives/{query}"))
        assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex, follow"
        assert soup.find("link", rel="canonical")["href"] == "http://testserver/en/initiatives/"
    # A parameter the site does not know changes nothing: the list is its canonical page.
    soup = soup_of(client.get("/en/initiatives/?utm_source=mail"))
    assert soup.find("link", rel="canonical")["href"] == "http://testserver/en/initiatives/"


def test_later_pages_of_the_list_are_their_own_canonical(client, site_content):
    initiative = Initiative.objects.get()
    for n in range(25):
        Initiative.objects.create(
            is_published=True,
            title_fr=f"Initiative {n}",
            year=2000 + n,
            organisation=initiative.organisation,
        )
    soup = soup_of(client.get("/fr/initiatives/?page=2"))
    assert soup.find("link", rel="canonical")["href"] == "http://testserver/fr/initiatives/?page=2"
    assert not soup.find("meta", attrs={"name": "robots"})
    assert "page 2" in soup.title.get_text()


def test_home_page_describes_the_site_and_cities(client, site_content):
    data = of_type(client.get("/en/"), "WebSite")
    assert data["@context"] == "https://schema.org"
    assert data["url"] == "http://testserver/en/"
    assert data["inLanguage"] == "en"
    assert data["publisher"]["name"] == "C.I.T.I.E.S."
    assert data["publisher"]["logo"] == "http://testserver/static/img/logo-512.png"
    assert data["potentialAction"]["target"] == (
        "http://testserver/en/initiatives/?q={search_term_string}"
    )


def test_partner_page_describes_the_organisation(client, site_content):
    response = client.get("/en/partners/city-of-barcelona/")
    data = of_type(response, "Organization")
    assert data["name"] == "City of Barcelona"
    assert data["url"] == "http://testserver/en/partners/city-of-barcelona/"
    assert data["address"] == {
        "@type": "PostalAddress",
        "addressLocality": "Barcelona",
        "addressCountry": "ES",
    }
    assert data["sameAs"] == ["https://www.barcelona.cat/"]
    assert data["description"].startswith("The City of Barcelona")


def test_initiative_page_describes_the_policy(client, site_content):
    initiative = Initiative.objects.get()
    with translation.override("fr"):
        path = initiative.get_absolute_url()
    data = of_type(client.get(path), "CreativeWork")
    assert data["name"] == initiative.title_fr
    assert data["inLanguage"] == "fr"
    assert data["dateCreated"] == data["temporalCoverage"] == str(initiative.year)
    assert data["spatialCoverage"]["address"] == {
        "@type": "PostalAddress",
        "addressLocality": initiative.city.name_fr,
        "addressCountry": "CA",
    }
    assert data["publisher"]["name"] == initiative.organisation.name_fr
    assert data["publisher"]["url"].endswith(initiative.organisation.slug_fr + "/")
    themes = Theme.objects.filter(initiatives=initiative).order_by("order", "pk")
    assert data["keywords"] == [t.name_fr for t in themes]
    assert data["genre"] == initiative.policy_type.name_fr


def test_a_law_or_by_law_is_described_as_legislation(client, site_content):
    from initiatives.models import PolicyType

    initiative = Initiative.objects.get()
    law = PolicyType.objects.get(key="law-by-law")
    assert law.is_legal_act
    initiative.policy_type = law
    initiative.save()
    with translation.override("en"):
        path = initiative.get_absolute_url()
    data = of_type(client.get(path), "Legislation")
    assert data["legislationType"] == "Law or by-law"
    assert data["legislationDate"] == "2009"
    assert data["legislationJurisdiction"] == "Montréal, Canada"
    assert data["name"] == initiative.title_en


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_inner_page_has_breadcrumbs_matching_its_breadcrumb_list(
    client, site_content, language
):
    for path in public_paths(language)[1:]:
        response = client.get(path)
        soup = soup_of(response)
        visible = [li.get_text(strip=True) for li in soup.select("nav.breadcrumbs li")]
        assert len(visible) >= 2, path
        crumbs = of_type(response, "BreadcrumbList")["itemListElement"]
        assert [c["name"] for c in crumbs] == visible, path
        assert crumbs[-1]["item"] == f"http://testserver{path}"
        links = [a["href"] for a in soup.select("nav.breadcrumbs a")]
        assert [c["item"] for c in crumbs[:-1]] == [f"http://testserver{h}" for h in links]


def test_json_ld_cannot_be_closed_by_staff_text(client, make_partner):
    partner = make_partner(name_en="</script><script>alert(1)</script> & co")
    with translation.override("en"):
        response = client.get(partner.get_absolute_url())
    html = response.content.decode()
    assert "</script><script>alert(1)" not in html
    assert "\\u003C/script\\u003E" in html
    assert of_type(response, "Organization")["name"] == "</script><script>alert(1)</script> & co"


def test_home_page_has_no_breadcrumbs(client, site_content):
    soup = soup_of(client.get(reverse("home")))
    assert not soup.select("nav.breadcrumbs")
