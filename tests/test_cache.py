"""The page cache: a page read twice is served from the cache, and any change to the content
shows on the next request, in every language."""

import logging

import pytest
from django.db import transaction
from django.test import Client, override_settings

from cities_site.edit_conflicts import FIELD_NAME
from initiatives.models import Initiative, Theme
from partners.models import Partner
from scripts.tempsite import free_port


@pytest.fixture
def barcelona(site_content):
    return Partner.objects.get(content_key="ville-de-barcelone")


def test_a_page_read_again_costs_no_database_query(client, barcelona, django_assert_num_queries):
    first = client.get("/fr/partenaires/")
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get("/fr/partenaires/")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content


def test_each_language_and_query_string_has_its_own_page(client, site_content):
    french = client.get("/fr/initiatives/").content
    english = client.get("/en/initiatives/").content
    searched = client.get("/fr/initiatives/?q=zzzz").content
    assert french != english and french != searched
    assert client.get("/fr/initiatives/?q=zzzz").content == searched
    assert client.get("/en/initiatives/").content == english


def test_an_admin_edit_shows_on_the_next_request_in_both_languages(admin_client, barcelona):
    visitor = Client()
    assert "Barcelona" in visitor.get("/en/partners/").content.decode()
    visitor.get("/fr/partenaires/")
    assert visitor.get("/en/partners/")["X-Page-Cache"] == "hit"

    page = admin_client.get(f"/admin/partners/partner/{barcelona.pk}/change/")
    # The change form as the admin shows it, with both names edited.
    data = {k: v for k, v in page.context["adminform"].form.initial.items() if v is not None}
    data.pop("logo", None)
    data[FIELD_NAME] = page.context["adminform"].form.edit_version
    data.update(name_fr="Ajuntament de Barcelona", name_en="Barcelona City Council")
    response = admin_client.post(f"/admin/partners/partner/{barcelona.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors

    english = visitor.get("/en/partners/")
    assert english["X-Page-Cache"] == "miss"
    assert "Barcelona City Council" in english.content.decode()
    assert "Ajuntament de Barcelona" in visitor.get("/fr/partenaires/").content.decode()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_page_made_before_a_change_is_committed_is_not_kept(site_content):
    """Another process may render a page between a save and its commit, from the content
    before the change, and keep it under the new version: the version changes again once
    the change is committed."""
    visitor = Client()
    partner = Partner.objects.get(content_key="ville-de-barcelone")
    with transaction.atomic():
        partner.name_en = "Barcelona City Council"
        partner.save()
        # A page made and kept before the commit (by this connection, which sees the change;
        # another process would have rendered the content before it).
        stale = visitor.get("/en/partners/")
    assert stale["X-Page-Cache"] == "miss"
    fresh = visitor.get("/en/partners/")
    assert fresh["X-Page-Cache"] == "miss"
    assert "Barcelona City Council" in fresh.content.decode()


def test_deleting_and_relating_content_empties_the_cache(client, site_content):
    initiative = Initiative.objects.get()
    path = "/en/initiatives/"
    client.get(path)
    theme = Theme.objects.create(name_fr="Logement", name_en="Housing", key="housing")
    client.get(path)
    initiative.themes.add(theme)
    assert "Housing" in client.get(path).content.decode()
    initiative.delete()
    assert "0 initiatives" in client.get(path).content.decode()


def test_visitors_get_the_language_cookie_from_cached_pages_too(client, site_content):
    assert client.get("/en/")["X-Page-Cache"] == "miss"
    visitor = Client()
    response = visitor.get("/en/")
    assert response["X-Page-Cache"] == "hit"
    assert response.cookies["django_language"].value == "en"
    # Once remembered, no cookie is sent again.
    assert "django_language" not in visitor.get("/en/").cookies


def test_staff_and_pages_that_set_cookies_are_not_cached(admin_client, client, site_content):
    assert "X-Page-Cache" not in admin_client.get("/fr/").headers
    assert "X-Page-Cache" not in client.get("/admin/login/").headers
    assert client.get("/fr/")["X-Page-Cache"] == "miss"


def test_missing_pages_redirects_and_health_checks_are_not_cached(client, site_content):
    assert client.get("/fr/partenaires/nobody/").status_code == 404
    assert "X-Page-Cache" not in client.get("/fr/partenaires/nobody/").headers
    assert "X-Page-Cache" not in client.get("/").headers
    assert "X-Page-Cache" not in client.get("/healthz").headers
    assert "X-Page-Cache" not in client.get("/robots.txt").headers
    assert client.get("/sitemap.xml")["X-Page-Cache"] == "miss"


def test_an_unreachable_cache_slows_the_site_but_breaks_nothing(admin_client, barcelona, caplog):
    # A real Redis cache, on a port where nothing listens: as when Redis is down.
    unreachable = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    form = admin_client.get(f"/admin/partners/partner/{barcelona.pk}/change/")
    data = {k: v for k, v in form.context["adminform"].form.initial.items() if v is not None}
    data.pop("logo", None)
    data[FIELD_NAME] = form.context["adminform"].form.edit_version
    data.update(name_en="Barcelona City Council")
    visitor = Client()
    with override_settings(CACHES=unreachable), caplog.at_level(logging.WARNING):
        page = visitor.get("/en/partners/")
        assert page.status_code == 200
        assert "Barcelona" in page.content.decode()
        assert "X-Page-Cache" not in page

        response = admin_client.post(f"/admin/partners/partner/{barcelona.pk}/change/", data)
        assert response.status_code == 302
        barcelona.refresh_from_db()
        assert barcelona.name_en == "Barcelona City Council"
        assert "Barcelona City Council" in visitor.get("/en/partners/").content.decode()
        assert visitor.get("/fr/partenaires/").status_code == 200
    messages = [(r.name, r.levelname, r.getMessage()) for r in caplog.records]
    # Tried once, then left alone for a while rather than waited for on every request.
    warnings = [m for name, level, m in messages if name == "cities.cache" and level == "WARNING"]
    assert len(warnings) == 1
    assert "pages are served uncached for the next 30 s" in warnings[0]
    assert any(
        name == "cities.cache" and level == "ERROR" and "could not be reached" in message
        for name, level, message in messages
    )
