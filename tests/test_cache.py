"""The page cache: a page read twice is served from the cache, and any change to the content
shows on the next request, in every language."""

import os
import socket
import threading
import time
import uuid

import pytest
from django.core.cache import caches
from django.db import transaction
from django.test import Client, override_settings

from core.cache import VERSION_KEY, content_version, page_cache
from core.edit_conflicts import FIELD_NAME
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
    """The version moves in the change's own transaction: another process that renders the
    page before the commit reads the old version with the old content, never the new
    version with the old content."""
    visitor = Client()
    partner = Partner.objects.get(content_key="ville-de-barcelone")
    before = content_version()
    with transaction.atomic():
        partner.name_en = "Barcelona City Council"
        partner.save()
        # The cache is told at once, but only the commit gives others the new number.
        assert page_cache().get(VERSION_KEY) is None
    assert content_version() != before
    assert "Barcelona City Council" in visitor.get("/en/partners/").content.decode()


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


def test_cached_pages_set_no_cookie_that_would_keep_them_from_shared_caches(client, site_content):
    assert client.get("/en/")["X-Page-Cache"] == "miss"
    response = Client().get("/en/")
    assert response["X-Page-Cache"] == "hit"
    assert not response.cookies


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


def unreachable_redis(port):
    return {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
            },
        }
    }


def change_data(admin_client, partner, **changes):
    form = admin_client.get(f"/admin/partners/partner/{partner.pk}/change/")
    data = {k: v for k, v in form.context["adminform"].form.initial.items() if v is not None}
    data.pop("logo", None)
    data[FIELD_NAME] = form.context["adminform"].form.edit_version
    return {**data, **changes}


def test_an_unreachable_cache_slows_the_site_but_breaks_nothing(admin_client, barcelona):
    # A real Redis cache, on a port where nothing listens: as when Redis is down.
    data = change_data(admin_client, barcelona, name_en="Barcelona City Council")
    visitor = Client()
    with override_settings(CACHES=unreachable_redis(free_port())):
        page = visitor.get("/en/partners/")
        assert page.status_code == 200
        assert "Barcelona" in page.content.decode()
        assert "X-Page-Cache" in page  # tried, and made afresh

        response = admin_client.post(f"/admin/partners/partner/{barcelona.pk}/change/", data)
        assert response.status_code == 302
        barcelona.refresh_from_db()
        assert barcelona.name_en == "Barcelona City Council"
        assert "Barcelona City Council" in visitor.get("/en/partners/").content.decode()
        assert visitor.get("/fr/partenaires/").status_code == 200


class StallingProxy:
    """A TCP proxy to the local Redis that can stop answering (accept, read, send nothing)."""

    def __init__(self, target=("127.0.0.1", 6379)):
        self.target, self.stalled = target, threading.Event()
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    def _pipe(self, source, destination):
        try:
            while data := source.recv(65536):
                if not self.stalled.is_set():
                    destination.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, destination):
                end.close()

    def close(self):
        self.server.close()


@pytest.fixture
def stalling_redis(service_missing):
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError as error:
        service_missing(f"Redis is not reachable at 127.0.0.1:6379: {error}")
    proxy = StallingProxy()
    yield proxy
    proxy.close()


