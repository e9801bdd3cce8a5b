"""Bulk import of initiatives and partners in the admin: CSV or XLSX with the export's columns,
a dry run row by row, nothing written on any error, drafts unless the file says otherwise."""

import csv
import io
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from reversion.models import Version

from core.import_admin import uploads_folder
from initiatives.models import Initiative, Theme
from partners.models import Partner
from tests.conftest import CommittingClient
from tests.pages import form_fields, soup_of
from tests.test_roles import member_of

IMPORT = "/admin/initiatives/initiative/import/"
CONFIRM = "/admin/initiatives/initiative/process_import/"
CSV_FORMAT, XLSX_FORMAT = "0", "1"


@pytest.fixture
def editor(client, site_content):
    return member_of(client, "Editors")


def exported_rows(client):
    response = client.get("/fr/initiatives/export.csv")
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def as_csv(rows):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def as_xlsx(rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(rows[0]))
    for row in rows:
        sheet.append(list(row.values()))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def dry_run(client, content, name="initiatives.csv", file_format=CSV_FORMAT, path=IMPORT):
    upload = SimpleUploadedFile(name, content)
    return client.post(path, {"import_file": upload, "format": file_format})


def confirm(client, preview, path=CONFIRM):
    form = soup_of(preview).select_one(f'form[action="{path}"]')
    assert form is not None, soup_of(preview).select(".errorlist, .import-preview, ul")
    return client.post(path, form_fields(form))


def new_row(template, **changes):
    row = {key: "" for key in template}
    row.update(
        year="2015",
        level="municipal",
        title_fr="Plan d’action en économie sociale de Séoul",
        organisation_fr="Ville de Séoul",
        city_fr="Séoul",
        themes_fr="Culture | Entrepreneuriat collectif",
        objectives_fr="Créer des emplois | Soutenir les coopératives",
        objectives_en="Create jobs | Support co-operatives",
    )
    row.update(changes)
    return row


def test_export_changed_in_a_spreadsheet_round_trips_as_a_draft(editor, client):
    rows = exported_rows(client)
    assert Theme.objects.filter(name_fr="Financement").exists() or Theme.objects.exists()
    theme = Theme.objects.first()
    rows[0]["summary_en"] = "A new English summary."
    rows.append(new_row(rows[0], themes_fr=theme.name_fr))

    preview = dry_run(editor, as_csv(rows))
    table = soup_of(preview).select_one("table.import-preview")
    assert table is not None, soup_of(preview).select(".errorlist, .validation-error-list")
    kinds = [cell.get_text(strip=True) for cell in table.select("td.import-type")]
    assert kinds == ["Mettre à jour", "Nouveau"]
    assert Initiative.objects.count() == 1  # a dry run writes nothing

    done = confirm(editor, preview)
    assert done.status_code == 302
    assert Initiative.objects.count() == 2
    shipped = Initiative.objects.get(content_key__isnull=False)
    assert shipped.summary_en == "A new English summary." and shipped.is_published
    added = Initiative.objects.get(content_key__isnull=True)
    assert not added.is_published  # a draft, as the file did not say otherwise
    assert [o.text_en for o in added.objectives.all()] == ["Create jobs", "Support co-operatives"]
    assert list(added.themes.all()) == [theme]
    assert added.organisation_name_fr == "Ville de Séoul" and added.city.key == "seoul"
    assert Version.objects.get_for_object(added).first().revision.comment == "Importé d’un fichier."
    assert CommittingClient().get(added.get_absolute_url()).status_code == 404


