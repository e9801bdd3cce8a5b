import pytest

from partners.models import Partner
from tests.pages import facts, main_text, soup_of, switch_target


def test_french_partner_page_shows_what_a_visitor_needs(client, site_content):
    response = client.get("/fr/partenaires/ville-de-montreal/")
    assert response.status_code == 200
    soup = soup_of(response)
    assert soup.html["lang"] == "fr"
    assert soup.h1.get_text(strip=True) == "La Ville de Montréal"
    assert facts(response) == {
        "Catégorie": "Fondateur",
        "Région": "Québec",
        "Ville": "Montréal",
        "Pays": "Canada",
        "Site web": "montreal.ca",
    }
    text = main_text(response)
    assert "La Ville de Montréal a fait de la créativité son moteur économique" in text
    assert soup.select_one('main a[href="https://montreal.ca/"]').get_text() == "montreal.ca"


def test_english_partner_page_is_in_english(client, site_content):
    response = client.get("/en/partners/city-of-montreal/")
    soup = soup_of(response)
    assert soup.html["lang"] == "en"
    assert soup.h1.get_text(strip=True) == "City of Montréal"
    assert facts(response)["Category"] == "Founder"
    assert facts(response)["Region"] == "Quebec"
    assert facts(response)["Country"] == "Canada"
    assert "has made creativity the driving force" in main_text(response)


def test_directory_links_to_each_partner_page(client, site_content):
    response = client.get("/fr/partenaires/")
    links = [a["href"] for a in soup_of(response).select("main .partner-name a")]
    assert "/fr/partenaires/ville-de-montreal/" in links
    for href in links:
        assert client.get(href).status_code == 200


def test_language_switch_leads_to_the_same_partner_in_the_other_language(client, site_content):
    soup = soup_of(client.get("/fr/partenaires/ville-de-barcelone/"))
    switch = soup.select_one('.language-switch a[hreflang="en"]')
    assert switch_target(switch["href"]) == "/en/partners/city-of-barcelona/"
    assert switch["lang"] == "en"
    english = client.get(switch["href"], follow=True)
    back = soup_of(english).select_one('.language-switch a[hreflang="fr"]')
    assert switch_target(back["href"]) == "/fr/partenaires/ville-de-barcelone/"


def test_hreflang_alternates_name_both_languages_and_a_default(client, site_content):
    soup = soup_of(client.get("/en/partners/lks-group/"))
    alternates = {
        link["hreflang"]: link["href"] for link in soup.select('head link[rel="alternate"]')
    }
    assert alternates == {
        "fr": "http://testserver/fr/partenaires/groupe-lks/",
        "en": "http://testserver/en/partners/lks-group/",
        "x-default": "http://testserver/fr/partenaires/groupe-lks/",
    }
    canonical = soup.select_one('link[rel="canonical"]')["href"]
    assert canonical == "http://testserver/en/partners/lks-group/"


def test_a_slug_of_the_other_language_redirects_to_this_language_page(client, site_content):
    response = client.get("/en/partners/ville-de-montreal/")
    assert response.status_code == 301
    assert response["Location"] == "/en/partners/city-of-montreal/"


@pytest.mark.parametrize(
    ("path", "language", "message"),
    [
        ("/fr/partenaires/inconnu/", "fr", "Page introuvable"),
        ("/en/partners/unknown/", "en", "Page not found"),
        ("/en/partenaires/inconnu/", "en", "Page not found"),
        ("/fr/partners/unknown/", "fr", "Page introuvable"),
        ("/fr/partenaires/%E2%9C%93/", "fr", "Page introuvable"),
    ],
)
def test_unknown_addresses_answer_404_in_the_visitor_language(
    client, site_content, path, language, message
):
    # An address under the other language's prefix is first sent to the language asked for.
    response = client.get(path, follow=True)
    assert response.status_code == 404
    soup = soup_of(response)
    assert soup.html["lang"] == language
    assert soup.h1.get_text(strip=True) == message


def test_unknown_language_prefix_answers_404_in_the_browser_language(client, site_content):
    response = client.get("/de/partners/", headers={"accept-language": "en"})
    assert response.status_code == 404
    assert soup_of(response).h1.get_text(strip=True) == "Page not found"


def test_unpublished_partner_page_is_not_found(client, site_content):
    Partner.objects.filter(content_key="ripess").update(is_published=False)
    assert client.get("/fr/partenaires/ripess/").status_code == 404
    assert client.get("/en/partners/ripess/").status_code == 404


@pytest.mark.parametrize(
    ("accept_language", "destination"),
    [
        ("en-CA,en;q=0.9", "/en/"),
        ("fr-CA,fr;q=0.9,en;q=0.5", "/fr/"),
        ("de, ko", "/fr/"),
        ("", "/fr/"),
    ],
)
def test_root_sends_visitors_to_their_browser_language(client, db, accept_language, destination):
    response = client.get("/", headers={"accept-language": accept_language})
    assert response.status_code == 302
    assert response["Location"] == destination
