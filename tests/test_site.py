"""Whole-site checks: every public page in both languages."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from initiatives.models import Initiative
from pages.models import Page
from partners.models import Partner
from tests.pages import soup_of


def public_paths(language):
    with translation.override(language):
        paths = [reverse("home"), reverse("partners:directory"), reverse("initiatives:list")]
        paths += [p.get_absolute_url() for p in Partner.objects.published()]
        paths += [i.get_absolute_url() for i in Initiative.objects.published()]
        paths += [p.get_absolute_url() for p in Page.objects.published()]
    return paths


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_public_page_answers_with_one_h1_the_right_lang_and_alternates(
    client, site_content, language
):
    paths = public_paths(language)
    assert len(paths) == 24
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        soup = soup_of(response)
        assert soup.html["lang"] == language, path
        assert len(soup.find_all("h1")) == 1, path
        hreflangs = {link["hreflang"] for link in soup.select('link[rel="alternate"][hreflang]')}
        assert hreflangs == {"fr", "en", "x-default"}, path
        assert soup.title.get_text(strip=True), path
        assert soup.select_one('a.skip-link[href="#main"]') and soup.find("main", id="main")


@pytest.mark.parametrize("language", ["fr", "en"])
def test_pages_load_nothing_from_other_sites(client, site_content, language):
    for path in public_paths(language):
        soup = soup_of(client.get(path))
        for tag, attribute in (("link", "href"), ("script", "src"), ("img", "src")):
            for element in soup.find_all(tag):
                url = element.get(attribute, "")
                if tag == "link" and element.get("rel") in (["alternate"], ["canonical"]):
                    continue
                assert not url.startswith(("http:", "https:", "//")), (path, url)


def test_home_page_says_what_cities_is_and_leads_to_the_directory(client, site_content):
    soup = soup_of(client.get("/en/"))
    assert "International Centre for the Transfer of Innovations" in soup.main.get_text()
    assert soup.select_one('main a[href="/en/partners/"]')
    soup = soup_of(client.get("/fr/"))
    assert "Centre international de transfert d’innovations" in soup.main.get_text()
    assert soup.select_one('main a[href="/fr/partenaires/"]')


def test_home_page_query_count(client, site_content, django_assert_max_num_queries):
    # The content version, the categories' counts, the initiatives' count, the latest
    # initiatives, the partners' logos, the footer's pages.
    with django_assert_max_num_queries(6):
        assert client.get("/fr/").status_code == 200


def test_no_model_change_is_missing_a_migration(db):
    call_command("makemigrations", "--check", "--dry-run", stdout=io.StringIO())
