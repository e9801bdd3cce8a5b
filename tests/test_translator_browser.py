"""A translator in a real browser (Chromium): an outdated translation, confirmed in the admin;
the content as a .po file, downloaded, edited and uploaded back."""

import polib
import pytest
from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.management import create_contenttypes
from django.db.models import Q
from playwright.sync_api import expect

from partners.models import Partner

PASSWORD = "a-long-translator-passphrase"


@pytest.fixture
def page(browser):
    """A French-speaking browser."""
    context = browser.new_context(locale="fr-FR")
    yield context.new_page()
    context.close()


def log_in_as_translator(page, live_server):
    # Made anew: live-server tests empty the database, the migrations' groups with it.
    group, _created = Group.objects.get_or_create(name="Translators")
    for config in apps.get_app_configs():  # and the permissions, which a restore may leave out
        create_contenttypes(config, verbosity=0)
        create_permissions(config, verbosity=0)
    content = Q(content_type__app_label__in=["partners", "initiatives"]) | Q(
        content_type__app_label="core", content_type__model="city"
    )
    group.permissions.set(Permission.objects.filter(content, codename__regex=r"^(change|view)_"))
    user = User.objects.create_user("traductrice", password=PASSWORD, is_staff=True)
    user.groups.add(group)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "traductrice")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("html")).to_have_attribute("lang", "fr")


def test_a_translator_confirms_an_outdated_translation(live_server, page, site_content):
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


def test_a_translator_downloads_and_uploads_the_content(live_server, page, site_content, tmp_path):
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
