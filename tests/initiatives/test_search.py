"""Search in the visitor's language: accents and case ignored, best matches first."""

import pytest
from django.test import Client
from django.utils import translation

from initiatives.models import Initiative, Objective
from tests.pages import text_of

from .conftest import main_of, result_titles, results_heading


@pytest.fixture
def texts(make_initiative):
    return {
        "title": make_initiative(
            title_fr="Économie sociale et solidaire à Lyon",
            title_en="Social economy in Lyon",
            summary_fr="Un plan pour la ville.",
            summary_en="A plan for the city.",
        ),
        "body": make_initiative(
            title_fr="Plan pour les coopératives",
            title_en="Plan for cooperatives",
            summary_fr="Ce plan soutient l’économie sociale des quartiers.",
            summary_en="This plan supports the neighbourhoods’ social economy.",
        ),
        "other": make_initiative(
            title_fr="Tourisme durable",
            title_en="Sustainable tourism",
            introduction_fr="Des hôtels et des campings.",
            introduction_en="Hotels and campsites.",
        ),
    }


def search(client, language, text):
    response = client.get(f"/{language}/initiatives/", {"q": text})
    assert response.status_code == 200
    return result_titles(response)


@pytest.mark.parametrize("text", ["economie sociale", "ÉCONOMIE SOCIALE", "Economie Sociale"])
def test_french_search_ignores_accents_and_case(client, texts, text):
    found = search(client, "fr", text)
    assert set(found) == {"Économie sociale et solidaire à Lyon", "Plan pour les coopératives"}


def test_a_title_match_ranks_above_a_body_only_match(client, texts):
    assert search(client, "fr", "économie sociale") == [
        "Économie sociale et solidaire à Lyon",
        "Plan pour les coopératives",
    ]
    assert search(client, "en", "social economy") == [
        "Social economy in Lyon",
        "Plan for cooperatives",
    ]


def test_english_search_on_the_english_site(client, texts):
    assert search(client, "en", "HOTELS") == ["Sustainable tourism"]
    assert search(client, "en", "campsites") == ["Sustainable tourism"]


def test_search_is_in_the_visitors_language(client, texts):
    # French words are not found on the English site, and the reverse.
    assert search(client, "en", "durable") == []
    assert search(client, "fr", "sustainable") == []
    assert search(client, "fr", "durable") == ["Tourisme durable"]


def test_every_word_must_match(client, texts):
    assert search(client, "fr", "économie tourisme") == []
    assert search(client, "fr", "tourisme hôtels") == ["Tourisme durable"]


def test_every_word_counts_however_many_there_are(client, make_initiative):
    words = "alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima"
    make_initiative(title_en="Alphabet", summary_en=words)
    assert search(client, "en", words) == ["Alphabet"]
    assert search(client, "en", f"{words} zeppelin") == []


def test_search_covers_objectives_axes_closing_text_and_organisation(
    client, make_initiative, committed
):
    initiative = make_initiative(
        title_fr="Plan",
        title_en="Plan",
        objectives=[("soutenir les fiducies foncières", "support land trusts")],
        axes=[("créer des coopératives d’habitation", "create housing co-ops")],
        closing_text_fr="Un comité de suivi se réunit chaque trimestre.",
        closing_text_en="A follow-up committee meets every quarter.",
        organisation_name_fr="Chantier de l’économie sociale",
        organisation_name_en="Social Economy Working Group",
    )
    for text in ("fiducies", "cooperatives d'habitation", "trimestre", "chantier"):
        assert search(client, "fr", text) == ["Plan"], text
    for text in ("land trusts", "co-ops", "quarter", "working group"):
        assert search(client, "en", text) == ["Plan"], text
    # An objective changed later is found by its new words.
    objective = Objective.objects.get(initiative=initiative)
    objective.text_fr = "financer les ateliers partagés"
    with committed():
        objective.save()
    assert search(client, "fr", "ateliers partages") == ["Plan"]
    assert search(client, "fr", "fiducies") == []


def test_search_finds_the_partner_name(client, make_initiative, make_partner):
    partner = make_partner(name_fr="Ville de Séoul", name_en="Seoul City")
    make_initiative(title_fr="Loi-cadre", title_en="Framework act", organisation=partner)
    assert search(client, "fr", "seoul") == ["Loi-cadre"]
    assert search(client, "en", "seoul city") == ["Framework act"]


