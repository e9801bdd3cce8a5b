"""Two staff members edit the same item: a save from a form older than what is stored is
refused, shows what changed, and goes through once the person has merged it."""

import threading
import time

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, User
from django.db import connection, transaction
from django.test import Client

from core.edit_conflicts import FIELD_NAME
from initiatives.models import Initiative
from partners.models import Partner
from tests.pages import form_fields, normalise, soup_of


def staff(group="Editors", first_name="", last_name=""):
    user = User.objects.create_user(
        f"{group}-{User.objects.count()}",
        first_name=first_name,
        last_name=last_name,
        is_staff=True,
    )
    user.groups.add(Group.objects.get(name=group))
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    return client


def partner_url(partner):
    return f"/admin/partners/partner/{partner.pk}/change/"


def initiative_url(initiative):
    return f"/admin/initiatives/initiative/{initiative.pk}/change/"


def opened_form(client, url):
    """What the browser would post from the change form at ``url``, as the page shows it."""
    response = client.get(url)
    assert response.status_code == 200
    return shown_again(response)


def shown_again(response):
    return form_fields(soup_of(response).select_one("form[id$=_form]"))


def refusal(response):
    """The error at the top of a refused form, and what it lists as stored now."""
    soup = soup_of(response)
    errors = soup.select_one(".errorlist.nonfield")
    assert errors, "no error at the top of the form"
    rows = {
        normalise(row.select_one("label").get_text()): normalise(
            row.select_one(".readonly").get_text(" ")
        )
        for row in soup.select(".edit-conflicts .form-row")
    }
    return normalise(errors.get_text(" ")), rows


@pytest.fixture
def ripess(site_content):
    return Partner.objects.get(content_key="ripess")


def test_a_save_from_a_stale_partner_form_is_refused_then_saved_once_merged(ripess):
    marie = staff(first_name="Marie", last_name="Tremblay")
    paul = staff()
    marie_form = opened_form(marie, partner_url(ripess))
    paul_form = opened_form(paul, partner_url(ripess))

    marie_form["description_fr"] = "Le RIPESS relie les réseaux de tous les continents."
    assert marie.post(partner_url(ripess), marie_form).status_code == 302

    paul_form["name_en"] = "RIPESS, the intercontinental network"
    response = paul.post(partner_url(ripess), paul_form)
    assert response.status_code == 200
    error, rows = refusal(response)
    assert "Marie Tremblay changed this item on" in error
    assert "Nothing was saved." in error
    assert rows == {"Description [fr]": "Le RIPESS relie les réseaux de tous les continents."}
    ripess.refresh_from_db()
    assert ripess.description_fr == "Le RIPESS relie les réseaux de tous les continents."
    assert ripess.name_en != "RIPESS, the intercontinental network"

    # The form shown again keeps Paul's input, and holds Marie's text where Paul left the
    # field as he found it: saving it again keeps both.
    merged = shown_again(response)
    assert merged["name_en"] == ["RIPESS, the intercontinental network"]
    assert merged["description_fr"] == ["Le RIPESS relie les réseaux de tous les continents."]
    assert paul.post(partner_url(ripess), merged).status_code == 302
    ripess.refresh_from_db()
    assert ripess.name_en == "RIPESS, the intercontinental network"
    assert ripess.description_fr == "Le RIPESS relie les réseaux de tous les continents."


def test_a_field_changed_on_both_sides_keeps_the_person_s_input(ripess):
    marie, paul = staff(), staff()
    marie_form = opened_form(marie, partner_url(ripess))
    paul_form = opened_form(paul, partner_url(ripess))
    marie_form["name_en"] = "Marie's name"
    assert marie.post(partner_url(ripess), marie_form).status_code == 302
    paul_form["name_en"] = "Paul's name"
    response = paul.post(partner_url(ripess), paul_form)
    assert refusal(response)[1] == {"Name [en]": "Marie's name"}
    assert shown_again(response)["name_en"] == ["Paul's name"]


def test_line_ends_as_a_browser_sends_them_are_no_change(ripess):
    marie, paul = staff(), staff()
    marie_form = opened_form(marie, partner_url(ripess))
    paul_form = opened_form(paul, partner_url(ripess))
    marie_form["description_en"] = [marie_form["description_en"][0].replace("\n", "\r\n")]
    assert marie.post(partner_url(ripess), marie_form).status_code == 302
    paul_form["name_en"] = "RIPESS"
    assert paul.post(partner_url(ripess), paul_form).status_code == 302


def test_the_refusal_speaks_the_admin_s_language(ripess):
    first, second = staff(first_name="Jin", last_name="Park"), staff()
    second.defaults["HTTP_ACCEPT_LANGUAGE"] = "fr"
    first_form = opened_form(first, partner_url(ripess))
    second_form = opened_form(second, partner_url(ripess))
    first_form["is_published"] = []
    first_form["website"] = "https://ripess.example.org/"
    assert first.post(partner_url(ripess), first_form).status_code == 302

    error, rows = refusal(second.post(partner_url(ripess), second_form))
    assert "Depuis que vous avez ouvert ce formulaire, Jin Park a modifié cet élément" in error
    assert "Rien n’a été enregistré." in error
    assert rows == {"Publié": "non", "Site web": "https://ripess.example.org/"}


