"""Hardening: admin logins, uploads, escaping of staff's text, and the error pages."""

import csv
import io
import json
from datetime import timedelta
from xml.etree import ElementTree
from zoneinfo import ZoneInfo

import pytest
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from bs4 import BeautifulSoup
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F
from django.test import Client
from django.utils import timezone, translation
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext
from PIL import Image

from core.auth import client_ip_address
from core.places import City
from initiatives.models import Initiative
from partners.models import Partner

from .pages import main_text, soup_of
from .partners.test_admin import change_form_data

SCRIPT = "<script>alert(1)</script>"
PASSWORD = "a-long-passphrase-for-tests"


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), (13, 101, 87)).save(buffer, format="PNG")
    return buffer.getvalue()


def stored_files(settings):
    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture
def editor(db):
    return User.objects.create_superuser("editor", "editor@example.org", PASSWORD)


def admin_login(client, password, username="editor", language="en", **meta):
    """A login through the admin's form; ``meta`` sets REMOTE_ADDR, X-Forwarded-For…"""
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password},
        **{"REMOTE_ADDR": "203.0.113.7", **meta},
        headers={"accept-language": language},
    )


def via_proxy(client_address):
    """What our proxy (on 127.0.0.1) sends for a client: the address it appended."""
    return {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": client_address}


def lock_out(client, settings, username="editor", **meta):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        response = admin_login(client, "wrong", username, **meta)
    assert response.status_code == 429
    return response


# --- Admin login -----------------------------------------------------------------------


def test_repeated_failed_logins_lock_the_account_out(client, editor, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = admin_login(client, "wrong")
        assert response.status_code == 200
        assert "Please enter the correct username and password" in response.content.decode()
    locked = admin_login(client, "wrong")
    assert locked.status_code == 429
    assert "Login locked" in main_text(locked)
    # Even the right password is refused now.
    again = admin_login(client, PASSWORD)
    assert again.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_right_password_logs_in_and_the_session_ends_with_the_browser(client, editor):
    response = admin_login(client, PASSWORD)
    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert cookie["expires"] == ""  # a browser-session cookie
    assert cookie["httponly"]
    assert client.session.get_expiry_age() <= 8 * 3600


def test_logins_without_a_request_still_work(client, editor):
    """Management commands and tests log in without a request: nothing to lock out there."""
    assert client.login(username="editor", password=PASSWORD)


def test_behind_the_proxy_a_lockout_holds_one_user_name_from_one_client(editor, settings):
    settings.BEHIND_PROXY = True
    User.objects.create_superuser("other", "other@example.org", PASSWORD)
    locked_client = via_proxy("198.51.100.1")
    locked = lock_out(Client(), settings, **locked_client)
    assert AccessAttempt.objects.get().ip_address == "198.51.100.1"
    assert "(198.51.100.1)" in main_text(locked)

    assert admin_login(Client(), PASSWORD, **locked_client).status_code == 429
    # What a client writes in X-Forwarded-For comes before what the proxy appends.
    forged = {**locked_client, "HTTP_X_FORWARDED_FOR": "198.51.100.2, 198.51.100.1"}
    assert admin_login(Client(), PASSWORD, **forged).status_code == 429
    # The same user name from another client, and another user name from the same client.
    assert admin_login(Client(), PASSWORD, **via_proxy("198.51.100.2")).status_code == 302
    assert admin_login(Client(), PASSWORD, "other", **locked_client).status_code == 302
    # Their logins did not unlock the pair.
    assert admin_login(Client(), PASSWORD, **locked_client).status_code == 429


def test_without_the_proxy_x_forwarded_for_is_ignored(editor, settings):
    settings.BEHIND_PROXY = False
    lock_out(Client(), settings, HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert AccessAttempt.objects.get().ip_address == "203.0.113.7"
    another = admin_login(Client(), PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert another.status_code == 429


@pytest.mark.parametrize(
    ("forwarded_for", "address"),
    [
        ("198.51.100.1", "198.51.100.1"),
        ("10.0.0.1, 198.51.100.1", "198.51.100.1"),
        ("2001:db8:0:0::1", "2001:db8::1"),
        ("", "127.0.0.1"),
        ("unknown", "127.0.0.1"),
        ("198.51.100.1, ", "127.0.0.1"),  # never an address the client wrote
        ("198.51.100.1:4711", "127.0.0.1"),
    ],
)
def test_the_client_address_behind_the_proxy(settings, rf, forwarded_for, address):
    settings.BEHIND_PROXY = True
    request = rf.post("/admin/login/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded_for)
    assert client_ip_address(request) == address


def test_a_client_reaching_the_app_server_directly_cannot_choose_its_address(settings, rf):
    """With gunicorn reachable (GUNICORN_BIND=0.0.0.0:8000), X-Forwarded-For from anyone but
    the proxy is the client's own writing."""
    settings.BEHIND_PROXY = True
    direct = rf.post("/admin/login/", REMOTE_ADDR="192.0.2.50", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert client_ip_address(direct) == "192.0.2.50"
    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    proxied = rf.post("/admin/login/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert client_ip_address(proxied) == "203.0.113.9"


def time_passes(delta):
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - delta)


def lock_end(username="editor"):
    attempt = AccessAttempt.objects.get(username=username)
    return attempt.attempt_time + get_cool_off()


def shown_as(moment, language):
    """A moment as the page shows it: date and time, in the site's time zone."""
    local = moment.astimezone(ZoneInfo("America/Montreal"))
    with translation.override(language):
        return date_format(local, "DATE_FORMAT"), time_format(local, "TIME_FORMAT")


@pytest.mark.parametrize(
    ("language", "header", "title", "at", "quoted", "admin_list"),
    [
        (
            "fr",
            "Administration de C.I.T.I.E.S.",
            "Connexion verrouillée",
            "à",
            "« {} »",
            "Tentatives de connexion",
        ),
        ("en", "C.I.T.I.E.S. administration", "Login locked", "at", "“{}”", "Login attempts"),
    ],
)
def test_the_lockout_page_says_until_when_in_the_admins_design(
    editor, settings, language, header, title, at, quoted, admin_list
):
    response = lock_out(Client(), settings, language=language)
    page = soup_of(response)
    assert page.find("html")["lang"] == language
    assert page.find(id="site-name").get_text(strip=True) == header
    assert page.find("link", href="/static/admin/css/base.css")
    assert page.find("h1").get_text() == title
    text = main_text(response)
    day, time = shown_as(lock_end(), language)
    assert f"{day} {at} {time} (" in text
    assert "America/Montreal" in text
    assert quoted.format("editor") in text
    assert quoted.format(admin_list) in text
    # No inline script or <style> element: the admin's CSP allows neither.
    assert all(script.get("src") for script in page.find_all("script"))
    assert not page.find("style")
    policy = dict(
        d.strip().split(" ", 1) for d in response.headers["Content-Security-Policy"].split(";")
    )
    assert policy["script-src"] == "'self'"


def test_the_lockout_page_does_not_tell_whether_the_user_name_exists(editor, settings):
    texts = []
    for username in ("editor", "nobody"):
        text = main_text(lock_out(Client(), settings, username))
        for shown in (*shown_as(lock_end(username), "en"), username):
            text = text.replace(shown, "…")
        texts.append(text)
    assert texts[0] == texts[1]
    assert "nobody" not in texts[1] and "…" in texts[1]


def test_each_attempt_during_the_lock_starts_the_wait_over(editor, settings):
    lock_out(Client(), settings)
    time_passes(timedelta(minutes=30))
    earlier_end = lock_end()
    again = admin_login(Client(), PASSWORD)
    assert again.status_code == 429
    assert lock_end() > earlier_end + timedelta(minutes=29)
    assert shown_as(lock_end(), "en")[1] in main_text(again)
    assert shown_as(earlier_end, "en")[1] not in main_text(again)


def test_the_lock_ends_when_the_page_says(editor, settings):
    """Attempts from another browser count until a cool-off after their own latest failure."""
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        admin_login(Client(), "wrong", HTTP_USER_AGENT="Firefox")
    time_passes(timedelta(minutes=30))
    locked = admin_login(Client(), "wrong", HTTP_USER_AGENT="Chromium")
    assert locked.status_code == 429
    end = AccessAttempt.objects.get(user_agent="Firefox").attempt_time + get_cool_off()
    latest_end = AccessAttempt.objects.get(user_agent="Chromium").attempt_time + get_cool_off()
    assert shown_as(end, "en")[1] in main_text(locked)
    assert shown_as(latest_end, "en")[1] not in main_text(locked)

    time_passes(end - timezone.now() - timedelta(minutes=1))
    assert admin_login(Client(), PASSWORD, HTTP_USER_AGENT="Chromium").status_code == 429
    time_passes(timedelta(minutes=2))
    assert admin_login(Client(), PASSWORD, HTTP_USER_AGENT="Chromium").status_code == 302


# --- Uploads ---------------------------------------------------------------------------


def test_pillow_refuses_images_beyond_the_logo_limit():
    assert Image.MAX_IMAGE_PIXELS == 4000 * 4000


@pytest.mark.parametrize(
    ("name", "stored_as"),
    [("../../etc/passwd.png", "passwd"), ("<script>.png", "script"), ("..\\..\\x.png", "x")],
)
def test_uploaded_file_names_are_made_safe(client, editor, make_partner, settings, name, stored_as):
    partner = make_partner()
    client.force_login(editor)
    data = change_form_data(
        partner, logo=SimpleUploadedFile(name, png_bytes(), content_type="image/png")
    )
    response = client.post(f"/admin/partners/partner/{partner.pk}/change/", data)
    assert response.status_code == 302
    partner.refresh_from_db()
    assert partner.logo.name.startswith(f"partners/logos/{stored_as}")
    media_root = settings.MEDIA_ROOT.resolve()
    for path in stored_files(settings):
        assert path.resolve().is_relative_to(media_root)
        assert "<" not in path.name and ".." not in path.name and "\\" not in path.name


def test_a_replaced_or_cleared_logo_is_no_longer_served(
    client, editor, make_partner, settings, django_capture_on_commit_callbacks
):
    partner = make_partner()
    client.force_login(editor)
    url = f"/admin/partners/partner/{partner.pk}/change/"
    # Each save is made from the form as the previous one left it (an older one is refused).
    for name in ("first.png", "second.png"):
        logo = SimpleUploadedFile(name, png_bytes(), content_type="image/png")
        with django_capture_on_commit_callbacks(execute=True):
            data = change_form_data(Partner.objects.get(pk=partner.pk), logo=logo)
            assert client.post(url, data).status_code == 302
    # The files stay in the storage, for the history to bring back, but only the current
    # rendition has an address.
    renditions = {path.name: path for path in stored_files(settings) if path.suffix == ".webp"}
    assert sorted(renditions) == ["first.webp", "second.webp"]
    media = settings.MEDIA_ROOT
    address = {name: "/media/" + str(path.relative_to(media)) for name, path in renditions.items()}
    client.logout()

    def status(path):
        response = client.get(path)
        if response.streaming:
            b"".join(response.streaming_content)  # read, which closes the file
        return response.status_code

    assert status(address["first.webp"]) == 404
    assert status(address["second.webp"]) == 200
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        data = change_form_data(Partner.objects.get(pk=partner.pk), **{"logo-clear": "on"})
        assert client.post(url, data).status_code == 302
    client.logout()
    assert status(address["second.webp"]) == 404
    partner.refresh_from_db()
    assert not partner.logo and not partner.logo_rendition


# --- Staff's text is shown as text -------------------------------------------------------


@pytest.fixture
def scripted(make_partner, committed):
    partner = make_partner(
        name_fr=f"Ville {SCRIPT}",
        name_en=f"City {SCRIPT}",
        description_fr=f"Description {SCRIPT}",
        description_en=f"Description {SCRIPT}",
        slug_fr="ville",
        slug_en="city",
    )
    with committed():
        initiative = Initiative.objects.create(
            is_published=True,
            title_fr=f"Plan {SCRIPT}",
            title_en=f"Plan {SCRIPT}",
            slug_fr="plan",
            slug_en="plan",
            organisation=partner,
            year=2020,
            summary_fr=f"Résumé {SCRIPT}",
            summary_en=f"Summary {SCRIPT}",
            introduction_fr=f"Introduction {SCRIPT}",
            introduction_en=f"Introduction {SCRIPT}",
        )
    return partner, initiative


@pytest.mark.parametrize(
    "path",
    [
        "/fr/partenaires/ville/",
        "/en/partners/city/",
        "/fr/partenaires/",
        "/en/partners/",
        "/fr/initiatives/",
        "/en/initiatives/",
        "/fr/initiatives/?q=plan",
        "/fr/initiatives/plan/",
        "/en/initiatives/plan/",
    ],
)
def test_script_in_staff_text_shows_as_text_on_pages(client, scripted, path):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert SCRIPT not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert SCRIPT in main_text(response)  # what a visitor reads
    # The only scripts are files of the site and JSON-LD data, which no browser runs.
    for script in soup_of(response).find_all("script"):
        assert script.get("src") or script.get("type") == "application/ld+json"
        assert "<" not in script.get_text()


@pytest.mark.parametrize("language", ["fr", "en"])
def test_script_in_staff_text_is_escaped_in_the_feed_and_exports(client, scripted, language):
    feed = client.get(f"/{language}/initiatives/feed.atom")
    assert feed.status_code == 200
    assert SCRIPT.encode() not in feed.content
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in feed.content

    exported = client.get(f"/{language}/initiatives/export.json")
    assert exported["Content-Type"].startswith("application/json")
    assert exported["X-Content-Type-Options"] == "nosniff"
    assert SCRIPT in json.dumps(json.loads(exported.content), ensure_ascii=False)

    csv = client.get(f"/{language}/initiatives/export.csv")
    assert csv["Content-Type"].startswith("text/csv")
    assert csv["X-Content-Type-Options"] == "nosniff"


# --- Error pages ------------------------------------------------------------------------


def assert_site_error_page(response, status, heading):
    assert response.status_code == status
    html = response.content.decode()
    assert "Traceback" not in html
    assert "site.css" in html
    assert soup_of(response).find("h1").get_text(strip=True) == heading


def translated(language, text):
    with translation.override(language):
        return gettext(text)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_bad_request_page(client, db, language):
    response = client.get(f"/{language}/", HTTP_HOST="evil.example")
    assert_site_error_page(response, 400, translated(language, "Bad request"))
    assert soup_of(response).find("html")["lang"] == language
    assert soup_of(response).find("a", class_="brand")["href"] == f"/{language}/"


@pytest.mark.parametrize("language", ["fr", "en"])
def test_csrf_failure_shows_the_403_page(db, language):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/admin/login/",
        {"username": "x", "password": "y"},
        headers={"accept-language": language},
    )
    assert_site_error_page(response, 403, translated(language, "Access denied"))
    assert soup_of(response).find("html")["lang"] == language


@pytest.mark.parametrize("language", ["fr", "en"])
def test_not_found_page(client, db, language):
    response = client.get(f"/{language}/no-such-page/")
    assert_site_error_page(response, 404, translated(language, "Page not found"))


@pytest.mark.urls("tests.error_urls")
def test_server_error_page_is_bilingual_and_needs_no_database(db, django_assert_num_queries):
    client = Client(raise_request_exception=False)
    with django_assert_num_queries(0):
        response = client.get("/boom/")
    assert_site_error_page(response, 500, "Une erreur s’est produite")
    text = main_text(response)
    assert "Something went wrong" in text
    assert "boom" not in response.content.decode()


# --- The Content-Security-Policy in a real browser ----------------------------------------


def csp_violations(page):
    messages = []
    page.on(
        "console",
        lambda message: (
            messages.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return messages


def test_the_admin_and_the_site_work_under_the_policy(live_server, page, site_content):
    User.objects.create_superuser("editor", "editor@example.org", PASSWORD)
    violations = csp_violations(page)
    for path in ("/fr/", "/fr/partenaires/", "/en/partners/city-of-montreal/", "/fr/initiatives/"):
        page.goto(live_server.url + path)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    partner = Partner.objects.get(content_key="tiess")
    page.goto(f"{live_server.url}/admin/partners/partner/{partner.pk}/change/")
    # modeltranslation's language tabs are drawn by its scripts.
    page.wait_for_selector(".ui-tabs-nav")
    page.goto(f"{live_server.url}/admin/translation-status/")
    assert violations == []


FORMULAS = ['=HYPERLINK("http://evil.example","x")', "@SUM(1+1)", "+1+1", "-2+3", "\tx", "\rx"]


def test_the_csv_export_writes_formulas_as_text(client, make_partner):
    partner = make_partner()
    initiative = Initiative.objects.create(
        is_published=True,
        title_fr=FORMULAS[0],
        summary_fr=FORMULAS[1],
        summary_en=FORMULAS[2],
        city=City.objects.create(name_fr=FORMULAS[3], name_en=FORMULAS[3], country="FR"),
        introduction_fr=FORMULAS[4],
        closing_text_fr=FORMULAS[5],
        organisation=partner,
        year=2020,
    )
    response = client.get("/fr/initiatives/export.csv")
    [row] = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
    for column, text in [
        ("title_fr", FORMULAS[0]),
        ("summary_fr", FORMULAS[1]),
        ("summary_en", FORMULAS[2]),
        ("city_fr", FORMULAS[3]),
        ("introduction_fr", FORMULAS[4]),
        ("closing_text_fr", FORMULAS[5]),
    ]:
        assert row[column] == "'" + text, column
    assert row["year"] == "2020"
    assert row["id"] == str(initiative.pk)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_feed_readers_show_a_summary_as_text(client, make_partner, language):
    summary = '<img src=x onerror="alert(1)"> & co'
    Initiative.objects.create(
        is_published=True,
        title_fr="Plan",
        summary_fr=summary,
        summary_en=summary,
        year=2020,
        organisation=make_partner(),
    )
    feed = ElementTree.fromstring(client.get(f"/{language}/initiatives/feed.atom").content)
    [entry] = feed.findall("{http://www.w3.org/2005/Atom}entry")
    element = entry.find("{http://www.w3.org/2005/Atom}summary")
    # What a reader shows: the summary's HTML, parsed.
    shown = BeautifulSoup(element.text, "html.parser") if element.get("type") == "html" else None
    assert shown is None or shown.find() is None
    assert (shown.get_text() if shown else element.text) == summary


# --- Request bodies ---------------------------------------------------------------------

BOUNDARY_TYPE = "multipart/form-data; boundary=BoUnDaRy"


def post_claiming(client, path, length, **extra):
    """A POST announcing ``length`` bytes: the site must answer before reading them."""
    return client.generic(
        "POST", path, b"--BoUnDaRy--\r\n", BOUNDARY_TYPE, CONTENT_LENGTH=str(length), **extra
    )


@pytest.mark.parametrize(
    ("path", "heading"), [("/fr/", "Requête trop grande"), ("/en/", "Request too large")]
)
def test_a_visitors_large_body_is_refused_before_it_is_read(client, db, tmp_path, path, heading):
    response = post_claiming(client, path, 150 * 1024 * 1024)
    assert response.status_code == 413
    assert soup_of(response).find("h1").get_text(strip=True) == heading
    assert post_claiming(client, "/admin/login/", 2 * 1024 * 1024).status_code == 413


def test_staff_may_send_uploads_up_to_their_own_limit_in_the_admin(client, editor, settings):
    settings.VISITOR_REQUEST_MAX_BYTES = 1000
    form = {"username": "editor", "password": "x" * 5000}
    assert client.post("/admin/login/", form).status_code == 413
    client.force_login(editor)
    assert client.post("/admin/login/", form).status_code != 413
    assert client.post("/fr/", form).status_code == 413  # the public site takes no upload
    too_large = settings.STAFF_REQUEST_MAX_BYTES + 1
    assert post_claiming(client, "/admin/login/", too_large).status_code == 413
