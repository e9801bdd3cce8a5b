"""The content's history in the admin: versions, comparison, revert, recovery; kept in backups."""

import io
import re

import pytest
from django.core.management import call_command
from reversion.models import Version

from initiatives.models import Initiative, Objective
from partners.models import Partner
from tests.pages import form_fields, soup_of
from tests.partners.test_admin import change_form_data, change_url
from tests.test_roles import member_of

NEW_TEXT = "Le RIPESS relie des réseaux sur tous les continents."


@pytest.fixture
def editor(client, site_content):
    return member_of(client, "Editors")


def post_form_of(client, path, **changes):
    """The admin form at ``path`` posted as the page shows it, with ``changes``."""
    page = soup_of(client.get(path))
    data = form_fields(page.select_one("form#" + page.select_one("form[id$='_form']")["id"]))
    data.update(changes)
    return client.post(path, data)


def test_an_edit_is_compared_and_reverted(editor):
    partner = Partner.objects.get(content_key="ripess")
    before = partner.description_fr
    assert editor.post(change_url(partner), change_form_data(partner, description_fr=NEW_TEXT))

    history = soup_of(editor.get(f"/admin/partners/partner/{partner.pk}/history/"))
    rows = history.select("#change-history tbody tr")
    assert len(rows) == 2  # the shipped version, then the edit
    assert "editors" in rows[0].get_text()
    compare = editor.get(
        f"/admin/partners/partner/{partner.pk}/history/compare/",
        {
            "old": rows[1].select_one('input[name="old"]')["value"],
            "new": rows[0].select_one('input[name="new"]')["value"],
        },
    )
    table = soup_of(compare).select_one("#content-main table")
    row = next(tr for tr in table.select("tbody tr") if "Description [fr]" in tr.get_text())
    assert all(d.get_text() in before for d in row.select("del"))
    assert all(i.get_text() in NEW_TEXT for i in row.select("ins"))

    revision_url = rows[1].select_one("th a")["href"]
    response = post_form_of(editor, revision_url)
    assert response.status_code == 302, soup_of(response).select(".errornote, .errorlist")
    assert Partner.objects.get(pk=partner.pk).description_fr == before
    assert len(Version.objects.get_for_object(partner)) == 3


def test_a_deleted_initiative_is_recovered_with_its_objectives(editor):
    initiative = Initiative.objects.get(content_key__isnull=False)
    objectives = sorted(initiative.objectives.values_list("text_fr", flat=True))
    page = soup_of(editor.get(f"/admin/initiatives/initiative/{initiative.pk}/delete/"))
    assert (
        editor.post(
            f"/admin/initiatives/initiative/{initiative.pk}/delete/",
            form_fields(page.select_one("#content form")),
        ).status_code
        == 302
    )
    assert not Initiative.objects.exists() and not Objective.objects.exists()

    deleted = soup_of(editor.get("/admin/initiatives/initiative/recover/"))
    link = deleted.find("a", href=re.compile(r"/recover/\d+/$"))
    response = post_form_of(editor, link["href"])
    assert response.status_code == 302, soup_of(response).select(".errornote, .errorlist")
    recovered = Initiative.objects.get()
    assert sorted(recovered.objectives.values_list("text_fr", flat=True)) == objectives
    assert editor.get(recovered.get_absolute_url()).status_code == 200


def test_publishing_from_the_list_is_recorded(editor):
    partner = Partner.objects.get(content_key="tiess")
    Partner.objects.filter(pk=partner.pk).update(is_published=False)
    response = editor.post(
        "/admin/partners/partner/",
        {"action": "publish", "_selected_action": [partner.pk], "index": 0},
    )
    assert response.status_code == 302
    latest = Version.objects.get_for_object(partner).first()
    assert latest.revision.get_comment() == "Publié (action de la liste)."
    assert latest.revision.user.username == "editors"