def test_a_stale_initiative_form_is_refused_when_only_an_objective_changed(site_content):
    initiative = Initiative.objects.get()
    first, second = staff(), staff()
    first_form = opened_form(first, initiative_url(initiative))
    second_form = opened_form(second, initiative_url(initiative))

    first_form["objectives-1-text_en"] = "Grow collective enterprises."
    assert first.post(initiative_url(initiative), first_form).status_code == 302

    second_form["title_en"] = "A new title"
    response = second.post(initiative_url(initiative), second_form)
    assert response.status_code == 200
    _error, rows = refusal(response)
    assert rows == {"Objective 2, text [en]": "Grow collective enterprises."}
    initiative.refresh_from_db()
    assert initiative.title_en != "A new title"
    assert initiative.objectives.all()[1].text_en == "Grow collective enterprises."


def test_objectives_added_or_deleted_since_the_form_was_opened_are_named(site_content):
    initiative = Initiative.objects.get()
    stale = opened_form(staff(), initiative_url(initiative))
    objectives = list(initiative.objectives.all())
    objectives[0].delete()
    initiative.objectives.create(order=9, text_fr="Un nouvel objectif")

    _error, rows = refusal(staff().post(initiative_url(initiative), stale))
    assert rows["Objective 1"] == "Deleted since you opened this form."
    assert rows["Objective 3 (new item), text [fr]"] == "Un nouvel objectif"
    assert rows["Objective 3 (new item), order"] == "9"


def test_a_save_from_an_up_to_date_form_goes_through_and_logs_only_its_change(ripess):
    from django.contrib.admin.models import LogEntry

    editor = staff()
    form = opened_form(editor, partner_url(ripess))
    form["website"] = "https://ripess.example.org/"
    assert editor.post(partner_url(ripess), form).status_code == 302
    assert Partner.objects.get(pk=ripess.pk).website == "https://ripess.example.org/"
    assert LogEntry.objects.latest("action_time").get_change_message() == "Changed Website."


@pytest.mark.parametrize("token", ["altered", "missing", "another partner's"])
def test_a_form_without_its_valid_version_is_refused_with_a_message(ripess, token):
    editor = staff()
    form = opened_form(editor, partner_url(ripess))
    if token == "altered":
        form[FIELD_NAME] = [form[FIELD_NAME][0][:-3] + "abc"]
    elif token == "missing":
        del form[FIELD_NAME]
    else:
        other = Partner.objects.exclude(pk=ripess.pk).first()
        form[FIELD_NAME] = opened_form(editor, partner_url(other))[FIELD_NAME]
    form["name_en"] = "Overwritten"

    response = editor.post(partner_url(ripess), form)
    assert response.status_code == 200
    error, _rows = refusal(response)
    assert "could not be checked against the version now stored" in error
    assert "reload the page" in error
    assert Partner.objects.get(pk=ripess.pk).name_en != "Overwritten"
    # Submitting the same page again is refused too: only a reload gives a valid form.
    assert editor.post(partner_url(ripess), shown_again(response)).status_code == 200
    assert Partner.objects.get(pk=ripess.pk).name_en != "Overwritten"


def test_translators_get_the_same_protection(ripess):
    editor, translator = staff("Editors"), staff("Translators")
    stale = opened_form(translator, partner_url(ripess))
    assert FIELD_NAME in stale
    form = opened_form(editor, partner_url(ripess))
    form["description_en"] = "Edited by an editor."
    assert editor.post(partner_url(ripess), form).status_code == 302

    stale["description_en"] = "Translated from a stale form."
    response = translator.post(partner_url(ripess), stale)
    assert response.status_code == 200
    assert refusal(response)[1] == {"Description [en]": "Edited by an editor."}
    assert Partner.objects.get(pk=ripess.pk).description_en == "Edited by an editor."


def test_an_add_form_carries_no_version(site_content):
    page = BeautifulSoup(staff().get("/admin/partners/partner/add/").content, "html.parser")
    assert not page.select(f'input[name="{FIELD_NAME}"]')


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL (SQLite locks it all)"
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_simultaneous_saves_run_one_after_the_other(make_partner):
    """The second save waits for the first one's row lock, then sees what it stored."""
    partner = make_partner()
    editor = staff()
    form = opened_form(editor, partner_url(partner))
    form["name_en"] = "From the second save"
    answers = []

    def second_save():
        try:
            answers.append(editor.post(partner_url(partner), form))
        finally:
            connection.close()

    with transaction.atomic():
        locked = Partner.objects.select_for_update().get(pk=partner.pk)
        save = threading.Thread(target=second_save)
        save.start()
        wait_for_a_lock_wait(partner)
        locked.name_en = "From the first save"
        locked.save()
    save.join(timeout=30)
    assert answers and answers[0].status_code == 200
    assert Partner.objects.get(pk=partner.pk).name_en == "From the first save"


def wait_for_a_lock_wait(partner, seconds=10):
    """Until another connection waits for a lock (the second save, on the partner's row)."""
    deadline = time.monotonic() + seconds
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
            if cursor.fetchone()[0]:
                return
            time.sleep(0.01)
    pytest.fail(f"no save waited for the row of {partner}")
