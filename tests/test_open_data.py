"""The open data: the partners' exports, the Data Package and its licence."""

import csv
import io
import json

import pytest
from frictionless import Package, validate

from core.open_data import OpenDataLicence
from tests.test_roles import member_of


def package_in(folder, client, language):
    """The package and its files as a reuser downloads them, side by side in ``folder``."""
    package = client.get(f"/{language}/datapackage.json").json()
    for resource in package["resources"]:
        file = folder / resource["path"]
        file.parent.mkdir(parents=True, exist_ok=True)
        response = client.get(f"/{language}/{resource['path']}")
        assert response.status_code == 200
        file.write_bytes(response.content)
    (folder / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    return folder / "datapackage.json"


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_data_package_is_valid_with_every_row_typed(client, site_content, tmp_path, language):
    path = package_in(tmp_path, client, language)
    report = validate(path)
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "note"])
    package = Package(path)
    partners = package.get_resource("partners-json").read_rows()
    assert len(partners) == 18
    assert {row["id"] for row in partners} == {
        row["id"] for row in package.get_resource("partners-csv").read_rows()
    }
    initiative = package.get_resource("initiatives-json").read_rows()[0]
    assert initiative["year"] == 2009
    assert "Culture" in initiative["themes_fr"]


def test_each_field_is_described_in_the_packages_language(client, db):
    french = client.get("/fr/datapackage.json").json()
    english = client.get("/en/datapackage.json").json()
    assert [r["path"] for r in french["resources"]] == [
        "partenaires/export.csv",
        "partenaires/export.json",
        "initiatives/export.csv",
        "initiatives/export.json",
    ]
    french_fields = {f["name"]: f for f in french["resources"][2]["schema"]["fields"]}
    english_fields = {f["name"]: f for f in english["resources"][2]["schema"]["fields"]}
    assert french_fields["title_en"]["description"] == "Titre, en anglais."
    assert english_fields["title_en"]["description"] == "Title, in English."
    assert english_fields["themes_fr"]["type"] == "string"
    json_fields = {f["name"]: f for f in english["resources"][3]["schema"]["fields"]}
    assert json_fields["themes_fr"]["type"] == "array"
    assert all(f["description"] for f in english_fields.values())


def test_the_partners_export_has_both_languages(client, site_content):
    partners = client.get("/en/partners/export.json").json()["partners"]
    montreal = next(p for p in partners if p["url_fr"].endswith("/ville-de-montreal/"))
    assert montreal["country"] == "CA"
    assert montreal["name_fr"] == "La Ville de Montréal"
    assert montreal["country_en"] == "Canada"
    rows = list(
        csv.DictReader(
            io.StringIO(client.get("/fr/partenaires/export.csv").content.decode("utf-8-sig"))
        )
    )
    assert len(rows) == 18
    assert rows[0]["name_fr"]


def test_an_unpublished_partner_is_not_exported(client, make_partner):
    make_partner(name="Brouillon", is_published=False)
    assert client.get("/fr/partenaires/export.json").json() == {"partners": []}


def test_the_licence_chosen_by_an_editor_shows_beside_the_downloads(client, site_content):
    page = client.get("/en/initiatives/").content.decode()
    assert 'rel="license">Creative Commons Attribution 4.0 (CC BY 4.0)</a>' in page
    assert client.get("/fr/datapackage.json").json()["licenses"][0]["name"] == "CC-BY-4.0"
    editor = member_of(client, "Editors")
    assert editor.get("/admin/core/opendatalicence/", follow=True).status_code == 200
    response = editor.post("/admin/core/opendatalicence/1/change/", {"licence": "CC0-1.0"})
    assert response.status_code == 302
    editor.logout()
    assert (
        'href="https://creativecommons.org/publicdomain/zero/1.0/"'
        in client.get("/en/partners/").content.decode()
    )
    assert client.get("/fr/datapackage.json").json()["licenses"][0]["name"] == "CC0-1.0"


def test_the_licence_list_opens_the_one_licence(admin_client):
    response = admin_client.get("/admin/core/opendatalicence/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/core/opendatalicence/1/change/"
    assert admin_client.get("/admin/core/opendatalicence/add/").status_code == 403
    assert (
        admin_client.post("/admin/core/opendatalicence/1/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert OpenDataLicence.objects.count() == 1


def test_a_translator_may_not_change_the_licence(client, site_content):
    OpenDataLicence.objects.create(pk=1)
    translator = member_of(client, "Translators")
    response = translator.post("/admin/core/opendatalicence/1/change/", {"licence": "CC0-1.0"})
    assert response.status_code == 403
    assert OpenDataLicence.current().licence == "CC-BY-4.0"


def test_a_forged_licence_is_refused(client, site_content):
    OpenDataLicence.objects.create(pk=1)
    editor = member_of(client, "Editors")
    response = editor.post("/admin/core/opendatalicence/1/change/", {"licence": "proprietary"})
    assert response.status_code == 200
    assert OpenDataLicence.current().licence == "CC-BY-4.0"


def test_a_licence_no_longer_offered_shows_the_default(client, site_content):
    OpenDataLicence.objects.create(pk=1)
    OpenDataLicence.objects.filter(pk=1).update(licence="MIT")  # an old value, a restore
    assert client.get("/fr/initiatives/").status_code == 200
    assert client.get("/fr/datapackage.json").json()["licenses"][0]["name"] == "CC-BY-4.0"


def test_other_sites_may_read_the_data_in_a_browser(client, db):
    for path in ("/fr/datapackage.json", "/en/partners/export.csv", "/fr/initiatives/export.json"):
        assert client.get(path)["Access-Control-Allow-Origin"] == "*", path
