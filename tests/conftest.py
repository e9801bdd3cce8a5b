import http.cookiejar
import io
import itertools
import os
import shutil
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.db import connections
from django.test import Client, TestCase
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.utils import translation

from tests.pages import form_fields

# Playwright's synchronous API runs an event loop in the test thread; Django would otherwise
# refuse database calls made by the test itself while a browser page is open.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SOURCE_DIR = Path(__file__).resolve().parent / "source"
_skipped_browser_tests = []
_skipped_service_tests = []


def chromium_is_installed():
    return Path(CHROMIUM_PATH).exists() or shutil.which(CHROMIUM_PATH) is not None


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    # Live-server tests run last: they empty the database when they end, and pytest's
    # regrouping of parametrised tests would otherwise put them among the others.
    items.sort(key=lambda item: "live_server" in getattr(item, "fixturenames", ()))
    for item in items:
        if {"page", "context", "browser"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)
    if chromium_is_installed() or os.environ.get("CI"):
        # In CI a missing browser must fail the run, never skip it.
        return
    skip = pytest.mark.skip(reason=f"Chromium not found at {CHROMIUM_PATH}")
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(skip)
            _skipped_browser_tests.append(item.nodeid)


def pytest_terminal_summary(terminalreporter):
    if _skipped_browser_tests:
        terminalreporter.section("browser tests skipped", yellow=True)
        terminalreporter.write_line(
            f"{len(_skipped_browser_tests)} browser test(s) were SKIPPED: Chromium was not found "
            f"at {CHROMIUM_PATH}."
        )
        terminalreporter.write_line(
            "To run them, install Chromium (Debian/Ubuntu: sudo apt-get install chromium) "
            "or set CHROMIUM_PATH to a Chromium binary, then run `make test` again."
        )
    if _skipped_service_tests:
        terminalreporter.section("tests of the production services skipped", yellow=True)
        for nodeid, reason in _skipped_service_tests:
            terminalreporter.write_line(f"SKIPPED {nodeid}: {reason}")


@pytest.fixture
def service_missing(request):
    """Call it with what is missing (PostgreSQL, Redis): the test is skipped on a machine
    without the service, and fails in CI, where every service must run."""

    def missing(reason):
        if os.environ.get("CI"):
            pytest.fail(f"{reason} (CI=true: the service must be running)", pytrace=False)
        _skipped_service_tests.append((request.node.nodeid, reason))
        pytest.skip(reason)

    return missing


@pytest.fixture(scope="session")
def _connections_closed_before_playwright(django_db_blocker):
    with django_db_blocker.unblock():
        connections.close_all()


@pytest.fixture(scope="session")
def playwright(_connections_closed_before_playwright, playwright, django_db_blocker):
    """pytest-playwright's fixture, with Django's connections closed around it.

    Playwright's synchronous API switches the context in which Django keeps the main thread's
    connections; one left open across the switch is out of reach, and PostgreSQL would then
    refuse to drop the test database ("being accessed by other users").
    """
    yield playwright
    with django_db_blocker.unblock():
        connections.close_all()


@pytest.fixture
def french_page(browser):
    """A page of a browser whose user reads French first."""
    context = browser.new_context(locale="fr-FR")
    yield context.new_page()
    context.close()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM_PATH, "args": CHROMIUM_FLAGS}


@pytest.fixture(autouse=True)
def empty_page_cache(settings):
    """Each test starts with no cached page (a rolled-back database sends no signal)."""
    from django.core.cache import caches

    from core.cache import page_cache

    page_cache().clear()
    yield
    for cache in caches.all():
        cache.clear()
    translation.activate(settings.LANGUAGE_CODE)  # what a request left active goes
    # A flushed database makes its content types anew, under other keys than those cached.
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()


@pytest.fixture
def project_copy(tmp_path, settings):
    """A copy of the project's files (no virtualenv, database or generated files), for tests
    that run its management commands in a separate process."""
    copy = tmp_path / "project"
    shutil.copytree(
        settings.BASE_DIR,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv", ".git", "node_modules", "staticfiles", "media", ".test-media", "*.sqlite3"
        ),
    )
    return copy


@pytest.fixture(autouse=True)
def media_in_tmp_path(settings, tmp_path):
    """Uploaded files go to a folder of their own for each test."""
    settings.MEDIA_ROOT = tmp_path / "media"


