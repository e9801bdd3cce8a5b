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
