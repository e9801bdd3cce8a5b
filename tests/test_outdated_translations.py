"""Outdated translations: the French text changes, its translations are flagged until a
translator updates them or confirms they still hold."""

import io

import pytest
from django.core.management import call_command

from core.outdated import OutdatedTranslation
from initiatives.models import Initiative
from partners.models import Partner
from tests.pages import main_text, soup_of
from tests.partners.test_admin import change_form_data, change_url
from tests.test_roles import member_of

NEW_FRENCH = "La Ville de Barcelone soutient l’économie sociale et solidaire depuis 2015."
NOTICE_EN = "This translation may not follow the latest changes to the French text."


@pytest.fixture
def editor(client, site_content):
    return member_of(client, "Editors")


def barcelona():
    return Partner.objects.get(content_key="ville-de-barcelone")


def change_french_description(client):
    partner = barcelona()
    data = change_form_data(partner, description_fr=NEW_FRENCH)
    response = client.post(change_url(partner), data)
    assert response.status_code == 302, soup_of(response).select(".errorlist")
    return partner


def test_shipped_content_starts_up_to_date(site_content):
    assert not OutdatedTranslation.objects.exists()
    out = io.StringIO()
    call_command("translation_status", stdout=out, no_color=True)
    assert "outdated" not in out.getvalue()


def test_a_changed_french_text_marks_its_english_outdated_everywhere(editor):
    english_before = barcelona().description_en
    partner = change_french_description(editor)

    english_page = editor.get("/en/partners/city-of-barcelona/")
    assert english_before.split(".")[0] in main_text(english_page)
    assert NOTICE_EN in main_text(english_page)
    # The description's own notice says it; no second one under the title.
    assert len(soup_of(english_page).select(".translation-notice")) == 1
    french_page = editor.get("/fr/partenaires/ville-de-barcelone/")
    assert NEW_FRENCH in main_text(french_page)
    assert not soup_of(french_page).select(".translation-notice")

    out = io.StringIO()
    call_command("translation_status", stdout=out, no_color=True)
    report = out.getvalue()
    assert "  en: 17 of 18 fully translated" in report
    assert f"#{partner.pk} City of Barcelona: outdated description" in report

    status = soup_of(editor.get("/admin/translation-status/", headers={"accept-language": "en"}))
    link = status.select_one(f'td a[href="{change_url(partner)}"]')
    assert link.get_text() == "City of Barcelona"  # the admin in English, as the browser asks
    assert link.parent.get_text().endswith(": description")


def test_the_change_form_shows_the_french_change_as_a_diff(editor):
    before = barcelona().description_fr
    partner = change_french_description(editor)
    form = soup_of(editor.get(change_url(partner), headers={"accept-language": "en"}))
    panel = form.select_one("fieldset.outdated-translations")
    assert "Description [en]" in panel.get_text()
    removed = [d.get_text() for d in panel.select("del")]
    added = [i.get_text() for i in panel.select("ins")]
    assert removed and all(text in before for text in removed)
    assert "voit l’ÉSS comme un pilier" in removed[0]
    assert added and all(text in NEW_FRENCH for text in added)
    on_its_tab = form.select_one("#id_description_en_helptext")
    assert "Outdated" in on_its_tab.get_text()
    assert [d.get_text() for d in on_its_tab.select("del")] == removed


def test_confirming_that_the_translation_holds_clears_it(editor):
    partner = change_french_description(editor)
    form = soup_of(editor.get(change_url(partner)))
    key = form.select_one('input[name="translation_still_holds"]')["value"]
    partner.refresh_from_db()
    data = change_form_data(partner)
    data["translation_still_holds"] = key
    assert editor.post(change_url(partner), data).status_code == 302
    assert not OutdatedTranslation.objects.exists()
    assert NOTICE_EN not in main_text(editor.get("/en/partners/city-of-barcelona/"))


def test_a_confirmation_of_a_french_text_that_changed_again_is_not_taken(editor):
    partner = change_french_description(editor)
    key = soup_of(editor.get(change_url(partner))).select_one(
        'input[name="translation_still_holds"]'
    )["value"]
    partner.refresh_from_db()
    data = change_form_data(partner, description_fr=NEW_FRENCH + " Et plus encore.")
    data["translation_still_holds"] = key
    assert editor.post(change_url(partner), data).status_code == 302
    assert OutdatedTranslation.objects.filter(field="description", language="en").exists()


def test_updating_the_translation_clears_it(editor):
    partner = change_french_description(editor)
    partner.refresh_from_db()
    new_english = "The City of Barcelona has supported the social economy since 2015."
    data = change_form_data(partner, description_en=new_english)
    assert editor.post(change_url(partner), data).status_code == 302
    assert not OutdatedTranslation.objects.exists()


def test_editing_only_the_english_or_both_marks_nothing(editor):
    partner = barcelona()
    data = change_form_data(partner, description_en="Only the English changed.")
    assert editor.post(change_url(partner), data).status_code == 302
    partner.refresh_from_db()
    data = change_form_data(partner, description_fr=NEW_FRENCH, description_en="Both changed.")
    assert editor.post(change_url(partner), data).status_code == 302
    assert not OutdatedTranslation.objects.exists()


def test_a_french_text_changed_back_is_up_to_date_again(editor):
    before = barcelona().description_fr
    partner = change_french_description(editor)
    partner.refresh_from_db()
    assert editor.post(change_url(partner), change_form_data(partner, description_fr=before))
    assert not OutdatedTranslation.objects.exists()


def test_an_objective_changed_in_french_is_flagged_on_its_initiatives_pages(editor):
    initiative = Initiative.objects.get(content_key__isnull=False)
    objective = initiative.objectives.order_by("order").first()
    objective.text_fr = "Un objectif réécrit en français."
    objective.save()
    assert OutdatedTranslation.of(objective).filter(field="text", language="en").exists()

    english = editor.get(f"/en/initiatives/{initiative.slug_en}/")
    assert "earlier version of the French text" in main_text(english)
    form = soup_of(editor.get(f"/admin/initiatives/initiative/{initiative.pk}/change/"))
    panel = form.select_one("fieldset.outdated-translations")
    assert "Un objectif réécrit en français." in panel.get_text()


def test_deleting_an_item_forgets_its_outdated_translations(editor):
    partner = change_french_description(editor)
    Partner.objects.get(pk=partner.pk).delete()
    assert not OutdatedTranslation.objects.exists()
