"""The content's translations through gettext files: export, edit, import."""

import io
import shutil
import subprocess

import polib
import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from core.outdated import OutdatedTranslation
from initiatives.models import Theme
from partners.models import Partner
from tests.pages import soup_of
from tests.test_roles import member_of


def export(tmp_path, *options):
    path = tmp_path / "content-en.po"
    call_command("export_content_po", "--language", "en", "--output", str(path), *options)
    return path, polib.pofile(str(path))


def import_file(path):
    out = io.StringIO()
    call_command("import_content_po", str(path), "--verbose-report", stdout=out)
    return out.getvalue()


def entry_of(po, obj, field):
    return po.find(f"{obj._meta.label_lower}:{obj.pk}:{field}", by="msgctxt")


def test_a_round_trip_changes_exactly_the_edited_entries(site_content, tmp_path):
    path, po = export(tmp_path)
    before = {p.pk: (p.name_en, p.description_en) for p in Partner.objects.all()}
    ripess, tiess = (
        Partner.objects.get(content_key="ripess"),
        Partner.objects.get(content_key="tiess"),
    )
    assert entry_of(po, ripess, "description").msgstr == ripess.description_en
    assert "Admin: /admin/partners/partner/" in entry_of(po, ripess, "description").comment
    assert "Page: /en/partners/ripess/" in entry_of(po, ripess, "description").comment
    entry_of(po, ripess, "description").msgstr = "RIPESS, edited in Poedit."
    entry_of(po, tiess, "name").msgstr = "TIESS, edited"
    po.save(str(path))

    report = import_file(path)
    assert report.splitlines()[-1] == f"en: 2 applied, {len(po) - 2} unchanged."
    for partner in Partner.objects.all():
        expected = before[partner.pk]
        if partner.pk == ripess.pk:
            expected = (expected[0], "RIPESS, edited in Poedit.")
        if partner.pk == tiess.pk:
            expected = ("TIESS, edited", expected[1])
        assert (partner.name_en, partner.description_en) == expected
    assert Partner.objects.get(pk=ripess.pk).description_fr.startswith("Un réseau")


def test_the_file_is_valid_for_gettext_tools(site_content, tmp_path):
    path, po = export(tmp_path)
    assert po.metadata["Language"] == "en"
    assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert len({entry.msgctxt for entry in po}) == len(po)
    if shutil.which("msgfmt"):
        subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], check=True)


def test_outdated_entries_are_fuzzy_and_confirmed_by_removing_the_flag(site_content, tmp_path):
    partner = Partner.objects.get(content_key="ville-de-barcelone")
    partner.description_fr = "Un nouveau texte français."
    partner.save()
    path, po = export(tmp_path, "--only", "outdated")
    assert [entry.msgctxt for entry in po] == [f"partners.partner:{partner.pk}:description"]
    assert po[0].fuzzy and po[0].msgid == "Un nouveau texte français."
    assert po[0].msgstr == partner.description_en

    assert "fuzzy: partners.partner" in import_file(path)  # still fuzzy: left as is
    assert OutdatedTranslation.objects.exists()
    po[0].flags.remove("fuzzy")
    po.save(str(path))
    assert import_file(path).splitlines()[-1] == "en: 1 confirmed."
    assert not OutdatedTranslation.objects.exists()


def test_an_entry_whose_french_changed_since_the_export_is_not_applied(site_content, tmp_path):
    path, po = export(tmp_path, "--model", "partners.partner")
    partner = Partner.objects.get(content_key="ripess")
    entry_of(po, partner, "description").msgstr = "A translation of the old French."
    po.save(str(path))
    partner.description_fr = "Le français a changé entre-temps."
    partner.save()

    report = import_file(path)
    assert f"source changed: partners.partner:{partner.pk}:description" in report
    partner.refresh_from_db()
    assert partner.description_en != "A translation of the old French."
    assert OutdatedTranslation.of(partner).filter(field="description").exists()


def test_bad_entries_are_reported_and_nothing_but_translations_changes(site_content, tmp_path):
    partner = Partner.objects.get(content_key="ripess")
    po = polib.POFile()
    po.metadata = {"Language": "en", "Content-Type": "text/plain; charset=UTF-8"}
    cases = [
        (f"partners.partner:{partner.pk}:name", partner.name_fr, "x" * 300),
        (f"partners.partner:{partner.pk}:slug", partner.slug_fr, "hijacked"),
        ("auth.user:1:username", "admin", "hijacked"),
        (f"partners.partner:{partner.pk}:description", partner.description_fr, ""),
        ("partners.partner:999999:name", "Personne", "Nobody"),
        ("nonsense", "x", "y"),
    ]
    for context, msgid, msgstr in cases:
        po.append(polib.POEntry(msgctxt=context, msgid=msgid, msgstr=msgstr))
    path = tmp_path / "bad.po"
    po.save(str(path))

    lines = import_file(path).splitlines()
    assert lines[:-1] == [
        f"refused: partners.partner:{partner.pk}:name (over 200 characters)",
        f"unknown: partners.partner:{partner.pk}:slug",
        "unknown: auth.user:1:username",
        f"empty: partners.partner:{partner.pk}:description",
        "unknown: partners.partner:999999:name (no such item)",
        "unknown: nonsense",
    ]
    assert Partner.objects.get(pk=partner.pk).slug_en == partner.slug_en
    assert Partner.objects.get(pk=partner.pk).name_en == partner.name_en