def test_a_file_with_errors_shows_each_row_and_writes_nothing(editor, client):
    rows = exported_rows(client)
    shipped = rows[0]
    template = dict(shipped)
    rows = [
        {**shipped, "summary_fr": "Changé, mais la ligne suivante est fausse."},
        new_row(template, themes_fr="Thème inconnu"),
        new_row(template, title_fr="Une autre", year="1492"),
        new_row(template, title_fr=shipped["title_fr"], year=shipped["year"]),
        new_row(template, title_fr=""),
        new_row(template, title_fr="Doublon dans le fichier", year="2020"),
        new_row(template, title_fr="doublon dans le fichier ", year="2020"),
        new_row(template, id="99999", title_fr="Un numéro inconnu"),
    ]
    before = Initiative.objects.get().summary_fr

    preview = dry_run(editor, as_csv(rows))
    page = soup_of(preview)
    assert page.select_one(f'form[action="{CONFIRM}"]') is None  # nothing to confirm
    errors = {
        int(row.select_one("td").get_text(strip=True)): row.select_one("td.errors").get_text(" ")
        for row in page.select("table.import-preview tbody tr")
    }
    assert sorted(errors) == [2, 3, 4, 5, 7, 8]
    assert "«\u00a0Thème inconnu\u00a0» n’est pas connu" in errors[2]
    assert "1800" in errors[3]
    assert "porte déjà ce titre" in errors[4] and "porte déjà ce titre" in errors[7]
    assert "obligatoire" in errors[5] or "vide" in errors[5]
    assert "Aucun élément n’a le numéro 99999" in errors[8]
    assert Initiative.objects.count() == 1
    assert Initiative.objects.get().summary_fr == before


def test_initiatives_from_xlsx_show_once_published(editor, client):
    # 200 rows in a real browser: tests/test_import_browser.py
    template = exported_rows(client)[0]
    rows = [
        new_row(template, title_fr=f"Politique importée numéro {n}", year=str(1990 + n % 30))
        for n in range(20)
    ]
    rows[0]["is_published"] = "oui"
    preview = dry_run(editor, as_xlsx(rows), name="initiatives.xlsx", file_format=XLSX_FORMAT)
    assert confirm(editor, preview).status_code == 302
    imported = Initiative.objects.filter(title_fr__startswith="Politique importée")
    assert imported.count() == 20
    assert imported.filter(is_published=True).count() == 1  # the one the file published

    listing = editor.get("/admin/initiatives/initiative/?q=import%C3%A9e&all=")
    selected = [i.pk for i in imported.filter(is_published=False)]
    editor.post(
        "/admin/initiatives/initiative/",
        {"action": "publish", "_selected_action": selected},
    )
    assert listing.status_code == 200
    assert imported.filter(is_published=True).count() == 20
    visitor = CommittingClient()
    found = soup_of(visitor.get("/fr/initiatives/", {"q": "Politique importée numéro 19"}))
    assert "Politique importée numéro 19" in found.get_text()
    english = soup_of(visitor.get("/en/initiatives/", {"q": "numéro 7"}))
    assert "Politique importée numéro 7" in english.get_text()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bomb.xlsx", None, "trop volumineux une fois décompressé"),
        ("laughs.xlsx", "laughs", "n’a pas pu être lu"),
        ("fake.xlsx", b"not a zip at all", "pas un fichier XLSX"),
        ("latin1.csv", "title_fr\nÉcole".encode("latin-1"), "CSV UTF-8"),
        ("empty.csv", b"", ""),
    ],
)
def test_hostile_or_broken_files_get_a_message(editor, name, content, message):
    if content is None:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("xl/worksheets/sheet1.xml", b"0" * (60 * 1024 * 1024))
        content = out.getvalue()
    elif content == "laughs":
        content = with_entity_expansion(as_xlsx([{"title_fr": "x"}]))
    file_format = XLSX_FORMAT if name.endswith("xlsx") else CSV_FORMAT
    response = dry_run(editor, content, name=name, file_format=file_format)
    assert response.status_code == 200
    page = soup_of(response)
    assert page.select_one(".errorlist, .errornote") is not None, page.get_text()[:500]
    assert message in page.get_text()
    assert Initiative.objects.count() == 1