def test_no_result_shows_a_message(client, texts):
    response = client.get("/en/initiatives/", {"q": "zeppelin"})
    assert results_heading(response) == "0 initiatives"
    main = main_of(response)
    empty = main.find("p", class_="empty-state")
    assert "No initiative matches your search and filters." in text_of(empty)
    assert text_of(empty.find("a", href="/en/initiatives/")) == "See all the initiatives"


def test_search_combines_with_filters(client, texts, themes):
    texts["body"].themes.set([themes["housing"]])
    assert search_with(client, {"q": "économie", "theme": "housing"}) == [
        "Plan pour les coopératives"
    ]


def search_with(client, params):
    return result_titles(client.get("/fr/initiatives/", params))


def test_the_queryset_method_ranks_and_narrows(texts):
    from django.utils import translation

    with translation.override("fr"):
        found = list(Initiative.objects.published().search("economie"))
    assert found == [texts["title"], texts["body"]]


def test_loaded_content_is_found_in_both_languages(client, site_content):
    assert search(client, "fr", "entreprises collectives") == [
        "Un partenariat en économie sociale pour un développement solidaire et durable"
    ]
    assert search(client, "en", "collective enterprises") == [
        "A social economy partnership for solidarity-based, sustainable development"
    ]
    assert search(client, "fr", "oeuvre") != []


def test_initiatives_are_found_under_their_partner_s_new_name(
    client, make_partner, make_initiative, committed
):
    partner = make_partner(name_fr="Ville de Gwangju", name_en="Gwangju City")
    make_initiative(
        title_fr="Charte de l’économie sociale",
        title_en="Social economy charter",
        organisation=partner,
        organisation_name_fr="",
        organisation_name_en="",
    )
    assert search(client, "en", "Gwangju") == ["Social economy charter"]
    partner.name_fr = "Métropole de Gwangju"
    partner.name_en = "Gwangju Metropolitan City"
    with committed():
        partner.save()
    assert search(client, "en", "metropolitan") == ["Social economy charter"]
    assert search(client, "fr", "metropole gwangju") == ["Charte de l’économie sociale"]
    partner.name_en = "Gwangju Council"
    with committed():
        partner.save()
    assert search(client, "en", "metropolitan") == []


def test_a_deleted_partner_s_initiatives_keep_its_name(admin_client, make_partner, make_initiative):
    partner = make_partner(name_fr="Ville de Gwangju", name_en="Gwangju City")
    initiative = make_initiative(
        title_fr="Charte de l’économie sociale",
        title_en="Social economy charter",
        organisation=partner,
        # Left over from before the partner was chosen, never shown.
        organisation_name_fr="Ancien nom",
        organisation_name_en="",
    )
    response = admin_client.post(f"/admin/partners/partner/{partner.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.organisation is None
    assert (initiative.organisation_name_fr, initiative.organisation_name_en) == (
        "Ville de Gwangju",
        "Gwangju City",
    )
    with translation.override("en"):
        english_page = Client().get(initiative.get_absolute_url()).content.decode()
    assert "Gwangju City" in english_page
    assert search(Client(), "en", "gwangju") == ["Social economy charter"]


def test_a_search_that_finds_nothing_offers_the_other_language(client, texts):
    response = client.get("/en/initiatives/", {"q": "quartiers"})
    assert result_titles(response) == []
    link = main_of(response).find("p", class_="empty-state").find("a", hreflang="fr")
    assert text_of(link) == "Try this search in French"
    assert result_titles(client.get(link.attrs["href"])) == ["Plan pour les coopératives"]
    french = client.get("/fr/initiatives/", {"q": "neighbourhoods", "year": "2020"})
    link = main_of(french).find("p", class_="empty-state").find("a", hreflang="en")
    assert text_of(link) == "Essayer cette recherche en anglais"
    assert link.attrs["href"] == "/en/initiatives/?q=neighbourhoods"
    # Only where the same words find something.
    for nothing in ({"q": "zzzz"}, {"q": "plan", "year": "1999"}):
        empty = main_of(client.get("/en/initiatives/", nothing)).find("p", class_="empty-state")
        assert empty.find("a", hreflang="fr") is None, nothing
