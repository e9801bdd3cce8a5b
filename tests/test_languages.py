"""Which language a visitor gets, and how the site remembers it."""

from django.conf import settings
from django.utils import translation

from tests.pages import soup_of, switch_target

COOKIE = settings.LANGUAGE_COOKIE_NAME


def test_switching_to_english_is_remembered_over_the_browser_language(client, site_content):
    french_browser = {"accept-language": "fr-CA,fr;q=0.9"}
    assert client.get("/", headers=french_browser)["Location"] == "/fr/"

    page = soup_of(client.get("/fr/partenaires/", headers=french_browser))
    english = page.select_one('.language-switch a[hreflang="en"]')["href"]
    response = client.get(english, headers=french_browser)
    assert response.status_code == 302
    assert response["Location"] == "/en/partners/"
    assert response.cookies[COOKIE].value == "en"
    assert "no-store" in response["Cache-Control"]

    assert client.get("/", headers=french_browser)["Location"] == "/en/"


def test_only_a_choice_sets_the_cookie_not_a_page_read(client, site_content):
    for path in ("/fr/", "/en/partners/", "/en/initiatives/"):
        assert COOKIE not in client.get(path).cookies, path
    chosen = client.get("/language/fr/?next=/fr/partenaires/")
    assert chosen.cookies[COOKIE].value == "fr"
    assert chosen.cookies[COOKIE]["httponly"]
    assert client.get("/", headers={"accept-language": "en"})["Location"] == "/fr/"


def test_a_choice_leads_only_to_a_page_of_the_site_in_that_language(client, db):
    for query, target in (
        ("?next=https://evil.example/en/", "/en/"),
        ("?next=//evil.example/en/", "/en/"),
        ("?next=/fr/partenaires/", "/en/"),  # not a page in English
        ("?next=/en/initiatives/%3Ftheme%3Dculture", "/en/initiatives/?theme=culture"),
        ("", "/en/"),
    ):
        response = client.get(f"/language/en/{query}")
        assert response.status_code == 302
        assert response["Location"] == target, query
    unknown = client.get("/language/xx/?next=/xx/")
    assert unknown["Location"] == "/fr/"
    assert unknown.cookies[COOKIE].value == "fr"


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
    card = soup.find("h4", class_="partner-name", string="LKS Group").find_parent("article")
    assert card.select_one(".translation-notice")
    assert card.select_one('p[lang="fr"]').get_text(strip=True).startswith("LKS est un des")
    assert len(soup.select(".translation-notice")) == 1


def test_switch_from_a_filtered_list_keeps_the_filters_and_the_results(client, site_content):
    french = client.get(
        "/fr/initiatives/", {"theme": "habitation-et-immobilier", "year": "2009", "page": "1"}
    )
    switch = switch_target(soup_of(french).select_one('.language-switch a[hreflang="en"]')["href"])
    assert switch.startswith("/en/initiatives/?")
    assert "theme=habitation-et-immobilier" in switch and "year=2009" in switch

    english = soup_of(client.get(switch))
    assert english.html["lang"] == "en"
    assert english.select_one("#results-heading").get_text(strip=True) == "1 initiative"
    active = english.select_one(".active-filters").get_text(" ", strip=True)
    assert "Housing and real estate" in active and "2009" in active


def test_dates_and_years_are_written_the_way_each_language_writes_them(client, site_content):
    import datetime

    from initiatives.models import Initiative

    initiative = Initiative.objects.get()
    when = datetime.datetime(2026, 3, 5, 12, tzinfo=datetime.UTC)
    Initiative.objects.filter(pk=initiative.pk).update(edited_at=when)
    with translation.override("fr"):
        french = soup_of(client.get(initiative.get_absolute_url()))
    assert french.find("time").get_text() == "5 mars 2026"
    assert french.find("time")["datetime"] == "2026-03-05"
    with translation.override("en"):
        english = soup_of(client.get(initiative.get_absolute_url()))
    assert english.find("time").get_text() == "March 5, 2026"
    # A year is a year, with no thousands separator in either language.
    assert "2009" in french.select_one("dl.facts").get_text()
    assert "2009" in english.select_one("dl.facts").get_text()


