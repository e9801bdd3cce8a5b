"""An editor in Chromium: an import with errors that writes nothing, then 200 initiatives from
an XLSX file, published from the list and shown on the public site; a scheduled partner;
objectives reordered with the arrows."""

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from initiatives.models import Initiative
from partners.models import Partner
from tests.staff_browser import log_in_as
from tests.test_imports import as_xlsx, new_row

COLUMNS = ["id", "year", "level", "title_fr", "organisation_fr", "city_fr", "themes_fr"]


def upload(page, live_server, path, content):
    page.goto(f"{live_server.url}/admin/initiatives/initiative/")
    page.get_by_role("link", name="Importer").click()
    page.locator("#id_import_file").set_input_files(
        files=[{"name": path, "mimeType": "application/octet-stream", "buffer": content}]
    )
    page.locator("#id_format").select_option(label="xlsx")
    page.get_by_role("button", name="Envoyer").click()


def test_an_editor_imports_two_hundred_initiatives(live_server, french_page, site_content):
    page = french_page
    log_in_as(page, live_server, "Editors", "editrice")
    template = dict.fromkeys(COLUMNS, "")
    rows = [
        new_row(template, title_fr=f"Politique importée {n}", year=str(1990 + n % 30))
        for n in range(200)
    ]
    rows = [{key: row[key] for key in COLUMNS} for row in rows]

    upload(page, live_server, "faux.xlsx", as_xlsx([*rows[:5], {**rows[0], "year": "3000"}]))
    # 200 rows read, checked and rolled back, on a machine maybe busy: more than 5 s allowed.
    expect(page.locator("table.import-preview")).to_contain_text("2100", timeout=60_000)
    expect(page.get_by_role("button", name="Confirmer l’importation")).to_have_count(0)
    assert Initiative.objects.count() == 1

    upload(page, live_server, "initiatives.xlsx", as_xlsx(rows))
    expect(page.locator("td.import-type", has_text="Nouveau")).to_have_count(200, timeout=60_000)
    page.get_by_role("button", name="Confirmer l’importation").click()
    expect(page.locator(".messagelist")).to_contain_text("200", timeout=60_000)
    assert Initiative.objects.filter(is_published=False).count() == 200

    page.goto(f"{live_server.url}/admin/initiatives/initiative/?is_published__exact=0&all=")
    page.locator("#action-toggle").check()
    page.locator("select[name=action]").select_option("publish")
    page.get_by_role("button", name="Envoyer").click()
    expect(page.locator(".messagelist")).to_contain_text("200 éléments publiés", timeout=60_000)

    page.goto(f"{live_server.url}/en/initiatives/?q=importée+199")
    expect(page.locator("main")).to_contain_text("Politique importée 199")
    page.goto(f"{live_server.url}/fr/initiatives/")
    expect(page.locator("main")).to_contain_text("201 initiatives")


def test_an_editor_schedules_a_partner(live_server, french_page, site_content):
    page = french_page
    partner = Partner.objects.get(content_key="ripess")
    log_in_as(page, live_server, "Editors", "editrice")
    page.goto(f"{live_server.url}/admin/partners/partner/{partner.pk}/change/")
    page.locator("#id_is_published").uncheck()
    moment = timezone.localtime(timezone.now() + datetime.timedelta(seconds=3))
    page.locator("#id_publish_at_0").fill(moment.strftime("%d/%m/%Y"))
    page.locator("#id_publish_at_1").fill(moment.strftime("%H:%M:%S"))
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.locator("#result_list")).to_contain_text("Programmé")

    visitor = page.context.browser.new_page(locale="en-GB")
    response = visitor.goto(f"{live_server.url}/en/partners/ripess/")
    assert response.status == 404
    visitor.wait_for_timeout(3500)
    response = visitor.goto(f"{live_server.url}/en/partners/ripess/")
    assert response.status == 200
    expect(visitor.locator("main h1")).to_contain_text("RIPESS")
    visitor.close()


def test_an_editor_reorders_objectives_with_the_arrows(live_server, french_page, site_content):
    page = french_page
    initiative = Initiative.objects.get()
    first, second = [o.text_fr for o in initiative.objectives.all()][:2]
    log_in_as(page, live_server, "Editors", "editrice")
    page.goto(f"{live_server.url}/admin/initiatives/initiative/{initiative.pk}/change/")
    page.get_by_role("button", name="Descendre").first.click()
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.locator(".messagelist")).to_be_visible()
    assert [o.text_fr for o in initiative.objectives.all()][:2] == [second, first]
    page.goto(f"{live_server.url}{initiative.get_absolute_url()}")
    items = page.locator("main ol li, main ul li").all_inner_texts()
    texts = " ".join(items)
    assert texts.index(second[:30]) < texts.index(first[:30])
