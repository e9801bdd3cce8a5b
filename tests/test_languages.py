"""Which language a visitor gets, and how the site remembers it."""

from django.conf import settings

from tests.pages import soup_of

COOKIE = settings.LANGUAGE_COOKIE_NAME


def test_switching_to_english_is_remembered_over_the_browser_language(client, site_content):
    french_browser = {"accept-language": "fr-CA,fr;q=0.9"}
    assert client.get("/", headers=french_browser)["Location"] == "/fr/"

    page = soup_of(client.get("/fr/partenaires/", headers=french_browser))
    english = page.select_one('.language-switch a[hreflang="en"]')["href"]
    response = client.get(english, headers=french_browser)
    assert response.status_code == 200
    assert response.cookies[COOKIE].value == "en"

    assert client.get("/", headers=french_browser)["Location"] == "/en/"


def test_the_cookie_is_set_only_when_the_language_changes(client, site_content):
    first = client.get("/fr/")
    assert first.cookies[COOKIE].value == "fr"
    assert first.cookies[COOKIE]["httponly"]
    again = client.get("/fr/partenaires/")
    assert COOKIE not in again.cookies


def test_error_pages_do_not_change_the_remembered_language(client, site_content):
    client.get("/fr/")
    response = client.get("/en/partners/no-such-partner/")
    assert response.status_code == 404
    assert COOKIE not in response.cookies
    assert client.get("/")["Location"] == "/fr/"


def test_an_untranslated_english_field_shows_the_french_text_marked_as_french(client, site_content):
    from partners.models import Partner

    Partner.objects.filter(content_key="ville-de-bilbao").update(description_en="", name_en="")
    soup = soup_of(client.get("/en/partners/city-of-bilbao/"))
    heading = soup.h1
    assert heading.get_text() == "Ville de Bilbao"
    assert heading["lang"] == "fr"
    notice = soup.select_one("main .translation-notice")
    assert notice.get_text(" ", strip=True) == (
        "This text has not been translated yet; here it is in French."
    )
    description = notice.find_next_sibling("div")
    assert description["lang"] == "fr"
    assert description.get_text(strip=True).startswith("L’ÉSS et l’innovation")
    # The French page itself is not marked as a fallback.
    french = soup_of(client.get("/fr/partenaires/ville-de-bilbao/"))
    assert not french.h1.has_attr("lang") and not french.select(".translation-notice")


def test_untranslated_partners_are_marked_in_the_english_directory(client, site_content):
    from partners.models import Partner

    Partner.objects.filter(content_key="groupe-lks").update(description_en="")
    soup = soup_of(client.get("/en/partners/"))
    card = soup.find("a", string="LKS Group").find_parent("article")
    assert card.select_one(".translation-notice")
    assert card.select_one('div[lang="fr"]').get_text(strip=True).startswith("LKS est un des")
    assert len(soup.select(".translation-notice")) == 1
