"""Uploaded files are served only where a published page shows them, and never as a page."""

import io

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from initiatives.models import Initiative, SourceDocument
from tests.pdfs import REAL_PDF


def png():
    buffer = io.BytesIO()
    Image.new("RGB", (60, 30), (13, 101, 87)).save(buffer, format="PNG")
    return SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")


@pytest.fixture
def document(db):
    initiative = Initiative.objects.create(
        title_fr="Plan", organisation_name_fr="Lyon", year=2020, is_published=True
    )
    return SourceDocument.objects.create(
        initiative=initiative, title_fr="Texte", file=SimpleUploadedFile("texte.pdf", REAL_PDF)
    )


@pytest.fixture
def partner(make_partner):
    return make_partner(logo=png())


def staff(client, group):
    user, _ = User.objects.get_or_create(username=group, defaults={"is_staff": True})
    if group != "nobody":
        user.groups.add(Group.objects.get(name=group))
    client.force_login(user)
    return client


def fetch(client, path):
    """The answer, its file read (which closes it)."""
    response = client.get(path)
    streamed = response.streaming
    response.body = b"".join(response.streaming_content) if streamed else response.content
    return response


def test_a_pdf_is_downloaded_never_shown_as_a_page(client, document):
    response = fetch(client, document.file.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="texte.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    with document.file.open("rb") as stored:  # the copy the site made of the upload
        assert response.body == stored.read()
    assert response.body.startswith(b"%PDF-1.4")


def test_the_documents_of_an_unpublished_initiative_are_for_staff_only(client, document):
    Initiative.objects.update(is_published=False)
    assert fetch(client, document.file.url).status_code == 404
    assert fetch(staff(client, "nobody"), document.file.url).status_code == 404
    for group in ("Editors", "Translators"):
        seen = fetch(staff(client, group), document.file.url)
        assert seen.status_code == 200
        assert "no-store" in seen["Cache-Control"]


def test_only_the_rendition_of_a_published_partners_logo_is_served(client, partner):
    original, rendition = partner.logo.url, partner.logo_rendition.url
    assert original != rendition
    served = fetch(client, rendition)
    assert (served.status_code, served["Content-Type"]) == (200, "image/webp")
    assert "public" in served["Cache-Control"]
    assert fetch(client, original).status_code == 404
    assert fetch(staff(client, "Editors"), original).status_code == 404

    partner.is_published = False
    partner.save()
    assert client.logout() is None
    assert fetch(client, rendition).status_code == 404
    assert fetch(staff(client, "Editors"), rendition).status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/media/partners/logos/renditions/none.webp",
        "/media/partners/logos/renditions/../logo.png",
        "/media/initiatives/sources/%2e%2e/%2e%2e/.secret_key",
        "/media//etc/passwd",
        "/media/",
    ],
)
def test_other_addresses_under_media_are_not_found(client, partner, document, path):
    assert fetch(client, path).status_code == 404


def test_behind_nginx_the_web_server_sends_the_file(client, document, settings):
    settings.MEDIA_ACCEL_REDIRECT = "/protected-media/"
    response = fetch(client, document.file.url)
    assert response["X-Accel-Redirect"] == f"/protected-media/{document.file.name}"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert response.body == b""
