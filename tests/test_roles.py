"""The two staff roles, Editors and Translators, tried through the admin."""

import pytest
from django.contrib.auth.models import Group, User

from core.places import City
from partners.models import Category, Partner
from tests.pages import soup_of
from tests.partners.test_admin import change_form_data, change_url


def member_of(client, group_name):
    user = User.objects.create_user(group_name.lower(), password="a-long-passphrase", is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    client.force_login(user)
    return client


@pytest.fixture
def editor(client, site_content):
    return member_of(client, "Editors")


@pytest.fixture
def translator(client, site_content):
    return member_of(client, "Translators")


def new_partner_data():
    founders = Partner.objects.get(content_key="tiess").category_id
    return {
        "name_fr": "Nouveau partenaire",
        "description_fr": "Une description.",
        "category": founders,
        "order": 5,
        "is_published": "on",
    }


def test_editors_add_change_publish_and_delete_partners(editor):
    assert editor.post("/admin/partners/partner/add/", new_partner_data()).status_code == 302
    created = Partner.objects.get(name_fr="Nouveau partenaire")
    assert created.is_published and created.slug_fr == "nouveau-partenaire"

    partner = Partner.objects.get(content_key="ripess")
    response = editor.post(change_url(partner), change_form_data(partner, is_published=""))
    assert response.status_code == 302
    assert not Partner.objects.get(pk=partner.pk).is_published

    response = editor.post(
        "/admin/partners/partner/",
        {"action": "publish", "_selected_action": [partner.pk]},
    )
    assert response.status_code == 302
    assert Partner.objects.get(pk=partner.pk).is_published

    editor.post(f"/admin/partners/partner/{created.pk}/delete/", {"post": "yes"})
    assert not Partner.objects.filter(pk=created.pk).exists()


def test_translators_change_texts_but_cannot_add_delete_or_publish(translator):
    partner = Partner.objects.get(content_key="ripess")
    form = soup_of(translator.get(change_url(partner)))
    assert form.select_one('textarea[name="description_en"]')
    assert not form.select_one('input[name="is_published"]'), "publishing is read-only"

    response = translator.post(
        change_url(partner),
        change_form_data(partner, description_en="Translated again.", is_published=""),
    )
    assert response.status_code == 302
    partner.refresh_from_db()
    assert partner.description_en == "Translated again."
    assert partner.is_published, "the published flag did not change"

    assert translator.get("/admin/partners/partner/add/").status_code == 403
    assert translator.post("/admin/partners/partner/add/", new_partner_data()).status_code == 403
    assert not Partner.objects.filter(name_fr="Nouveau partenaire").exists()

    assert translator.get(f"/admin/partners/partner/{partner.pk}/delete/").status_code == 403
    translator.post(f"/admin/partners/partner/{partner.pk}/delete/", {"post": "yes"})
    assert Partner.objects.filter(pk=partner.pk).exists()

    changelist = soup_of(translator.get("/admin/partners/partner/"))
    actions = [o["value"] for o in changelist.select('select[name="action"] option') if o["value"]]
    assert not {"publish", "unpublish", "delete_selected"} & set(actions)
    translator.post(
        "/admin/partners/partner/", {"action": "unpublish", "_selected_action": [partner.pk]}
    )
    assert Partner.objects.get(pk=partner.pk).is_published


def test_translators_cannot_publish_initiatives_but_editors_can(client, site_content):
    from initiatives.models import Initiative

    initiative = Initiative.objects.get()
    url = f"/admin/initiatives/initiative/{initiative.pk}/change/"
    translator = member_of(client, "Translators")
    form = soup_of(translator.get(url))
    assert form.select_one('textarea[name="summary_en"]')
    assert not form.select_one('input[name="is_published"]')
    assert translator.get("/admin/initiatives/initiative/add/").status_code == 403
    translator.post(
        "/admin/initiatives/initiative/",
        {"action": "unpublish", "_selected_action": [initiative.pk]},
    )
    assert Initiative.objects.get().is_published

    editor = member_of(client, "Editors")
    response = editor.post(
        "/admin/initiatives/initiative/",
        {"action": "unpublish", "_selected_action": [initiative.pk]},
        follow=True,
        headers={"accept-language": "fr"},
    )
    assert not Initiative.objects.get().is_published
    assert "1 élément dépublié." in soup_of(response).select_one(".messagelist").get_text()


def test_translators_change_only_texts(translator):
    partner = Partner.objects.get(content_key="ripess")
    form = soup_of(translator.get(change_url(partner)))
    for text in ("name_fr", "name_en", "slug_en"):
        assert form.select_one(f'input[name="{text}"]'), text
    for other in ("category", "region", "city", "slug_fr", "logo", "order"):
        assert not form.select_one(f'[name="{other}"]'), other
    other_category = Category.objects.exclude(pk=partner.category_id).first()
    response = translator.post(
        change_url(partner),
        change_form_data(
            partner,
            name_en="RIPESS (translated)",
            category=other_category.pk,
            slug_fr="moved",
            city=City.objects.get(key="montreal").pk,
        ),
    )
    assert response.status_code == 302
    moved = Partner.objects.get(pk=partner.pk)
    assert moved.name_en == "RIPESS (translated)"
    assert (moved.category_id, moved.slug_fr, moved.city_id) == (
        partner.category_id,
        partner.slug_fr,
        partner.city_id,
    )
    changelist = soup_of(translator.get("/admin/partners/partner/"))
    assert not changelist.select('input[name$="-order"]')

    from initiatives.models import Initiative

    initiative = Initiative.objects.get()
    form = soup_of(translator.get(f"/admin/initiatives/initiative/{initiative.pk}/change/"))
    assert form.select_one('textarea[name="objectives-0-text_en"]')
    for other in ("year", "themes", "organisation", "level", "city", "objectives-0-order"):
        assert not form.select_one(f'[name="{other}"]'), other

    # A city's names are texts too; its country and coordinates are not.
    city = City.objects.get(key="montreal")
    form = soup_of(translator.get(f"/admin/core/city/{city.pk}/change/"))
    assert form.select_one('input[name="name_en"]')
    for other in ("country", "latitude", "longitude", "key"):
        assert not form.select_one(f'[name="{other}"]'), other


def test_the_admin_names_login_attempts_plainly(client, site_content):
    superuser = User.objects.create_superuser("boss", "boss@example.org", "a-long-passphrase")
    client.force_login(superuser)
    index = soup_of(client.get("/admin/", headers={"accept-language": "fr"}))
    assert "Tentatives de connexion" in index.select_one("#content-main").get_text()
    assert index.select_one("#site-name").get_text(strip=True) == "Administration de C.I.T.I.E.S."


def test_translators_give_a_page_its_address_and_the_old_one_redirects_for_good(translator):
    partner = Partner.objects.get(content_key="ville-de-barcelone")
    data = change_form_data(partner, slug_en="barcelona-city-council")
    assert translator.post(change_url(partner), data).status_code == 302
    assert translator.get("/en/partners/barcelona-city-council/").status_code == 200
    old_english = translator.get("/en/partners/city-of-barcelona/")
    assert (old_english.status_code, old_english["Location"]) == (
        301,
        "/en/partners/barcelona-city-council/",
    )
    in_french = translator.get("/fr/partenaires/city-of-barcelona/")
    assert (in_french.status_code, in_french["Location"]) == (
        301,
        "/fr/partenaires/ville-de-barcelone/",
    )

    partner.refresh_from_db()
    data = change_form_data(partner, slug_en="barcelona")
    assert translator.post(change_url(partner), data).status_code == 302
    for old in ("city-of-barcelona", "barcelona-city-council"):
        response = translator.get(f"/en/partners/{old}/")
        assert (response.status_code, response["Location"]) == (301, "/en/partners/barcelona/")
    assert translator.get("/en/partners/no-such-partner/").status_code == 404


def test_an_unpublished_pages_old_address_does_not_lead_to_it(editor):
    partner = Partner.objects.get(content_key="ripess")
    data = change_form_data(partner, slug_en="ripess-network")
    assert editor.post(change_url(partner), data).status_code == 302
    Partner.objects.filter(pk=partner.pk).update(is_published=False)
    editor.logout()
    assert editor.get("/en/partners/ripess/").status_code == 404


def test_a_former_address_cannot_be_taken_by_another_page(translator):
    gsef, other = (Partner.objects.get(content_key=k) for k in ("gsef", "un-tfsse"))
    old = gsef.slug_en
    assert (
        translator.post(change_url(gsef), change_form_data(gsef, slug_en="gsef-new")).status_code
        == 302
    )
    response = translator.post(change_url(other), change_form_data(other, slug_en=old))
    assert response.status_code == 200
    assert "y mène encore" in soup_of(response).select_one(".errorlist").get_text()
    redirect = translator.get(f"/en/partners/{old}/")
    assert (redirect.status_code, redirect["Location"]) == (301, "/en/partners/gsef-new/")


def test_an_address_changed_while_unpublished_still_redirects_once_published(editor):
    partner = Partner.objects.get(content_key="groupe-lks")
    old = partner.slug_en
    Partner.objects.filter(pk=partner.pk).update(is_published=False)
    partner.refresh_from_db()
    assert (
        editor.post(change_url(partner), change_form_data(partner, slug_en="lks-new")).status_code
        == 302
    )
    Partner.objects.filter(pk=partner.pk).update(is_published=True)
    response = editor.get(f"/en/partners/{old}/")
    assert (response.status_code, response["Location"]) == (301, "/en/partners/lks-new/")
