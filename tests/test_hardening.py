"""Hardening: admin logins, uploads, escaping of staff's text, and the error pages."""

import io
import json

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext
from PIL import Image

from initiatives.documents import validate_pdf
from initiatives.models import Initiative
from partners.models import Partner

from .pages import edit_version, main_text, soup_of
from .partners.test_admin import change_form_data

SCRIPT = "<script>alert(1)</script>"
PASSWORD = "a-long-passphrase-for-tests"
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


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


def admin_login(client, password):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": "editor", "password": password},
        REMOTE_ADDR="203.0.113.7",
        headers={"accept-language": "en"},
    )


# --- Admin login -----------------------------------------------------------------------


def test_repeated_failed_logins_lock_the_account_out(client, editor, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = admin_login(client, "wrong")
        assert response.status_code == 200
        assert "Please enter the correct username and password" in response.content.decode()
    locked = admin_login(client, "wrong")
    assert locked.status_code == 429
    assert "Access denied" in main_text(locked) or "Accès refusé" in main_text(locked)
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


# --- Uploads ---------------------------------------------------------------------------


def test_pillow_refuses_images_beyond_the_logo_limit():
    assert Image.MAX_IMAGE_PIXELS == 4000 * 4000


@pytest.mark.parametrize(
    "content",
    [
        PDF.replace(b"endobj", b"endobj\n<html><script>alert(1)</script></html>", 1),
        PDF.replace(b"endobj", b"endobj\n<!DOCTYPE html><body>", 1),
        PDF + b"PK\x05\x06" + b"\0" * 18,  # a ZIP archive's end record
    ],
    ids=["script", "html", "zip"],
)
def test_pdf_polyglots_are_refused(content):
    upload = SimpleUploadedFile("texte.pdf", content, content_type="application/pdf")
    with pytest.raises(ValidationError) as refused:
        validate_pdf(upload)
    assert refused.value.code == "polyglot"


def test_a_plain_pdf_is_still_accepted():
    validate_pdf(SimpleUploadedFile("texte.pdf", PDF, content_type="application/pdf"))


def test_a_refused_polyglot_writes_nothing(client, editor, settings, db):
    initiative = Initiative.objects.create(
        title_fr="Plan", title_en="Plan", organisation_name_fr="Lyon", year=2020
    )
    client.force_login(editor)
    polyglot = PDF.replace(b"endobj", b"endobj\n<script>alert(1)</script>", 1)
    data = {
        "title_fr": "Plan",
        "title_en": "Plan",
        "slug_fr": initiative.slug_fr,
        "slug_en": initiative.slug_en,
        "organisation_name_fr": "Lyon",
        "year": "2020",
        "level": "municipal",
        "is_published": "on",
        "source_documents-0-title_fr": "Texte",
        "source_documents-0-language": "fr",
        "source_documents-0-order": "1",
        "source_documents-0-file": SimpleUploadedFile("x.pdf", polyglot, "application/pdf"),
        **edit_version(initiative),
    }
    for prefix, total in (("objectives", 0), ("axes", 0), ("source_documents", 1)):
        data |= {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": "0"}
    response = client.post(
        f"/admin/initiatives/initiative/{initiative.pk}/change/",
        data,
        headers={"accept-language": "en"},
    )
    assert response.status_code == 200
    assert "also another kind of file" in response.content.decode()
    assert not initiative.source_documents.exists()
    assert stored_files(settings) == []


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


def test_a_replaced_or_cleared_logo_is_no_longer_stored_or_served(
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
    names = sorted(path.name for path in stored_files(settings))
    assert names == ["second.png", "second.webp"]
    with django_capture_on_commit_callbacks(execute=True):
        data = change_form_data(Partner.objects.get(pk=partner.pk), **{"logo-clear": "on"})
        assert client.post(url, data).status_code == 302
    assert stored_files(settings) == []
    partner.refresh_from_db()
    assert not partner.logo and not partner.logo_rendition


# --- Staff's text is shown as text -------------------------------------------------------


@pytest.fixture
def scripted(make_partner):
    partner = make_partner(
        name_fr=f"Ville {SCRIPT}",
        name_en=f"City {SCRIPT}",
        description_fr=f"Description {SCRIPT}",
        description_en=f"Description {SCRIPT}",
        slug_fr="ville",
        slug_en="city",
    )
    initiative = Initiative.objects.create(
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
