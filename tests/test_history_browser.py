"""An editor in a real browser (Chromium): an edit compared and reverted, a delete recovered."""

from playwright.sync_api import expect

from initiatives.models import Initiative
from partners.models import Partner
from tests.staff_browser import log_in_as


def log_in_as_editor(page, live_server):
    log_in_as(page, live_server, "Editors", "editrice")


def test_an_editor_compares_and_reverts_an_edit(live_server, french_page, site_content):
    page = french_page
    partner = Partner.objects.get(content_key="ripess")
    before = partner.description_fr
    log_in_as_editor(page, live_server)
    page.goto(f"{live_server.url}/admin/partners/partner/{partner.pk}/change/")
    page.locator("#id_description_fr").fill("Un texte qui sera annulé.")
    page.get_by_role("button", name="Enregistrer et continuer les modifications").click()
    page.get_by_role("link", name="Historique").click()
    page.get_by_role("button", name="Comparer les deux versions").click()
    expect(page.locator("#content-main ins")).to_have_text(["texte", "sera annulé."])

    page.get_by_role("link", name="Retour à l’historique").click()
    page.locator("#change-history tbody tr").last.locator("th a").click()
    expect(page.locator("#id_description_fr")).to_have_value(before)
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.locator(".messagelist")).to_be_visible()
    partner.refresh_from_db()
    assert partner.description_fr == before
    page.goto(f"{live_server.url}/fr/partenaires/ripess/")
    expect(page.locator("main")).to_contain_text(before[:40])


def test_an_editor_recovers_a_deleted_initiative(live_server, french_page, site_content):
    page = french_page
    initiative = Initiative.objects.get(content_key__isnull=False)
    title = initiative.title_fr
    log_in_as_editor(page, live_server)
    page.goto(f"{live_server.url}/admin/initiatives/initiative/{initiative.pk}/delete/")
    page.get_by_role("button", name="Oui, je suis sûr").click()
    assert not Initiative.objects.exists()

    page.goto(f"{live_server.url}/admin/initiatives/initiative/recover/")
    page.locator("tr", has_text=title).get_by_role("link").click()
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.locator(".messagelist")).to_be_visible()
    recovered = Initiative.objects.get()
    assert recovered.objectives.count() == initiative.objectives.model.objects.count() > 0
    page.goto(f"{live_server.url}{recovered.get_absolute_url()}")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
