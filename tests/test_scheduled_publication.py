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


def test_a_moment_past_2100_is_refused(editor):
    partner = Partner.objects.get(content_key="ripess")
    response = schedule_in_admin(
        editor, partner, datetime.datetime(9999, 12, 31, 23, 59, tzinfo=datetime.UTC)
    )
    assert response.status_code == 200
    assert "avant 2100" in soup_of(response).select_one(".errorlist").get_text()


@pytest.fixture
def staff_who_may_not_publish(client, site_content):
    from django.contrib.auth.models import Permission, User

    user = User.objects.create_user("np", password="a-long-passphrase", is_staff=True)
    codenames = [f"{verb}_partner" for verb in ("add", "change", "delete", "view")]
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    client.force_login(user)
    return client


def test_a_revert_or_a_recovery_by_staff_who_may_not_publish_keeps_the_state(
    staff_who_may_not_publish, committed
):
    from tests.test_history import post_form_of as post_form

    client = staff_who_may_not_publish
    partner = Partner.objects.get(content_key="ripess")
    with committed():
        import reversion

        with reversion.create_revision():
            partner.is_published = False
            partner.publish_at = timezone.now() + datetime.timedelta(seconds=1)
            partner.save()
    time.sleep(1.1)
    Partner.objects.filter(pk=partner.pk).update(is_published=True, publish_at=None)
    scheduled = Version.objects.get_for_object(partner).first()  # its schedule is past now
    url = f"/admin/partners/partner/{partner.pk}/history/{scheduled.pk}/"
    response = post_form(client, url)
    assert response.status_code == 302, soup_of(response).select(".errorlist")
    partner.refresh_from_db()
    assert partner.is_published and partner.publish_at is None

    assert client.post(f"/admin/partners/partner/{partner.pk}/delete/", {"post": "yes"})
    deleted = Version.objects.get_deleted(Partner).first()
    response = post_form(client, f"/admin/partners/partner/recover/{deleted.pk}/")
    assert response.status_code == 302, soup_of(response).select(".errorlist")
    assert not Partner.objects.get(pk=partner.pk).is_published  # back as a draft
