"""The Atom feed and the open-data exports."""

import csv
import io
import json
from xml.etree import ElementTree

import pytest

ATOM = "{http://www.w3.org/2005/Atom}"
FR_TITLE = "Un partenariat en économie sociale pour un développement solidaire et durable"
EN_TITLE = "A social economy partnership for solidarity-based, sustainable development"


@pytest.mark.parametrize(
    ("language", "title", "other"), [("fr", FR_TITLE, EN_TITLE), ("en", EN_TITLE, FR_TITLE)]
)
def test_the_feed_lists_the_initiatives_in_the_pages_language(
    client, site_content, make_initiative, language, title, other
):
    make_initiative(title_fr="Brouillon", title_en="Draft", is_published=False)
    response = client.get(f"/{language}/initiatives/feed.atom")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    entries = ElementTree.fromstring(response.content).findall(f"{ATOM}entry")
    assert [entry.find(f"{ATOM}title").text for entry in entries] == [title]
    assert other not in response.content.decode()
    assert "Draft" not in response.content.decode()
    link = entries[0].find(f"{ATOM}link").attrib["href"]
    assert link.startswith(f"http://testserver/{language}/initiatives/")


def test_the_json_export_has_both_languages(client, site_content):
    response = client.get("/fr/initiatives/export.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    [record] = data["initiatives"]
    assert record["title_fr"] == FR_TITLE
    assert record["title_en"] == EN_TITLE
    assert record["year"] == 2009
    assert record["level"] == "municipal"
    assert record["organisation_fr"] == "La Ville de Montréal"
    assert record["organisation_en"] == "City of Montréal"
    assert len(record["objectives_fr"]) == len(record["objectives_en"]) == 3
    assert len(record["axes_fr"]) == len(record["axes_en"]) == 5
    assert record["themes_en"][0] == "Sustainable development"
    assert record["url_en"].endswith("/en/initiatives/social-economy-partnership-montreal-2009/")
    # The same file from the English site.
    assert json.loads(client.get("/en/initiatives/export.json").content) == data


def test_the_csv_export_has_both_languages(client, site_content, make_initiative):
    make_initiative(title_fr="Brouillon", title_en="Draft", is_published=False)
    response = client.get("/en/initiatives/export.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    # With a byte order mark, for spreadsheets.
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 1
    assert rows[0]["title_fr"] == FR_TITLE
    assert rows[0]["title_en"] == EN_TITLE
    assert rows[0]["policy_type_fr"] == "Entente de partenariat"
    assert rows[0]["policy_type_en"] == "Partnership agreement"
    assert rows[0]["objectives_en"].count(" | ") == 2
    assert rows[0]["axes_fr"].count(" | ") == 4


def test_the_csv_export_of_an_empty_base_has_its_header(client, db):
    response = client.get("/en/initiatives/export.csv")
    header = response.content.decode("utf-8-sig").splitlines()
    assert header[0].startswith("id,year,level,country,url_fr,title_fr")
    assert len(header) == 1


def test_an_untranslated_text_is_exported_empty_not_in_french(client, db, make_initiative):
    make_initiative(title_fr="Plan vélo", title_en="", summary_fr="Résumé.", summary_en="")
    record = client.get("/en/initiatives/export.json").json()["initiatives"][0]
    assert (record["title_fr"], record["title_en"]) == ("Plan vélo", "")
    assert (record["summary_fr"], record["summary_en"]) == ("Résumé.", "")


def test_every_untranslated_value_is_exported_empty_and_named(client, db, make_initiative, themes):
    from initiatives.models import SourceDocument

    themes["housing"].name_en = ""
    themes["housing"].save()
    initiative = make_initiative(
        title_fr="Plan vélo",
        title_en="",
        themes=[themes["culture"], themes["housing"]],
        objectives=[("Un", "One"), ("Deux", "")],
    )
    SourceDocument.objects.create(
        initiative=initiative, title_fr="Rapport", url="https://example.org/r.pdf", language="fr"
    )
    record = client.get("/en/initiatives/export.json").json()["initiatives"][0]
    assert record["themes_en"] == ["Culture", ""]
    assert record["objectives_en"] == ["One", ""]
    assert record["source_documents"][0]["title_en"] == ""
    assert record["source_documents"][0]["title_fr"] == "Rapport"
    assert record["untranslated_en"] == [
        "title",
        "themes",
        "objectives",
        "source_documents",
    ]
    assert record["untranslated_fr"] == []
    rows = list(
        csv.DictReader(
            io.StringIO(client.get("/en/initiatives/export.csv").content.decode("utf-8-sig"))
        )
    )
    assert rows[0]["untranslated_en"] == "title | themes | objectives | source_documents"