def test_a_takedown_saved_while_redis_stalled_shows_soon_after_it_answers(
    admin_client, barcelona, stalling_redis, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_VERSION_SECONDS = 2  # 30 in production
    cache = unreachable_redis(stalling_redis.port)
    cache["default"]["KEY_PREFIX"] = f"cities-test-{uuid.uuid4().hex}"
    data = change_data(admin_client, barcelona, is_published="")
    page = "/fr/partenaires/ville-de-barcelone/"
    visitor = Client()
    with override_settings(CACHES=cache):
        assert visitor.get(page)["X-Page-Cache"] == "miss"
        assert visitor.get(page)["X-Page-Cache"] == "hit"
        stalling_redis.stalled.set()
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post(f"/admin/partners/partner/{barcelona.pk}/change/", data)
        assert response.status_code == 302
        assert not Partner.objects.get(pk=barcelona.pk).is_published
        stalling_redis.stalled.clear()
        back = time.monotonic()
        while visitor.get(page).status_code == 200:
            assert time.monotonic() - back < 10, "the unpublished page is still served"
            time.sleep(0.2)
        assert visitor.get(page).status_code == 404
        caches["default"].clear()


def test_parameters_a_page_does_not_read_share_its_cached_copy(client, site_content):
    first = client.get("/fr/initiatives/?q=montreal&utm_source=1")
    assert first["X-Page-Cache"] == "miss"
    assert "utm_source" not in first.content.decode()
    for n in range(2, 30):
        again = client.get(f"/fr/initiatives/?q=montreal&utm_source={n}&fbclid=x{n}")
        assert again["X-Page-Cache"] == "hit"
    assert client.get("/fr/initiatives/?q=montreal")["X-Page-Cache"] == "hit"
    assert client.get("/fr/initiatives/?q=montreal&page=1")["X-Page-Cache"] == "miss"


def test_pages_made_of_ignored_parameters_are_not_kept(client, site_content):
    for path in (
        "/fr/initiatives/?page=999",
        "/fr/initiatives/?theme=nope",
        "/fr/partenaires/?page=9",
    ):
        response = client.get(path)
        assert response.status_code == 200
        assert "X-Page-Cache" not in response
        assert "private" in response["Cache-Control"]


def test_a_recompiled_catalogue_shows_on_the_next_request(
    client, site_content, monkeypatch, tmp_path
):
    from django.utils.translation import gettext, override, trans_real

    from core import i18n

    catalogue = tmp_path / "django.mo"
    catalogue.write_bytes(b"first")
    monkeypatch.setattr(i18n, "_catalogue_files", [catalogue])
    client.get("/en/")
    assert client.get("/en/")["X-Page-Cache"] == "hit"
    with override("en"):
        gettext("Skip to content")
    read_before = trans_real._translations["en"]

    catalogue.write_bytes(b"second, longer")  # as compilemessages leaves it
    assert client.get("/en/")["X-Page-Cache"] == "miss"
    assert client.get("/en/")["X-Page-Cache"] == "hit"
    # The process read the catalogues again.
    assert trans_real._translations["en"] is not read_before


def test_the_file_cache_keeps_pages_as_they_are_and_ignores_django_s_own_entries(tmp_path):
    from django.core.cache.backends.filebased import FileBasedCache

    from core.file_cache import UncompressedFileCache

    pages = UncompressedFileCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 10}})
    page = {"html": "<p>Économie sociale</p>" * 1000, "br": b"\x1b\x00"}
    pages.set("page", page, 60)
    assert pages.get("page") == page
    assert pages.touch("page", 120) and pages.get("page") == page
    assert not pages.touch("missing")
    [entry] = tmp_path.glob("*.page")
    assert "Économie sociale".encode() in entry.read_bytes()  # not compressed again
    pages.set("gone", "x", -1)
    assert pages.get("gone", "expired") == "expired"
    age_entries(tmp_path)
    assert pages.get("gone", "expired") == "expired"  # an expired entry read again
    # An entry of Django's file cache (zlib) in the same folder, under the same key.
    FileBasedCache(str(tmp_path), {}).set("version", 7, 60)
    assert pages.get("version") is None


def test_a_deploy_that_changes_no_static_file_keeps_the_cached_pages(settings, tmp_path):
    from core.cache import release_stamp

    settings.BASE_DIR = tmp_path
    manifest = tmp_path / "staticfiles" / "staticfiles.json"
    manifest.parent.mkdir()
    manifest.write_text('{"paths": {"site.css": "site.1.css"}}')
    before = release_stamp()
    manifest.unlink()
    manifest.write_text('{"paths": {"site.css": "site.1.css"}}')  # as collectstatic rewrites it
    assert release_stamp() == before
    manifest.write_text('{"paths": {"site.css": "site.2.css"}}')
    assert release_stamp() != before


def age_entries(folder):
    """Entries as the file cache finds them a while after they were written."""
    old = time.time() - 60
    for entry in folder.glob("*.page"):
        os.utime(entry, (old, old))


def test_an_entry_another_process_writes_or_deletes_is_read_again(tmp_path):
    from core.file_cache import UncompressedFileCache

    this, other = (UncompressedFileCache(str(tmp_path), {}) for _ in range(2))
    other.set("content-version", (1, None), 30)
    age_entries(tmp_path)
    assert this.get("content-version") == (1, None)
    assert this.get("content-version") == (1, None)  # as read before: the file is the same
    other.set("content-version", (2, None), 30)  # the same size, maybe the same inode
    assert this.get("content-version") == (2, None)
    age_entries(tmp_path)
    assert this.get("content-version") == (2, None)
    other.delete("content-version")
    assert this.get("content-version") is None
    this.set("page", {"br": b"x"}, 30)
    age_entries(tmp_path)
    first, second = this.get("page"), this.get("page")
    assert first == second and first is not second  # each request its own copy to change
