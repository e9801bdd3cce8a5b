"""The static archive (`manage.py archive_site`): served as plain files, every link works."""

import http.server
import threading
import urllib.request
import zipfile
from functools import partial

from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from warcio.archiveiterator import ArchiveIterator

from core.archive import broken_links
from initiatives.models import Initiative, SourceDocument
from pages.models import Page
from partners.models import Partner
from tests.pdfs import REAL_PDF
from tests.test_media import png

BASE = "https://archive.example.org"


def test_the_archive_serves_the_whole_site_as_files(tmp_path, site_content, make_initiative):
    # Enough initiatives for a second page and for comparisons linked from their pages.
    for n in range(21):
        make_initiative(title_fr=f"Politique {n:02}", title_en=f"Policy {n:02}")
    # Uploaded files: a logo and a source document.
    partner = Partner.objects.get(slug_fr="ville-de-montreal")
    partner.logo = png()
    partner.save()
    SourceDocument.objects.create(
        initiative=Initiative.objects.get(year=2009),
        title_fr="Texte",
        file=SimpleUploadedFile("texte.pdf", REAL_PDF),
    )
    # Links staff may write in a page: without their slash, a search, the admin.
    about = Page.objects.get(key="about")
    about.body_fr += (
        f"\n\n{BASE}/fr/initiatives {BASE}/fr/initiatives/?q= {BASE}/fr/initiatives/?q=plan "
        f"{BASE}/admin/ {BASE}/fr/initiatives/?theme=culture&year="
    )
    about.save()
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "previous.html").write_text("an earlier archive")
    call_command("archive_site", str(archive), base_url=BASE)
    assert not (archive / "previous.html").exists()
    assert not (archive / "admin").exists()
    # One build (5 s) for every check.
    holds_every_page_in_both_languages(archive)
    links_staff_wrote_lead_to_the_archive_or_to_the_live_site(archive)
    assert broken_links(archive) == ([], [])
    replaces_search_by_a_note_and_filters_by_links(archive)
    keeps_language_links_canonical_and_structured_data(archive)
    the_zip_and_the_warc_hold_the_same_pages(archive)
    a_static_server_serves_it(archive)


def soup(folder, path):
    return BeautifulSoup((folder / path.lstrip("/") / "index.html").read_text(), "html.parser")


def holds_every_page_in_both_languages(archive):
    for path in (
        "fr/partenaires/ville-de-montreal",
        "en/partners/city-of-montreal",
        "fr/initiatives/partenariat-economie-sociale-montreal-2009",
        "en/initiatives/social-economy-partnership-montreal-2009",
        "fr/initiatives/page=2",
        "en/initiatives/theme=culture",
        "fr/pages/a-propos",
    ):
        assert (archive / path / "index.html").is_file(), path
    for file in ("robots.txt", "sitemap.xml", "favicon.ico", "print.css", "fr/datapackage.json"):
        assert (archive / file).is_file(), file
    assert (archive / "en/initiatives/export.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert list(archive.glob("fr/initiatives/comparer/compare=*/compare=*/index.html"))
    assert list(archive.glob("static/css/site*.css"))
    assert list(archive.glob("media/partners/logos/renditions/*.webp"))
    assert list(archive.glob("media/initiatives/sources/texte*.pdf"))


def links_staff_wrote_lead_to_the_archive_or_to_the_live_site(archive):
    links = [a["href"] for a in soup(archive, "fr/pages/a-propos").select(".prose a")]
    assert links == [
        f"{BASE}/fr/initiatives",  # a static host adds the folder's slash
        f"{BASE}/fr/initiatives/?q=",
        f"{BASE}/fr/initiatives/?q=plan",
        f"{BASE}/admin/",
        f"{BASE}/fr/initiatives/theme=culture/year=/",
    ]
    assert (archive / "fr/initiatives/theme=culture/year=/index.html").is_file()


def replaces_search_by_a_note_and_filters_by_links(archive):
    page = soup(archive, "en/initiatives")
    assert page.find("form") is None
    assert page.find("input") is None
    assert "its search needs the site’s server" in page.find(class_="initiative-filters").text
    theme = page.find("a", string=lambda s: s and s.startswith("Culture ("))
    assert theme["href"] == "/en/initiatives/theme=culture/"
    second = page.find("a", rel="next")
    assert second["href"] == "/en/initiatives/page=2/"
    assert soup(archive, "fr/initiatives").find("h2", id="filters-heading").text == "Parcourir"


def keeps_language_links_canonical_and_structured_data(archive):
    page = soup(archive, "fr/partenaires/ville-de-montreal")
    assert page.html["lang"] == "fr"
    assert page.find("link", rel="canonical")["href"] == f"{BASE}/fr/partenaires/ville-de-montreal/"
    english = page.find("link", rel="alternate", hreflang="en")
    assert english["href"] == f"{BASE}/en/partners/city-of-montreal/"
    assert page.find("script", type="application/ld+json")
    switch = page.find("nav", class_="language-switch").find("a")
    assert switch["href"] == "/en/partners/city-of-montreal/"


def the_zip_and_the_warc_hold_the_same_pages(archive):
    files = {p.relative_to(archive).as_posix() for p in archive.rglob("*") if p.is_file()}
    with zipfile.ZipFile(archive.with_suffix(".zip")) as zip_file:
        assert set(zip_file.namelist()) >= files
    with open(archive.with_suffix(".warc.gz"), "rb") as stream:
        records = {
            record.rec_headers.get_header("WARC-Target-URI"): record.content_stream().read()
            for record in ArchiveIterator(stream)
            if record.rec_type == "response"
        }
    assert len(records) == len(files)
    page = records[f"{BASE}/en/partners/city-of-montreal/"]
    assert page == (archive / "en/partners/city-of-montreal/index.html").read_bytes()


def a_static_server_serves_it(archive):
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(archive))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        root = f"http://127.0.0.1:{server.server_port}"
        with urllib.request.urlopen(f"{root}/") as response:  # the root leads to French
            assert b'url=/fr/"' in response.read()
        with urllib.request.urlopen(f"{root}/en/initiatives/theme=culture/") as response:
            assert "Theme: Culture" in response.read().decode()
    finally:
        server.shutdown()
        server.server_close()