def test_untranslated_initiative_texts_show_in_french_marked_as_such(client, site_content):
    from initiatives.models import Initiative, Objective

    initiative = Initiative.objects.get()
    Initiative.objects.filter(pk=initiative.pk).update(title_en="", closing_text_en="")
    Objective.objects.filter(initiative=initiative, order=2).update(text_en="")
    with translation.override("en"):
        url = initiative.get_absolute_url()
    soup = soup_of(client.get(url))
    assert soup.h1["lang"] == "fr"
    assert soup.h1.get_text() == (
        "Un partenariat en économie sociale pour un développement solidaire et durable"
    )
    items = soup.select("ol.objectives li")
    assert [item.get("lang") for item in items] == [None, "fr", None]
    closing = soup.find(id="follow-up-heading").find_parent("section")
    assert closing.select_one(".translation-notice")
    assert closing.select_one('div[lang="fr"]').get_text(strip=True).startswith("Et pour")
    listing = soup_of(client.get("/en/initiatives/"))
    assert listing.select_one('.initiative-list h3 a[lang="fr"]')


def test_an_address_under_the_other_language_s_prefix_leads_to_the_page(client, site_content):
    response = client.get("/en/partenaires/ville-de-montreal/", follow=True)
    assert response.redirect_chain[-1] == ("/en/partners/city-of-montreal/", 301)
    assert response.status_code == 200
    response = client.get("/fr/initiatives/social-economy-partnership-montreal-2009/", follow=True)
    assert response.redirect_chain[-1][0] == (
        "/fr/initiatives/partenariat-economie-sociale-montreal-2009/"
    )
    assert client.get("/en/partenaires/", follow=True).redirect_chain == [("/en/partners/", 302)]
    assert client.get("/en/partenaires/no-such-partner/", follow=True).status_code == 404


def test_the_switch_of_a_missing_page_leads_to_the_other_language_s_home(client, site_content):
    response = client.get("/fr/nope/")
    assert response.status_code == 404
    page = soup_of(response)
    assert switch_target(page.select_one('.language-switch a[hreflang="en"]')["href"]) == "/en/"
    assert not page.select('link[rel="alternate"][hreflang]')
    assert page.select_one('meta[name="robots"]')["content"] == "noindex"


def test_an_untranslated_place_is_marked_french_on_english_pages(client, site_content):
    from core.places import City
    from initiatives.models import Initiative

    City.objects.filter(key="seoul").update(name_en="")
    names = soup_of(client.get("/en/partners/")).select(".partner-card .partner-name a")
    card = next(a for a in names if a.get_text() == "Seoul Metropolitan Government")
    place = card.find_parent("article").select_one(".partner-place")
    assert place.get_text() == "Séoul, South Korea"
    assert [span.get_text() for span in place.select('span[lang="fr"]')] == ["Séoul"]

    initiative = Initiative.objects.get()
    City.objects.filter(key="montreal").update(name_en="")
    Initiative.objects.filter(pk=initiative.pk).update(
        organisation=None, organisation_name_fr="Ville de Montréal"
    )
    with translation.override("en"):
        page = soup_of(client.get(initiative.get_absolute_url()))
    facts = {dt.get_text(): dt.find_next("dd") for dt in page.select("dl.facts dt")}
    assert [s.get_text() for s in facts["Place"].select('span[lang="fr"]')] == ["Montréal"]
    assert [s.get_text() for s in facts["Organization"].select('span[lang="fr"]')] == [
        "Ville de Montréal"
    ]


def test_the_admin_speaks_the_staff_members_language_not_the_public_cookie(
    admin_client, site_content
):
    french_browser = {"accept-language": "fr-CA,fr;q=0.9,en;q=0.5"}
    admin_client.get("/language/en/?next=/en/partners/", headers=french_browser)
    assert admin_client.cookies["django_language"].value == "en"
    page = admin_client.get("/admin/", headers=french_browser)
    assert soup_of(page).html["lang"] == "fr"
    switch = soup_of(page).select_one("form.admin-language button")
    assert (switch["value"], switch.get_text()) == ("en", "English")

    chosen = admin_client.post(
        "/admin/language/", {"language": "en", "next": "/admin/partners/partner/"}
    )
    assert chosen.status_code == 302 and chosen["Location"] == "/admin/partners/partner/"
    page = admin_client.get("/admin/partners/partner/", headers=french_browser)
    assert soup_of(page).html["lang"] == "en"
    assert soup_of(admin_client.get("/fr/", headers=french_browser)).html["lang"] == "fr"


def test_the_admin_language_switch_goes_nowhere_else(admin_client, site_content):
    response = admin_client.post(
        "/admin/language/", {"language": "en", "next": "https://elsewhere.example/"}
    )
    assert response["Location"] == "/admin/"
    assert admin_client.post("/admin/language/", {"language": "xx"})["Location"] == "/admin/"
    assert "admin_language" not in admin_client.cookies or (
        admin_client.cookies["admin_language"].value == "en"
    )
