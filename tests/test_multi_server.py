"""Two app servers sharing one PostgreSQL database and one Redis, as in production: an edit
made in the admin of one server shows on the very next request to the other, whose cached
pages are forgotten through the content version (core/cache.py)."""

import os
import urllib.parse
import urllib.request
import uuid

import psycopg
import pytest
import redis
from bs4 import BeautifulSoup
from redis.backoff import NoBackoff
from redis.retry import Retry

from scripts.tempsite import TempSite

LOCAL_POSTGRES = "postgres://postgres@127.0.0.1:5432/"
REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
# Django's cache stores the key "k" of version "v" as "prefix:v:k".
PAGE_CACHE_KEYS = "cities:*"
VERSION_KEY = "cities:1:content-version"
ADMIN_URL = "gestion-test/"
PASSWORD = "a-long-test-password-" + uuid.uuid4().hex


def postgres_url(database):
    """A database of the run's PostgreSQL server: DATABASE_URL's when it names one."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        url = LOCAL_POSTGRES
    return urllib.parse.urlsplit(url)._replace(path=f"/{database}").geturl()


@pytest.fixture
def shared_database(service_missing):
    """A PostgreSQL database of its own, dropped at the end."""
    # Created and dropped from the maintenance database, as Django's test runner does.
    maintenance = postgres_url("postgres")
    name = f"cities_multi_{uuid.uuid4().hex[:12]}"
    try:
        with psycopg.connect(maintenance, autocommit=True, connect_timeout=3) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as error:
        service_missing(f"PostgreSQL is not reachable at {postgres_url('')}: {error}")
    try:
        yield postgres_url(name)
    finally:
        with psycopg.connect(maintenance, autocommit=True, connect_timeout=3) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def shared_redis(service_missing):
    """A Redis database number nobody else uses during the test; only the page cache's keys
    (and the claim on the number) are deleted at the end."""
    claim = f"cities-multi-server-test:{uuid.uuid4().hex}"
    for number in range(15, 1, -1):
        client = redis.Redis(
            REDIS_HOST, REDIS_PORT, db=number, socket_connect_timeout=3, retry=Retry(NoBackoff(), 0)
        )
        try:
            client.set(claim, "1", ex=600)
        except redis.ConnectionError as error:
            client.close()
            service_missing(f"Redis is not reachable at {REDIS_HOST}:{REDIS_PORT}: {error}")
        if client.dbsize() == 1:
            break
        client.delete(claim)
        client.close()
    else:
        pytest.fail("Every Redis database from 2 to 15 holds keys: none is free for the test")
    try:
        yield client, f"redis://{REDIS_HOST}:{REDIS_PORT}/{number}"
    finally:
        for key in client.scan_iter(match=PAGE_CACHE_KEYS):
            client.delete(key)
        client.delete(claim)
        client.close()


def visit(url):
    """A visitor without cookies: the page's cache status and HTML."""
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.headers["X-Page-Cache"], response.read().decode()


def test_an_admin_edit_on_one_server_shows_at_once_on_the_other(
    shared_redis, shared_database, admin_browser, tmp_path
):
    redis_client, redis_url = shared_redis
    env = {
        "REDIS_URL": redis_url,
        "ADMIN_URL": ADMIN_URL,
        "DJANGO_SUPERUSER_PASSWORD": PASSWORD,
        "AWS_STORAGE_BUCKET_NAME": "",
        "MEDIA_STORAGE": "",
    }
    # Each server its own temporary folder, as two machines: without Redis, each would keep
    # its pages in files there, which the other could not read.
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
    with (
        TempSite(shared_database, env={**env, "TMPDIR": str(tmp_path / "a")}) as a,
        TempSite(shared_database, env={**env, "TMPDIR": str(tmp_path / "b")}) as b,
    ):
        a.prepare()
        a.manage("createsuperuser", "--noinput", "--username=editor", "--email=e@example.org")
        a.start()
        b.start()

        french_path = "/fr/partenaires/ville-de-barcelone/"
        partner = BeautifulSoup(visit(a.url + french_path)[1], "html.parser")
        english_url = partner.find("link", rel="alternate", hreflang="en")["href"]
        english_path = urllib.parse.urlsplit(english_url).path
        pages = [french_path, english_path]

        for site in (a, b):
            for path in pages:
                visit(site.url + path)
                assert visit(site.url + path)[0] == "hit", (
                    f"{site.url}{path} was not served from the cache"
                )
        version = redis_client.get(VERSION_KEY)
        assert version is not None
        # The version, and each page of each server (the key holds the host and its port).
        assert len(list(redis_client.scan_iter(match=PAGE_CACHE_KEYS))) == 1 + 2 * len(pages)

        editor = admin_browser(a.url, ADMIN_URL)
        editor.log_in("editor", PASSWORD)
        change_path = editor.change_form_of("partners/partner", "Ville de Barcelone")
        url, status, html = editor.submit(
            change_path,
            {
                "name_fr": "Ajuntament de Barcelona",
                "description_fr": "La mairie de Barcelone, membre fondateur.",
                "description_en": "The city hall of Barcelona, a founding member.",
            },
            form_id="partner_form",
        )
        assert urllib.parse.urlsplit(url).path == f"/{ADMIN_URL}partners/partner/", html[:3000]
        assert redis_client.get(VERSION_KEY) not in {None, version}

        status, french = visit(b.url + french_path)
        assert status == "miss"
        assert "Ajuntament de Barcelona" in french
        assert "La mairie de Barcelone, membre fondateur." in french
        assert "Ville de Barcelone" not in french
        status, english = visit(b.url + english_path)
        assert status == "miss"
        assert "The city hall of Barcelona, a founding member." in english
        assert "City of Barcelona" in english
        assert "Ajuntament de Barcelona" not in english
        assert visit(b.url + french_path) == ("hit", french)
        assert "Ajuntament de Barcelona" in visit(a.url + french_path)[1]
