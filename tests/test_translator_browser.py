"""A translator in a real browser (Chromium): an outdated translation, confirmed in the admin;
the content as a .po file, downloaded, edited and uploaded back."""

import polib
from playwright.sync_api import expect

from partners.models import Partner
from tests.staff_browser import log_in_as


def log_in_as_translator(page, live_server):
    log_in_as(page, live_server, "Translators", "traductrice")
    expect(page.locator("html")).to_have_attribute("lang", "fr")


def test_a_translator_confirms_an_outdated_translation(live_server, french_page, site_content):
    page = french_page
    partner = Partner.objects.get(content_key="ville-de-barcelone")
    partner.description_fr = partner.description_fr.replace("six axes", "sept axes")
    partner.save()
    page.goto(f"{live_server.url}/en/partners/city-of-barcelona/")
    expect(page.locator(".translation-notice")).to_have_text(
        "This translation may not follow the latest changes to the French text."
    )

    log_in_as_translator(page, live_server)
    page.get_by_role("link", name="État des traductions du contenu").click()
    page.locator("td").get_by_role("link", name="Ville de Barcelone").click()
    panel = page.locator("fieldset.outdated-translations")
    expect(panel).to_contain_text("Description [en]")
    expect(panel.locator("del")).to_have_text("six")
    expect(panel.locator("ins")).to_have_text("sept")
    panel.get_by_label("La traduction reste juste").check()
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("modifié")

    page.goto(f"{live_server.url}/en/partners/city-of-barcelona/")
    expect(page.locator(".translation-notice")).to_have_count(0)


def test_a_translator_downloads_and_uploads_the_content(
    live_server, french_page, site_content, tmp_path
):
    page = french_page
    log_in_as_translator(page, live_server)
    page.goto(f"{live_server.url}/admin/translation-status/")
    page.get_by_label("Contenu").select_option("partners.partner")
    with page.expect_download() as download:
        page.get_by_role("button", name="Télécharger le fichier .po").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    po = polib.pofile(str(path))
    ripess = Partner.objects.get(content_key="ripess")
    entry = po.find(f"partners.partner:{ripess.pk}:description", by="msgctxt")
    entry.msgstr = "RIPESS, translated in a tool of my own."
    po.save(str(path))

    page.get_by_label("Fichier .po traduit").set_input_files(str(path))
    page.get_by_role("button", name="Importer les traductions").click()
    expect(page.locator("#content-main")).to_contain_text("Appliquées\u00a0: 1")
    page.goto(f"{live_server.url}/en/partners/ripess/")
    expect(page.locator("main")).to_contain_text("RIPESS, translated in a tool of my own.")