def test_a_file_that_is_not_a_po_file_is_refused_with_the_parsers_message(site_content, tmp_path):
    path = tmp_path / "bad.po"
    path.write_text('msgid ""\nmsgstr "Language: en\\n"\n\nmsgid "a"\nmsgstr "b"\nmsgstr "c"\n')
    with pytest.raises(CommandError, match=r"Not a valid .po file: Syntax error in po file"):
        import_file(path)
    binary = tmp_path / "binary.po"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(CommandError, match="not UTF-8"):
        import_file(binary)


def test_a_french_text_already_translated_elsewhere_is_offered(db, tmp_path):
    Theme.objects.create(key="a", name_fr="Logement", name_en="Housing")
    second = Theme.objects.create(key="b", name_fr="Logement")
    path, po = export(tmp_path, "--only", "missing")
    entry = entry_of(po, second, "name")
    assert entry.msgstr == "Housing" and entry.fuzzy
    assert [e.msgctxt for e in po] == [entry.msgctxt]


def test_translators_download_and_upload_in_the_admin(client, site_content):
    translator = member_of(client, "Translators")
    status = soup_of(translator.get("/admin/translation-status/"))
    assert status.select_one('form[action="/admin/translation-status/content.po"]')
    query = "language=en&model=partners.partner"
    download = translator.get(f"/admin/translation-status/content.po?{query}")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith('attachment; filename="cities-content-en-')
    po = polib.pofile(download.content.decode())
    assert {e.msgctxt.split(":")[0] for e in po} == {"partners.partner"}
    assert "Admin: http://testserver/admin/partners/partner/" in po[0].comment
    partner = Partner.objects.get(content_key="ripess")
    entry_of(po, partner, "description").msgstr = "Uploaded through the admin."

    upload = SimpleUploadedFile("en.po", str(po).encode(), "text/x-gettext-translation")
    response = translator.post("/admin/translation-status/import/", {"file": upload})
    assert response.status_code == 200
    page = soup_of(response)
    counts = [li.get_text().replace("\xa0", " ") for li in page.select("#content-main ul li")]
    assert counts[0] == "Appliquées : 1"
    assert Partner.objects.get(pk=partner.pk).description_en == "Uploaded through the admin."


def test_a_wrong_file_in_the_admin_says_why_and_imports_nothing(client, site_content):
    translator = member_of(client, "Translators")
    po = polib.POFile()
    po.metadata = {"Language": "fr"}
    upload = SimpleUploadedFile("fr.po", str(po).encode())
    response = translator.post("/admin/translation-status/import/", {"file": upload})
    assert response.status_code == 400
    error = soup_of(response).select_one(".errornote").get_text()
    assert "Rien n’a été importé." in error and "« fr »" in error.replace("\xa0", " ")


def test_staff_without_change_permission_cannot_import(client, site_content):
    client.force_login(User.objects.create_user("nobody", password="a-long-pass", is_staff=True))
    upload = SimpleUploadedFile("en.po", b'msgid ""\nmsgstr "Language: en\\n"\n')
    assert client.post("/admin/translation-status/import/", {"file": upload}).status_code == 403
    assert client.get("/admin/translation-status/content.po").status_code == 403


def test_an_item_number_that_is_not_ascii_digits_is_an_unknown_entry(site_content, tmp_path):
    po = polib.POFile()
    po.metadata = {"Language": "en", "Content-Type": "text/plain; charset=UTF-8"}
    for number in ("²", "٩", "-1", "99999999999999999999999"):
        po.append(polib.POEntry(msgctxt=f"partners.partner:{number}:name", msgid="x", msgstr="y"))
    path = tmp_path / "digits.po"
    po.save(str(path))
    assert import_file(path).splitlines()[-1] == "en: 4 unknown."


def test_the_export_to_a_missing_folder_says_so(site_content, tmp_path):
    with pytest.raises(CommandError, match="No such file or directory"):
        call_command("export_content_po", "--language", "en", "--output", "/nonexistent/x.po")
