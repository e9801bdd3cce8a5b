"""Source documents: only real PDFs of at most 20 MB, carrying nothing that runs, are kept,
under a name the site makes; a refused file leaves nothing."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils import translation

from initiatives.documents import MAX_DOCUMENT_BYTES
from initiatives.models import SourceDocument
from tests import pdfs
from tests.pages import edit_version, text_of

from .conftest import main_of

SMALL_PDF = pdfs.REAL_PDF
SCRIPT = {"/S": "/JavaScript", "/JS": "app.alert(1)"}


@pytest.fixture
def initiative(make_initiative):
    return make_initiative(title_fr="Plan", title_en="Plan", slug_fr="plan", slug_en="plan")


def admin_form_data(initiative, upload=None, url=""):
    data = {
        "title_fr": initiative.title_fr,
        "title_en": initiative.title_en,
        "slug_fr": initiative.slug_fr,
        "slug_en": initiative.slug_en,
        "summary_fr": "",
        "summary_en": "",
        "organisation": "",
        "organisation_name_fr": "Métropole de Lyon",
        "organisation_name_en": "",
        "year": "2020",
        "city_fr": "",
        "city_en": "",
        "country_fr": "",
        "country_en": "",
        "level": "municipal",
        "policy_type": "",
        "introduction_fr": "",
        "introduction_en": "",
        "axes_introduction_fr": "",
        "axes_introduction_en": "",
        "closing_text_fr": "",
        "closing_text_en": "",
        "is_published": "on",
        "source_documents-0-title_fr": "Le texte adopté",
        "source_documents-0-title_en": "The adopted text",
        "source_documents-0-url": url,
        "source_documents-0-language": "fr",
        "source_documents-0-order": "1",
        "source_documents-0-initiative": str(initiative.pk),
        "source_documents-0-id": "",
        **edit_version(initiative),
    }
    if upload is not None:
        data["source_documents-0-file"] = upload
    for prefix, total in (("objectives", 0), ("axes", 0), ("source_documents", 1)):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": str(total),
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    return data


def post(admin_client, initiative, **kwargs):
    url = f"/admin/initiatives/initiative/{initiative.pk}/change/"
    # The admin speaks the language the browser asks for; English here.
    return admin_client.post(
        url, admin_form_data(initiative, **kwargs), headers={"accept-language": "en"}
    )


def media_files():
    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_a_real_pdf_is_accepted_and_listed_with_its_size(admin_client, client, initiative):
    upload = SimpleUploadedFile("texte.pdf", SMALL_PDF, content_type="application/pdf")
    response = post(admin_client, initiative, upload=upload)
    assert response.status_code == 302
    document = SourceDocument.objects.get()
    assert document.file_size == document.file.size  # the copy the site stored
    assert len(media_files()) == 1
    main = main_of(client.get("/en/initiatives/plan/"))
    item = main.find("ul", class_="source-documents").find("li")
    assert text_of(item.find("a")) == "The adopted text"
    assert item.find("a").attrs["href"] == document.file.url
    assert item.find("a").attrs["type"] == "application/pdf"
    assert "in French" in text_of(item)
    with translation.override("en"):
        size = filesizeformat(document.file_size).replace("\xa0", " ")
    assert f"PDF, {size}" in text_of(item)


def test_a_document_is_stored_under_a_name_the_site_makes(admin_client, initiative):
    upload = SimpleUploadedFile("Rapport Annuel 2009.PDF", SMALL_PDF, "application/pdf")
    assert post(admin_client, initiative, upload=upload).status_code == 302
    assert SourceDocument.objects.get().file.name == "initiatives/sources/rapport-annuel-2009.pdf"


def test_an_address_is_enough(admin_client, client, initiative):
    response = post(admin_client, initiative, url="https://example.org/texte.pdf")
    assert response.status_code == 302
    main = main_of(client.get("/fr/initiatives/plan/"))
    link = main.find("ul", class_="source-documents").find("a")
    assert link.attrs["href"] == "https://example.org/texte.pdf"
    assert text_of(link) == "Le texte adopté"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.pdf", b"Just some text, not a PDF.\n", "This file is not a PDF document"),
        ("cut.pdf", b"%PDF-1.4\n1 0 obj\n<< >>\nendobj\n", "This file is not a PDF document"),
        ("empty.pdf", b"", "The submitted file is empty."),
        (
            "huge.pdf",
            b"%PDF-1.4\n" + b"0" * MAX_DOCUMENT_BYTES + b"\n%%EOF\n",
            "a document may weigh at most 20.0",
        ),
        # A PDF's bytes under a name a browser would run as a page of the site.
        ("rapport-annuel.html", pdfs.html_polyglot(), "with a name ending in .pdf"),
        ("rapport-annuel.svg", SMALL_PDF, "with a name ending in .pdf"),
        ("rapport-annuel.xhtml", SMALL_PDF, "with a name ending in .pdf"),
        ("rapport-annuel.shtml", SMALL_PDF, "with a name ending in .pdf"),
        ("rapport-annuel", SMALL_PDF, "with a name ending in .pdf"),
        # A web page or an archive past the first kilobyte.
        ("rapport-annuel.pdf", pdfs.html_polyglot(), "also another kind of file"),
        ("archive.pdf", SMALL_PDF + b"PK\x05\x06" + b"\0" * 18, "also another kind of file"),
        # What runs when the PDF is opened, however it is written.
        ("script.pdf", pdfs.pdf_with_open_action(**SCRIPT), "holds a script"),
        ("launch.pdf", pdfs.pdf_with_open_action(**{"/S": "/Launch", "/F": "calc.exe"}), "holds"),
        ("attached.pdf", pdfs.pdf_with_attachment(), "an embedded file"),
        ("hidden.pdf", pdfs.pdf_with_script_in_an_object_stream(), "holds a script"),
        (
            "escaped.pdf",
            pdfs.pdf_with_open_action(**SCRIPT)
            .replace(b"/JavaScript", b"/J#61vaScript")
            .replace(b"/JS ", b"/J#53 "),
            "holds a script",
        ),
    ],
)
def test_refused_files_leave_nothing_behind(admin_client, initiative, name, content, message):
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    response = post(admin_client, initiative, upload=upload)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not SourceDocument.objects.exists()
    assert media_files() == []


HOSTILE = Path(__file__).resolve().parent.parent / "source" / "hostile"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("uri.pdf", "holds a script"),  # a javascript: address
        ("submit.pdf", "holds a script"),  # sends the form to another site
        ("gotor.pdf", "holds a script"),  # opens a file of a network share
        ("3d.pdf", "holds a script"),  # a 3D annotation that runs a script
        ("enc_js_aes128.pdf", "holds a script"),  # a script under an empty password
        ("enc_userpw_aes128.pdf", "protected by a password"),
        ("assert.pdf", "not a PDF document"),  # makes pypdf itself fail
    ],
)
def test_what_runs_however_hidden_is_refused(admin_client, initiative, name, message):
    upload = SimpleUploadedFile(name, (HOSTILE / name).read_bytes(), "application/pdf")
    response = post(admin_client, initiative, upload=upload)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not SourceDocument.objects.exists() and media_files() == []


@pytest.mark.parametrize(
    "name",
    [
        # A script or an attached file that one reader (pdf.js) finds and pypdf does not:
        # misnumbered in an object stream, or in a dictionary pypdf reads only in part.
        "objstm_mismatch.pdf",
        "partial4.pdf",
        "ef_mismatch.pdf",
        # 5,000 references to one large array: reading each in turn took 20 s.
        "xrefbomb5000.pdf",
    ],
)
def test_the_stored_copy_is_what_the_site_read(admin_client, initiative, name):
    upload = (HOSTILE / name).read_bytes()
    response = post(
        admin_client, initiative, upload=SimpleUploadedFile(name, upload, "application/pdf")
    )
    assert response.status_code == 302
    document = SourceDocument.objects.get()
    with document.file.open("rb") as stored:
        copy = stored.read()
    assert copy != upload and copy.startswith(b"%PDF-")
    # Every object of the copy is plain text: nothing a reader could find hidden.
    for marker in (b"/ObjStm", b"/JavaScript", b"/JS", b"/EmbeddedFiles", b"/EF"):
        assert marker not in copy


def test_exactly_one_of_address_or_file(admin_client, initiative):
    upload = SimpleUploadedFile("texte.pdf", SMALL_PDF, content_type="application/pdf")
    for kwargs in ({}, {"upload": upload, "url": "https://example.org/x.pdf"}):
        response = post(admin_client, initiative, **kwargs)
        assert response.status_code == 200
        assert "exactly one of the two" in response.content.decode()
    assert not SourceDocument.objects.exists()
    assert media_files() == []


def test_the_validator_is_on_the_field(initiative):
    document = SourceDocument(
        initiative=initiative,
        title_fr="Faux",
        file=SimpleUploadedFile("faux.pdf", b"<html>not a pdf</html>"),
    )
    with pytest.raises(ValidationError) as error:
        document.full_clean()
    assert "file" in error.value.message_dict
    assert media_files() == []


def test_an_untranslated_document_title_is_marked_as_french(client, initiative):
    SourceDocument.objects.create(
        initiative=initiative, title_fr="Le texte adopté", title_en="", url="https://example.org/"
    )
    link = main_of(client.get("/en/initiatives/plan/")).find("ul", class_="source-documents")
    assert link.find("a").attrs["lang"] == "fr"
    french = main_of(client.get("/fr/initiatives/plan/")).find("ul", class_="source-documents")
    assert "lang" not in french.find("a").attrs
