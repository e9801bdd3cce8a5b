"""What staff see beside the content: an edit link on public pages, the admin's own 403, a
password reset by e-mail."""

import json
import re

from django.contrib.auth.models import User

from partners.models import Partner
from tests.pages import soup_of
from tests.test_roles import member_of


def test_staff_who_may_change_a_page_get_a_link_to_its_form(client, site_content):
    partner = Partner.objects.get(content_key="ripess")
    visitor = client.get("/fr/partenaires/ripess/")
    assert not soup_of(visitor).select(".staff-edit")
    assert "Cookie" not in visitor.get("Vary", "")  # visitors' pages stay cacheable
    assert client.get("/fr/partenaires/ripess/")["X-Page-Cache"] == "hit"

    editor = member_of(client, "Editors")
    page = soup_of(editor.get("/fr/partenaires/ripess/"))
    link = page.select_one(".staff-edit a")
    assert link["href"] == f"/admin/partners/partner/{partner.pk}/change/"
    assert link.get_text() == "Modifier cette page dans l’administration"


def test_staff_without_the_right_get_no_link(client, site_content):
    client.force_login(User.objects.create_user("nobody", password="a-long-pass", is_staff=True))
    assert not soup_of(client.get("/en/partners/ripess/")).select(".staff-edit")


def test_a_translator_refused_a_page_stays_in_the_admin(client, site_content):
    translator = member_of(client, "Translators")
    response = translator.get("/admin/partners/partner/add/")
    assert response.status_code == 403
    page = soup_of(response)
    assert page.select_one("#site-name a").get_text() == "Administration de C.I.T.I.E.S."
    assert page.select_one("#content-main a")["href"] == "/admin/"
    assert soup_of(client.get("/admin/auth/user/")).select_one("#content-main")


def test_staff_reset_a_forgotten_password_by_email(client, site_content, mailoutbox):
    User.objects.create_user("ana", "ana@example.org", "the-old-passphrase", is_staff=True)
    login = soup_of(client.get("/admin/login/"))
    reset_link = login.select_one('a[href="/admin/password_reset/"]')
    assert reset_link
    response = client.post("/admin/password_reset/", {"email": "ana@example.org"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["ana@example.org"]
    address = re.search(r"http://testserver(/admin/reset/\S+/)", mailoutbox[0].body).group(1)
    form_page = client.get(address, follow=True)
    new = "a-brand-new-passphrase-2026"
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}
    )
    assert done.status_code == 302 and done["Location"] == "/admin/reset/done/"
    assert client.login(username="ana", password=new)


def test_a_new_partner_starts_as_a_draft_that_staff_preview_in_both_languages(client, site_content):
    from tests.test_roles import new_partner_data

    editor = member_of(client, "Editors")
    form = soup_of(editor.get("/admin/partners/partner/add/"))
    assert not form.select_one('input[name="is_published"]').has_attr("checked")
    data = {k: v for k, v in new_partner_data().items() if k != "is_published"}
    assert editor.post("/admin/partners/partner/add/", data).status_code == 302
    draft = Partner.objects.get(name_fr="Nouveau partenaire")
    assert not draft.is_published

    preview = editor.get("/fr/partenaires/nouveau-partenaire/")
    assert preview.status_code == 200
    assert preview["Cache-Control"] == "private, no-store"
    page = soup_of(preview)
    assert "n’est pas publiée" in page.select_one(".preview-notice").get_text()
    assert page.select_one('meta[name="robots"]')["content"] == "noindex"
    english = page.select_one('link[rel="alternate"][hreflang="en"]')["href"]
    assert editor.get(english).status_code == 200

    client.logout()
    assert client.get("/fr/partenaires/nouveau-partenaire/").status_code == 404
    nobody = User.objects.create_user("nobody", password="a-long-pass", is_staff=True)
    client.force_login(nobody)
    assert client.get("/fr/partenaires/nouveau-partenaire/").status_code == 404
    translator = member_of(client, "Translators")
    assert translator.get("/fr/partenaires/nouveau-partenaire/").status_code == 200


