import io

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command

from partners.models import Partner
from tests.pages import soup_of


@pytest.fixture
def content_with_gaps(site_content):
    """Two partners whose English is incomplete, one whose French is."""
    Partner.objects.filter(content_key="tiess").update(description_en="")
    Partner.objects.filter(content_key="socioeco").update(name_en="")
    Partner.objects.filter(content_key="risq").update(description_fr="")


def test_status_command_counts_complete_objects_and_lists_missing_fields(content_with_gaps):
    out = io.StringIO()
    call_command("translation_status", stdout=out, no_color=True)
    report = out.getvalue().splitlines()
    start = report.index("Partners › partners (18)")
    pk = {p.content_key: p.pk for p in Partner.objects.all()}
    assert report[start : start + 7] == [
        "Partners › partners (18)",
        "  fr: 17 of 18 fully translated",
        f"      #{pk['risq']} Réseau d’investissement social du Québec (RISQ): missing description",
        "  en: 16 of 18 fully translated",
        f"      #{pk['tiess']} Territoires innovants en économie sociale et solidaire (TIESS): "
        "missing description",
        f"      #{pk['socioeco']} Socioeco: missing name",
        "Partners › regions (4)",
    ]


def test_admin_shows_the_same_overview_linked_from_its_index(client, content_with_gaps):
    client.force_login(User.objects.create_superuser("admin", "a@example.org", "a-long-pass"))
    index = soup_of(client.get("/admin/", headers={"accept-language": "en"}))
    link = index.select_one("#translation-status-link a")
    assert link["href"] == "/admin/translation-status/"
    page = client.get(link["href"], headers={"accept-language": "en"})
    assert page.status_code == 200
    soup = soup_of(page)
    tiess = Partner.objects.get(content_key="tiess")
    gap_link = soup.select_one(f'a[href="/admin/partners/partner/{tiess.pk}/change/"]')
    assert gap_link.get_text() == "Territoires innovants en économie sociale et solidaire (TIESS)"
    assert gap_link.parent.get_text().endswith(": description")


def test_visitors_cannot_see_the_translation_status(client, site_content):
    response = client.get("/admin/translation-status/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_staff_without_permissions_cannot_see_the_titles_of_unpublished_items(client, site_content):
    Partner.objects.filter(content_key="tiess").update(is_published=False, name_en="")
    client.force_login(User.objects.create_user("nobody", password="a-long-pass", is_staff=True))
    response = client.get("/admin/translation-status/")
    assert response.status_code == 403
    assert "TIESS" not in response.content.decode()


def test_translators_see_the_status_of_what_they_translate(client, site_content):
    translator = User.objects.create_user("t", password="a-long-pass", is_staff=True)
    translator.groups.add(Group.objects.get(name="Translators"))
    client.force_login(translator)
    page = client.get("/admin/translation-status/", headers={"accept-language": "en"})
    assert page.status_code == 200
    assert "Partners › partners (18)" in soup_of(page).get_text()


def test_the_command_lists_the_interface_strings_that_need_work(db, settings, tmp_path):
    import polib

    folder = tmp_path / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "fr"}
    po.append(polib.POEntry(msgid="Done", msgstr="Fait"))
    po.append(polib.POEntry(msgid="Partners", occurrences=[("templates/base.html", "")]))
    po.append(polib.POEntry(msgid="Search", msgstr="Cherche", flags=["fuzzy"]))
    po.save(str(folder / "django.po"))
    settings.LOCALE_PATHS = [tmp_path]
    settings.BASE_DIR = tmp_path.parent
    out = io.StringIO()
    call_command("translation_status", stdout=out, no_color=True)
    report = out.getvalue().splitlines()
    start = report.index(f"Interface › {tmp_path.name}/fr/LC_MESSAGES/django.po (3 strings)")
    assert report[start + 1 :] == [
        "  33% translated, 2 to do",
        "      untranslated: 'Partners' (templates/base.html)",
        "      fuzzy: 'Search'",
    ]


def test_the_shipped_interface_needs_no_work(db):
    out = io.StringIO()
    call_command("translation_status", stdout=out, no_color=True)
    report = out.getvalue()
    assert "Interface › locale/fr/LC_MESSAGES/django.po" in report
    assert report.count("100% translated, 0 to do") == 2