def test_translators_see_the_history_but_cannot_revert_or_recover(client, site_content):
    translator = member_of(client, "Translators")
    partner = Partner.objects.get(content_key="ripess")
    history = soup_of(translator.get(f"/admin/partners/partner/{partner.pk}/history/"))
    assert not history.select("#change-history th a")
    version = Version.objects.get_for_object(partner).first()
    revision = f"/admin/partners/partner/{partner.pk}/history/{version.pk}/"
    assert translator.get(revision).status_code == 403
    assert translator.get("/admin/partners/partner/recover/").status_code == 403


def test_a_po_import_is_a_version_of_its_own(site_content, tmp_path):
    path = tmp_path / "en.po"
    call_command("export_content_po", "--language", "en", "--output", str(path))
    text = path.read_text().replace('msgstr "RIPESS"', 'msgstr "RIPESS network"', 1)
    path.write_text(text)
    call_command("import_content_po", str(path), stdout=io.StringIO())
    partner = Partner.objects.get(content_key="ripess")
    assert partner.name_en == "RIPESS network"
    latest = Version.objects.get_for_object(partner).first()
    assert latest.revision.get_comment() == "Translations imported from a .po file."


def test_the_comparison_shows_the_items_own_parts_only(editor):
    import reversion

    initiative = Initiative.objects.get(content_key__isnull=False)
    objective = initiative.objectives.order_by("order").first()
    with reversion.create_revision():
        objective.text_fr = "Un objectif réécrit."
        objective.save()
        initiative.save()
    versions = Version.objects.get_for_object(initiative)
    assert len(versions) == 2
    page = soup_of(
        editor.get(
            f"/admin/initiatives/initiative/{initiative.pk}/history/compare/",
            {"old": versions[1].pk, "new": versions[0].pk},
        )
    )
    rows = [tr.select_one("th").get_text() for tr in page.select("#content-main tbody tr")]
    assert rows == [f"Objectif « {objective} »"]
    assert "Un objectif réécrit." in page.select_one("#content-main tbody ins").get_text()


def test_pages_date_the_last_edit_by_staff_not_the_loading(editor):
    from tests.conftest import CommittingClient

    initiative = Initiative.objects.get()
    visitor = CommittingClient()
    page = soup_of(visitor.get(initiative.get_absolute_url()))
    assert "Dernière mise à jour" not in page.select_one("dl.facts").get_text()
    assert '"dateModified"' not in str(page)
    feed = visitor.get("/fr/initiatives/feed.atom").content.decode()
    created = initiative.created_at.strftime("%Y-%m-%d")
    assert re.search(rf"<updated>{created}", feed)
    # An objective changed, in the initiative's own form: the initiative was edited.
    path = f"/admin/initiatives/initiative/{initiative.pk}/change/"
    response = post_form_of(editor, path, **{"objectives-0-text_en": "A new objective."})
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.edited_at is not None
    page = soup_of(visitor.get(initiative.get_absolute_url()))
    time = page.select_one("dl.facts time")
    assert time["datetime"] == initiative.edited_at.strftime("%Y-%m-%d")
    assert '"dateModified"' in str(page)
    # Loading the shipped content again is no edit.
    partner = Partner.objects.get(content_key="ripess")
    assert partner.edited_at is None
    call_command("load_content", verbosity=0, stdout=io.StringIO())
    assert Partner.objects.get(pk=partner.pk).edited_at is None


def test_a_save_that_changes_nothing_dates_nothing_nor_the_organisation(editor):
    initiative = Initiative.objects.get()
    path = f"/admin/initiatives/initiative/{initiative.pk}/change/"
    assert post_form_of(editor, path).status_code == 302
    initiative.refresh_from_db()
    assert initiative.edited_at is None
    assert post_form_of(editor, path, summary_en="A new summary.").status_code == 302
    initiative.refresh_from_db()
    assert initiative.edited_at is not None
    assert Partner.objects.get(pk=initiative.organisation_id).edited_at is None