def with_entity_expansion(xlsx):
    """The workbook with a 'billion laughs' in its sheet: entities that expand to gigabytes."""
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(
            f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">'
            for n in range(1, 10)
        )
        + "]>"
    )
    source = zipfile.ZipFile(io.BytesIO(xlsx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename == "xl/worksheets/sheet1.xml":
                body = data.decode().split("?>")[-1].replace("<t>", "<t>&lol9;", 1)
                data = (laughs + body).encode()
            target.writestr(entry, data)
    return out.getvalue()


@pytest.mark.parametrize("name", ["../../etc/passwd", "0" * 32, "settings.py"])
def test_a_crafted_confirmation_reads_and_removes_nothing(editor, name, tmp_path):
    bystander = uploads_folder() / ("f" * 32)
    response = editor.post(
        CONFIRM, {"import_file_name": name, "original_file_name": "x.csv", "format": "0"}
    )
    assert response.status_code == 200
    assert "Cette importation a expiré" in soup_of(response).get_text()
    assert not bystander.exists()


def test_translators_may_not_import_and_staff_without_publishing_import_drafts(
    client, site_content
):
    from django.contrib.auth.models import Permission, User

    translator = member_of(client, "Translators")
    assert translator.get(IMPORT).status_code == 403
    user = User.objects.create_user("adder", password="a-long-passphrase", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["add_partner", "view_partner", "change_partner"])
    )
    client.force_login(user)
    content = (
        "name_fr,category,description_fr,is_published\n"
        "Réseau importé,Partenaires associés,Un réseau.,oui\n"
    ).encode()
    preview = dry_run(client, content, path="/admin/partners/partner/import/")
    confirm(client, preview, path="/admin/partners/partner/process_import/")
    assert not Partner.objects.get(name_fr="Réseau importé").is_published


def test_partners_export_and_import_round_trip(editor):
    page = soup_of(editor.get("/admin/partners/partner/export/"))
    form = form_fields(page.select_one('form[action=""]'))
    response = editor.post("/admin/partners/partner/export/", {**form, "format": "0"})
    exported = b"".join(getattr(response, "streaming_content", [response.content]))
    rows = list(csv.DictReader(io.StringIO(exported.decode("utf-8-sig"))))
    assert {row["name_fr"] for row in rows} >= {"RIPESS"} or rows
    ripess = next(row for row in rows if "RIPESS" in row["name_fr"])
    ripess["description_en"] = "RIPESS links networks on every continent."
    preview = dry_run(editor, as_csv([ripess]), path="/admin/partners/partner/import/")
    assert (
        confirm(editor, preview, path="/admin/partners/partner/process_import/").status_code == 302
    )
    assert Partner.objects.get(pk=ripess["id"]).description_en.startswith("RIPESS links")


def partner_rows(*rows, header="id,name_fr,category,description_fr"):
    return ("\n".join([header, *rows]) + "\n").encode()


PARTNERS_IMPORT = "/admin/partners/partner/import/"
PARTNERS_CONFIRM = "/admin/partners/partner/process_import/"


def test_a_confirmation_that_no_longer_passes_writes_and_logs_nothing(editor, make_partner):
    from django.contrib.admin.models import LogEntry

    content = partner_rows(",Course A,Fondateurs,Un.", ",Course B,Fondateurs,Deux.")
    preview = dry_run(editor, content, path=PARTNERS_IMPORT)
    make_partner(name_fr="Course B", slug_fr="course-b")  # another editor, meanwhile
    logged = LogEntry.objects.count()
    response = confirm(editor, preview, path=PARTNERS_CONFIRM)
    assert response.status_code == 302 and response["Location"] == PARTNERS_IMPORT
    page = soup_of(editor.get(PARTNERS_IMPORT))
    assert "Rien n’a été importé" in page.select_one(".messagelist").get_text()
    assert not Partner.objects.filter(name_fr="Course A").exists()
    assert LogEntry.objects.count() == logged


@pytest.mark.parametrize(
    "fields",
    [{"format": "99"}, {"format": "abc"}, {"format": "-1"}, {"resource": "5"}, {"format": "1"}],
)
def test_crafted_confirmations_are_refused_without_an_error(editor, fields):
    preview = dry_run(editor, partner_rows(",Réseau X,Fondateurs,Un."), path=PARTNERS_IMPORT)
    form = form_fields(soup_of(preview).select_one(f'form[action="{PARTNERS_CONFIRM}"]'))
    response = editor.post(PARTNERS_CONFIRM, {**form, **fields})
    assert response.status_code == 302
    assert not Partner.objects.filter(name_fr="Réseau X").exists()


def test_staff_who_may_only_add_cannot_change_through_a_file(client, site_content):
    from django.contrib.auth.models import Permission, User

    user = User.objects.create_user("adder", password="a-long-passphrase", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["add_partner", "view_partner"])
    )
    client.force_login(user)
    ripess = Partner.objects.get(content_key="ripess")
    preview = dry_run(
        client, partner_rows(f"{ripess.pk},Piraté,Fondateurs,Changé."), path=PARTNERS_IMPORT
    )
    assert "ajouter des éléments, non les modifier" in soup_of(preview).get_text()
    assert Partner.objects.get(pk=ripess.pk).name_fr == ripess.name_fr