class CommittingClient(Client):
    """A browser whose each request ends as on a server: once answered, what waits for the
    transaction's commit runs (the search's indexing), though the test's transaction goes on."""

    def request(self, **request):
        with TestCase.captureOnCommitCallbacks(execute=True):
            return super().request(**request)


@pytest.fixture
def client():
    return CommittingClient()


@pytest.fixture
def admin_client(db, admin_user):
    client = CommittingClient()
    client.force_login(admin_user)
    return client


@pytest.fixture
def site_content(db, committed):
    """The content the site ships with, loaded as `make run` loads it."""
    with committed():
        call_command("load_content", verbosity=0, stdout=io.StringIO())


_sequence = itertools.count(1)

CITIES = {
    "lyon": ("Lyon", "Lyon", "FR", "45.7640", "4.8357"),
    "montreal": ("Montréal", "Montréal", "CA", "45.5019", "-73.5674"),
    "seoul": ("Séoul", "Seoul", "KR", "37.5665", "126.9780"),
    "barcelone": ("Barcelone", "Barcelona", "ES", "41.3874", "2.1686"),
    "dakar": ("Dakar", "Dakar", "SN", "14.7167", "-17.4677"),
}


@pytest.fixture
def make_city(db):
    """A city by key (one of CITIES, or any key with the fields given), made once."""
    from core.places import City

    def make(key, **fields):
        name_fr, name_en, country, latitude, longitude = CITIES.get(key, (key, "", "", None, None))
        defaults = {
            "name_fr": name_fr,
            "name_en": name_en,
            "country": country,
            "latitude": latitude,
            "longitude": longitude,
        }
        return City.objects.get_or_create(key=key, defaults={**defaults, **fields})[0]

    return make


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``with committed(): …`` runs, on leaving, what Django runs once a transaction is
    committed (the search's indexing, the page cache's version), as after a real request."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def make_partner(db):
    """A small factory: a published partner in a category of its own unless given one."""
    from partners.models import Category, Partner

    def make(**fields):
        n = next(_sequence)
        if "category" not in fields:
            fields["category"], _ = Category.objects.get_or_create(
                key="test-category",
                defaults={"name_fr": "Catégorie", "name_en": "Category", "singular_name_fr": "C"},
            )
        defaults = {
            "is_published": True,
            "name_fr": f"Partenaire {n}",
            "name_en": f"Partner {n}",
            "description_fr": f"Description du partenaire {n}.",
            "description_en": f"Description of partner {n}.",
        }
        return Partner.objects.create(**{**defaults, **fields})

    return make


class AdminBrowser:
    """A staff member on a live server (scripts/tempsite.py): logs in through the admin's
    login form and submits the admin's forms with what they hold, as a browser does."""

    def __init__(self, site_url, admin_url="admin/"):
        self.site_url = site_url
        self.admin_path = "/" + admin_url
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, path):
        return self.open(urllib.request.Request(self.site_url + path))

    def open(self, request):
        """The page at the end of any redirect: its address, status and HTML."""
        try:
            response = self.opener.open(request, timeout=30)
        except urllib.error.HTTPError as error:
            response = error
        with response:
            return response.url, response.status, response.read().decode()

    def log_in(self, username, password):
        url, _, html = self.submit(
            self.admin_path + "login/", {"username": username, "password": password}
        )
        assert url == self.site_url + self.admin_path, f"Login refused: {html[:2000]}"

    def change_form_of(self, model, name):
        """The address of the change form of the object named ``name``, found by searching
        the admin's list of ``model`` ("app/model")."""
        _, _, html = self.get(f"{self.admin_path}{model}/?{urllib.parse.urlencode({'q': name})}")
        return BeautifulSoup(html, "html.parser").find("a", string=name)["href"]

    def submit(self, path, changes, form_id=None):
        """The form of the page at ``path`` posted with ``changes`` (uploads as
        SimpleUploadedFile values), every other field as the page shows it."""
        _, status, html = self.get(path)
        assert status == 200, html[:2000]
        soup = BeautifulSoup(html, "html.parser")
        form = soup.find("form", id=form_id) if form_id else soup.find("form", method="post")
        data = form_fields(form)
        data.update(changes)
        request = urllib.request.Request(
            self.site_url + path,
            data=encode_multipart(BOUNDARY, data),
            headers={"Content-Type": MULTIPART_CONTENT},
        )
        return self.open(request)


@pytest.fixture
def admin_browser():
    return AdminBrowser