def test_the_admin_list_offers_a_preview_of_a_draft(client, site_content):
    Partner.objects.filter(content_key="ripess").update(is_published=False)
    editor = member_of(client, "Editors")
    page = soup_of(editor.get("/admin/partners/partner/?q=RIPESS"))
    link = page.find("a", string="Aperçu")
    assert link["href"] == "/fr/partenaires/ripess/"


def test_the_admin_reads_well_in_french(admin_client, site_content):
    from initiatives.models import Initiative

    add = soup_of(admin_client.get("/admin/initiatives/initiative/add/"))
    assert add.select_one("#content h1").get_text() == "Ajout\u00a0: initiative"
    initiative = Initiative.objects.get()
    change = soup_of(admin_client.get(f"/admin/initiatives/initiative/{initiative.pk}/change/"))
    assert change.select_one("#content h1").get_text().startswith("Modification\u00a0: initiative")
    formset = json.loads(change.select_one("#objectives-group")["data-inline-formset"])
    assert formset["options"]["addText"] == "Ajouter\u00a0: Objectif"
    assert change.select_one('textarea[name="objectives-0-text_fr"]')["rows"] == "3"
    year = change.select_one("#id_year")
    assert (year["min"], year["max"]) == ("1800", "2100")


def test_the_admin_log_and_groups_read_in_french(client, site_content):
    from django.contrib.admin.models import LogEntry

    from tests.partners.test_admin import change_form_data, change_url

    editor = member_of(client, "Editors")
    partner = Partner.objects.get(content_key="ripess")
    data = change_form_data(partner, name_en="RIPESS network", description_en="Networks.")
    assert editor.post(change_url(partner), data).status_code == 302
    entry = LogEntry.objects.latest("pk")
    assert entry.get_change_message() == "Modification : Nom [en] et Description [en]."

    User.objects.create_superuser("root", "root@example.org", "a-long-passphrase")
    client.force_login(User.objects.get(username="root"))
    listing = soup_of(client.get("/admin/auth/group/")).select_one("#result_list").get_text()
    assert "Rédacteurs" in listing and "Traducteurs" in listing and "Editors" not in listing
    user = User.objects.get(username="editors")
    form = soup_of(client.get(f"/admin/auth/user/{user.pk}/change/"))
    offered = [option.get_text() for option in form.select("#id_groups option")]
    assert sorted(offered) == ["Rédacteurs", "Traducteurs"]


def test_the_list_filters_read_each_in_its_own_words(client, site_content):
    page = soup_of(client.get("/fr/initiatives/"))
    assert page.select_one("details.filters-fold > summary").get_text() == "Filtres"
    legends = [legend.get_text() for legend in page.select("form legend")]
    assert legends[:3] == ["Thème", "Année", "Pays"]
    assert "Indifférent" not in page.select_one("form").get_text()


def test_a_likely_duplicate_is_refused_with_a_clear_message(client, site_content):
    from tests.test_roles import new_partner_data

    editor = member_of(client, "Editors")
    data = {**new_partner_data(), "name_fr": "ville de barcelone"}
    response = editor.post("/admin/partners/partner/add/", data)
    assert response.status_code == 200
    error = soup_of(response).select_one(".errorlist").get_text()
    assert "«\u00a0ville de barcelone\u00a0» existe déjà" in error
    assert Partner.objects.filter(name_fr__iexact="Ville de Barcelone").count() == 1


def test_an_initiative_with_the_same_title_and_year_is_refused(site_content):
    import pytest
    from django.core.exceptions import ValidationError

    from initiatives.models import Initiative

    shipped = Initiative.objects.get()
    copy = Initiative(
        title_fr=shipped.title_fr.upper(), year=shipped.year, organisation_name_fr="X"
    )
    with pytest.raises(ValidationError, match="title_fr"):
        copy.clean()
    Initiative(title_fr=shipped.title_fr, year=shipped.year + 1, organisation_name_fr="X").clean()
