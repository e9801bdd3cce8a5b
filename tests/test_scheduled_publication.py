"""A publication date in the future: the item appears on its own then, cached pages included."""

import datetime
import time

import pytest
from django.utils import timezone
from reversion.models import Version

from partners.models import Partner
from tests.conftest import CommittingClient
from tests.pages import soup_of
from tests.partners.test_admin import change_url
from tests.test_history import post_form_of
from tests.test_roles import member_of


@pytest.fixture
def editor(client, site_content):
    return member_of(client, "Editors")


def schedule_in_admin(editor, partner, moment):
    local = timezone.localtime(moment)
    return post_form_of(
        editor,
        change_url(partner),
        is_published="",
        publish_at_0=local.strftime("%d/%m/%Y"),
        publish_at_1=local.strftime("%H:%M:%S"),
    )


def test_a_scheduled_partner_appears_on_its_own_on_time_in_both_languages(editor):
    client = CommittingClient()  # a visitor
    partner = Partner.objects.get(content_key="ripess")
    fr_page, directory = partner.get_absolute_url(), "/fr/partenaires/"
    # Shown, and kept in the page cache, before the change.
    assert client.get(directory).status_code == 200
    assert client.get(directory)["X-Page-Cache"] == "hit"

    response = schedule_in_admin(editor, partner, timezone.now() + datetime.timedelta(seconds=2))
    assert response.status_code == 302, soup_of(response).select(".errorlist")
    partner.refresh_from_db()
    assert partner.is_scheduled
    assert client.get(fr_page).status_code == 404
    assert partner.name_fr not in soup_of(client.get(directory)).get_text()
    assert client.get(directory)["X-Page-Cache"] == "hit"

    time.sleep(2.1)
    # The first request after the moment publishes it; the cached directory follows.
    assert partner.name_fr in soup_of(client.get(directory)).get_text()
    assert client.get(fr_page).status_code == 200
    with_english = Partner.objects.get(pk=partner.pk)
    assert with_english.is_published and with_english.publish_at is None
    assert client.get("/en/partners/").content.count(with_english.name_en.encode()) >= 1
    latest = Version.objects.get_for_object(with_english).first()
    assert latest.revision.comment == "Publié à sa date prévue."
    assert latest.revision.user is None


def test_the_list_says_when_and_a_past_moment_is_refused(editor):
    partner = Partner.objects.get(content_key="ripess")
    past = schedule_in_admin(editor, partner, timezone.now() - datetime.timedelta(hours=1))
    assert past.status_code == 200
    assert "Choisissez un moment à venir" in soup_of(past).select_one(".errorlist").get_text()

    moment = timezone.now() + datetime.timedelta(days=3)
    assert schedule_in_admin(editor, partner, moment).status_code == 302
    listing = soup_of(editor.get("/admin/partners/partner/?q=RIPESS")).get_text()
    assert f"Programmé\u00a0: {timezone.localtime(moment):%d/%m/%Y}" in listing

    # Unpublishing from the list also cancels the schedule: nothing comes back on its own.
    partner.refresh_from_db()
    editor.post(
        "/admin/partners/partner/",
        {"action": "unpublish", "_selected_action": [partner.pk]},
    )
    partner.refresh_from_db()
    assert not partner.is_published and partner.publish_at is None


def test_ticking_published_wins_over_a_date(editor):
    partner = Partner.objects.get(content_key="ripess")
    moment = timezone.localtime(timezone.now() + datetime.timedelta(days=1))
    response = post_form_of(
        editor,
        change_url(partner),
        is_published="on",
        publish_at_0=moment.strftime("%d/%m/%Y"),
        publish_at_1=moment.strftime("%H:%M:%S"),
    )
    assert response.status_code == 302
    partner.refresh_from_db()
    assert partner.is_published and partner.publish_at is None


def test_translators_cannot_schedule(client, site_content):
    translator = member_of(client, "Translators")
    partner = Partner.objects.get(content_key="ripess")
    form = soup_of(translator.get(change_url(partner)))
    assert form.select_one('input[name="publish_at_0"]') is None