def test_a_zip_bomb_is_refused_whatever_its_name(editor):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (60 * 1024 * 1024))
    response = dry_run(editor, out.getvalue(), name="bomb.csv", file_format=XLSX_FORMAT)
    assert "trop volumineux une fois décompressé" in soup_of(response).get_text()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (partner_rows(*[f",Réseau {n},Fondateurs,Un." for n in range(5001)]), "5 000 lignes"),
        (b"foo,bar\n1,2\n", "Aucune colonne du fichier"),
        ("id;name_fr;category\n;Réseau;Fondateurs\n".encode(), "virgules"),
    ],
)
def test_files_too_long_or_of_no_known_column_are_refused(editor, content, message):
    response = dry_run(editor, content, path=PARTNERS_IMPORT)
    assert message in soup_of(response).get_text()
    assert soup_of(response).select_one(f'form[action="{PARTNERS_CONFIRM}"]') is None


def test_row_messages_say_what_to_write(editor):
    ripess = Partner.objects.get(content_key="ripess").pk
    content = partner_rows(
        ",Réseau A,Fondateurs,Un.,abc,",
        ",Réseau B,Fondateurs,Un.,1,2027-01-01",
        f"{ripess},Réseau C,Fondateurs,Un.,1,",
        f"{ripess},Réseau D,Fondateurs,Un.,1,",
        header="id,name_fr,category,description_fr,order,publish_at",
    )
    text = soup_of(dry_run(editor, content, path=PARTNERS_IMPORT)).get_text()
    assert "Écrivez un nombre entier" in text
    assert "2027-01-31 14:00" in text
    assert "sur une ligne précédente" in text


def test_the_admin_export_writes_formulas_as_text_and_an_unchanged_file_changes_nothing(editor):
    content = partner_rows(',"=HYPERLINK(""http://evil.example"",""clic"")",Fondateurs,Un.')
    assert confirm(editor, dry_run(editor, content, path=PARTNERS_IMPORT), PARTNERS_CONFIRM)
    page = soup_of(editor.get("/admin/partners/partner/export/"))
    form = form_fields(page.select_one('form[action=""]'))
    exported = editor.post("/admin/partners/partner/export/", {**form, "format": "0"})
    text = b"".join(getattr(exported, "streaming_content", [exported.content])).decode()
    assert "'=HYPERLINK" in text
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    preview = dry_run(editor, as_csv(rows), path=PARTNERS_IMPORT)
    kinds = {cell.get_text(strip=True) for cell in soup_of(preview).select("td.import-type")}
    assert kinds == {"Ignoré"}, kinds
    assert Partner.objects.filter(name_fr__startswith="=HYPERLINK").count() == 1


def test_a_stale_filter_on_the_export_page_is_dropped(editor):
    response = editor.get("/admin/partners/partner/export/?foo=1")
    assert response.status_code == 302 and response["Location"] == "/admin/partners/partner/export/"
