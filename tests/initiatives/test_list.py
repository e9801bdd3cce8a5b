"""The list of initiatives: filters, counts, pagination and what it makes of odd addresses."""

import pytest
from django.db import connection

from core.cache import forget_cached_pages
from initiatives import search
from initiatives.models import Initiative
from tests.pages import switch_target, text_of

from .conftest import main_of, parse_html, result_titles, results_heading

LIST = "/en/initiatives/"


def get(client, query=""):
    response = client.get(LIST + query)
    assert response.status_code == 200
    return response


def test_lists_published_initiatives_most_recent_first(client, catalogue):
    response = get(client)
    assert result_titles(response) == [
        "Lyon housing plan",
        "Seoul framework act",
        "Lyon culture plan",
    ]
    assert results_heading(response) == "3 initiatives"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?theme=culture", ["Lyon housing plan", "Lyon culture plan"]),
        ("?year=2019", ["Lyon culture plan"]),
        ("?country=KR", ["Seoul framework act"]),
        ("?country=kr", ["Seoul framework act"]),  # a code typed in lower case
        ("?city=lyon", ["Lyon housing plan", "Lyon culture plan"]),
        ("?level=regional", ["Lyon housing plan"]),
        ("?type=law", ["Seoul framework act"]),
        ("?organisation=seoul", ["Seoul framework act"]),
        # A partner's or theme's slug of the other language is understood too.
        ("?organisation=seoul-fr", ["Seoul framework act"]),
        ("?theme=culture&year=2020", ["Lyon housing plan"]),
        ("?theme=culture&type=plan&level=municipal&city=lyon", ["Lyon culture plan"]),
        ("?theme=tourism&year=2019", []),
    ],
)
def test_filters_and_their_combinations(client, catalogue, query, expected):
    assert result_titles(get(client, query)) == expected


def test_singular_count_and_empty_state(client, catalogue):
    assert results_heading(get(client, "?year=2019")) == "1 initiative"
    response = get(client, "?theme=tourism&year=2019")
    assert results_heading(response) == "0 initiatives"
    empty = main_of(response).find("p", class_="empty-state")
    assert "No initiative matches your search and filters." in text_of(empty)


def test_french_count_uses_the_french_plural(client, catalogue):
    assert results_heading(get_fr(client, "?year=2019")) == "1 initiative"
    assert results_heading(get_fr(client)) == "3 initiatives"


def get_fr(client, query=""):
    response = client.get("/fr/initiatives/" + query)
    assert response.status_code == 200
    return response


def facet_options(response, name):
    """The labels of the choices the form offers for a filter."""
    form = parse_html(response.content).find("form")
    labels = {label.attrs.get("for"): text_of(label) for label in form.find_all("label")}
    inputs = form.find_all("input", type="checkbox", attrs={"name": name})
    return [labels[i.attrs["id"]] for i in inputs]


def cards(response):
    """Each listed initiative's title, meta line and theme tags (with their lang)."""
    results = main_of(response).find("ul", class_="initiative-list")
    return {
        text_of(card.find("h3")): (
            text_of(card.find("p", class_="initiative-meta")),
            [
                (text_of(tag), tag.attrs.get("lang"))
                for tag in (card.find("ul", class_="theme-tags") or card).find_all("a")
            ],
        )
        for card in results.find_all("li", class_="initiative-card")
    }


def test_each_card_shows_organisation_place_year_type_and_themes(
    client, catalogue, themes, committed
):
    shown = cards(get(client))
    assert shown["Seoul framework act"] == (
        "Seoul City · Seoul, South Korea · 2020 · Law",
        [("Tourism", None)],
    )
    assert shown["Lyon housing plan"] == (
        "Lyon Metropolis · Lyon, France · 2020 · Plan",
        [("Culture", None), ("Housing", None)],
    )
    # Not yet translated: the French name, marked as French.
    themes["housing"].name_en = ""
    themes["housing"].save()
    catalogue["seoul"].organisation.name_en = ""
    catalogue["seoul"].organisation.save()
    shown = cards(get(client))
    assert shown["Lyon housing plan"][1] == [("Culture", None), ("Habitation", "fr")]
    assert shown["Seoul framework act"][0].startswith("Ville de Séoul · ")
    catalogue["seoul"].city.name_en = ""
    catalogue["seoul"].city.save()
    marked = main_of(get(client)).find("ul", class_="initiative-list").find_all("span", lang="fr")
    assert [text_of(span) for span in marked] == ["Ville de Séoul", "Séoul"]
    french = cards(get_fr(client))
    assert french[catalogue["seoul"].title_fr] == (
        "Ville de Séoul · Séoul, Corée du Sud · 2020 · Loi",
        [("Tourisme", None)],
    )


def test_every_value_shows_its_count(client, catalogue):
    response = get(client)
    assert facet_options(response, "theme") == ["Culture (2)", "Housing (1)", "Tourism (1)"]
    assert facet_options(response, "year") == ["2020 (2)", "2019 (1)"]
    assert facet_options(response, "country") == ["France (2)", "South Korea (1)"]
    assert facet_options(response, "city") == ["Lyon (2)", "Seoul (1)"]
    assert facet_options(response, "level") == ["Municipal (1)", "Regional (1)", "National (1)"]
    assert facet_options(response, "type") == ["Plan (2)", "Law (1)"]
    assert facet_options(response, "organisation") == ["Seoul City (1)"]


def test_counts_take_the_other_filters_into_account(client, catalogue):
    response = get(client, "?year=2020")
    assert facet_options(response, "theme") == ["Culture (1)", "Housing (1)", "Tourism (1)"]
    # The year's own choices still show every year, so that it can be changed.
    assert facet_options(response, "year") == ["2020 (2)", "2019 (1)"]


def test_the_form_is_a_labelled_get_form_showing_the_current_choices(client, catalogue):
    response = get(client, "?theme=culture&year=2020&q=housing")
    form = parse_html(response.content).find("form")
    assert form.attrs["method"] == "get"
    labelled = {label.attrs["for"] for label in form.find_all("label")}
    controls = form.find_all("input") + form.find_all("select")
    assert all(control.attrs["id"] in labelled for control in controls)
    assert [text_of(legend) for legend in form.find_all("legend")] == [
        "Theme",
        "Year",
        "Country",
        "City",
        "Level of government",
        "Policy type",
    ]
    assert form.find("input", attrs={"name": "q"}).attrs["value"] == "housing"
    assert chosen(response, "theme") == ["culture"]
    assert chosen(response, "year") == ["2020"]


def chosen(response, name):
    """The form's ticked values of a filter, as it would send them again."""
    form = parse_html(response.content).find("form")
    fields = form.find_all("input", type="checkbox", attrs={"name": name})
    return [field.attrs["value"] for field in fields if "checked" in field.attrs]


def test_a_city_not_yet_translated_shows_its_french_name(
    client, catalogue, make_initiative, make_city
):
    make_initiative(
        title_en="Trois-Rivieres plan",
        city=make_city("trois-rivieres", name_fr="Trois-Rivières", country="CA"),
    )
    response = get(client)
    assert ("city", "trois-rivieres", 1) in options_with_counts(response)
    assert ("country", "CA", 1) in options_with_counts(response)
    assert result_titles(get(client, "?city=trois-rivieres")) == ["Trois-Rivieres plan"]
    assert result_titles(get(client, "?country=CA")) == ["Trois-Rivieres plan"]


def test_places_are_named_in_each_language_and_kept_by_the_switch(client, catalogue):
    french = client.get("/fr/initiatives/", {"country": "KR", "city": "seoul"})
    assert facet_options(french, "country") == ["Corée du Sud (1)"]
    assert facet_options(french, "city") == ["Séoul (1)"]
    switch = switch_target(parse_html(french.content).find("a", hreflang="en").attrs["href"])
    assert switch == "/en/initiatives/?country=KR&city=seoul"
    english = get(client, switch.removeprefix("/en/initiatives/"))
    assert result_titles(english) == ["Seoul framework act"]
    assert "South Korea (1)" in facet_options(english, "country")
    assert "Seoul (1)" in facet_options(english, "city")
    # A code or a city no one knows is not understood, and said so.
    unknown = get(client, "?country=Atlantis&city=atlantis")
    assert "could not be understood" in text_of(main_of(unknown).find("p", class_="notice"))


def test_a_choice_that_gives_nothing_stays_chosen_in_the_form(
    client, catalogue, make_partner, make_city
):
    response = get(client, "?country=KR&level=regional")
    assert results_heading(response) == "0 initiatives"
    assert (chosen(response, "country"), chosen(response, "level")) == (["KR"], ["regional"])
    assert ("country", "KR", 0) in options_with_counts(response)
    searched = get(client, "?q=zzzz&year=2019")
    assert chosen(searched, "year") == ["2019"]
    # A city and a partner without initiatives: offered with no result.
    make_partner(name_en="Quiet Partner", slug_en="quiet")
    make_city("dakar")
    response = get(client, "?city=dakar&organisation=quiet")
    assert (chosen(response, "city"), chosen(response, "organisation")) == (["dakar"], ["quiet"])
    assert ("organisation", "quiet", 0) in options_with_counts(response)
    assert ("city", "dakar", 0) in options_with_counts(response)


def test_untranslated_names_are_marked_french_in_the_form_and_the_filters(
    client, catalogue, themes
):
    themes["housing"].name_en = ""
    themes["housing"].save()
    seoul = catalogue["seoul"].organisation
    seoul.name_en = ""
    seoul.save()
    response = get(client, "?theme=housing&organisation=seoul")
    form = parse_html(response.content).find("form")
    label = form.find("label", **{"for": form.find("input", value="housing").attrs["id"]})
    assert (text_of(label), label.attrs.get("lang")) == ("Habitation (0)", "fr")
    label = form.find("label", **{"for": form.find("input", value="seoul").attrs["id"]})
    assert label.attrs.get("lang") == "fr"
    chips = main_of(response).find("div", class_="active-filters").find_all("span", lang="fr")
    assert {text_of(chip) for chip in chips} == {"Habitation", "Ville de Séoul"}


def test_active_filters_can_be_removed_one_by_one_or_all_at_once(client, catalogue):
    response = get(client, "?theme=culture&year=2020&page=1")
    active = main_of(response).find("div", class_="active-filters")
    links = {text_of(a): a.attrs["href"] for a in active.find_all("a")}
    assert links == {
        "Remove the filter Theme: Culture ×": "/en/initiatives/?year=2020",
        "Remove the filter Year: 2020 ×": "/en/initiatives/?theme=culture",
        "Clear all filters": "/en/initiatives/",
    }
    assert main_of(get(client)).find("div", class_="active-filters") is None


@pytest.mark.parametrize(
    "query",
    [
        "?year=abc",
        "?year=-5",
        "?year=1e400",
        "?year=NaN",
        "?theme=nope",
        "?type=nope",
        "?organisation=nope",
        "?level=%3Cscript%3Ealert(1)%3C/script%3E",
        "?page=0",
        "?page=-1",
        "?page=999",
        "?page=abc",
        "?page=1.5",
        "?q=" + "économie " * 1200,
        "?q=%00",
        "?q=a%00b&city=%00",
        "?country=" + "x" * 500,
        "?theme=culture&theme=housing&theme=nope",
        "?year=2019&year=2020",
        "?unknown=1&utm_source=x",
        "?q=%27%22%3B--",
        "?q=%26%7C%21%3A*()",
        "?q=le+la+les",
        "?q=%E2%80%8B",
        "?%FF=%FE",
    ],
)
def test_malformed_parameters_never_break_the_page(client, catalogue, query):
    response = client.get(LIST + query)
    assert response.status_code in {200, 404}
    if response.status_code == 200:
        assert b"<script>alert" not in response.content


def test_parameters_not_understood_are_ignored_with_a_message(client, catalogue):
    response = get(client, "?year=abc&theme=nope&level=%3Cscript%3E")
    notice = text_of(main_of(response).find("p", class_="notice"))
    assert notice == (
        "Some of the filters could not be understood and were ignored: "
        "Theme, Year, Level of government."
    )
    assert results_heading(response) == "3 initiatives"


@pytest.mark.parametrize("year", ["2019.5", "1e3", "2019,0"])
def test_a_year_that_is_not_a_whole_number_is_not_understood(client, catalogue, year):
    response = get(client, f"?year={year}")
    notice = text_of(main_of(response).find("p", class_="notice"))
    assert notice.endswith("ignored: Year.")
    assert results_heading(response) == "3 initiatives"
    assert main_of(response).find("div", class_="active-filters") is None


def test_a_year_written_2019_0_is_2019(client, catalogue):
    assert result_titles(get(client, "?year=2019.0")) == ["Lyon culture plan"]


@pytest.mark.parametrize(
    ("query", "clean"),
    [
        ("?q=&theme=culture&year=&country=&city=&level=&type=&organisation=", "?theme=culture"),
        ("?q=+++&year=", ""),
        ("?q=plan&year=&year=2020&utm_source=", "?q=plan&year=2020"),
    ],
)
def test_the_form_s_empty_fields_leave_the_address(client, catalogue, query, clean):
    response = client.get(LIST + query)
    assert response.status_code == 302
    assert response["Location"] == LIST + clean
    assert client.get(response["Location"]).status_code == 200


@pytest.fixture
def many(make_initiative):
    """45 initiatives, created in bulk."""
    Initiative.objects.bulk_create(
        Initiative(
            is_published=True,
            title_fr=f"Initiative {n:02}",
            title_en=f"Initiative {n:02}",
            slug_fr=f"initiative-{n}",
            slug_en=f"initiative-{n}",
            organisation_name_fr="Org",
            year=2000 + n,
        )
        for n in range(45)
    )
    search.reindex(Initiative)  # bulk creation sends no signal


def test_results_are_paginated_twenty_per_page(client, many):
    first = get(client)
    assert results_heading(first) == "45 initiatives"
    assert len(result_titles(first)) == 20
    assert result_titles(first)[0] == "Initiative 44"
    pagination = main_of(first).find("nav", class_="pagination")
    assert "Page 1 of 3" in text_of(pagination)
    assert pagination.find("a", rel="next").attrs["href"] == "?page=2"
    numbers = pagination.find_all("a", class_="page-number")
    assert [(text_of(a), a.attrs["href"]) for a in numbers] == [
        ("Page 1", "?page=1"),
        ("Page 2", "?page=2"),
        ("Page 3", "?page=3"),
    ]
    assert numbers[0].attrs["aria-current"] == "page"
    last = get(client, "?page=3")
    assert len(result_titles(last)) == 5
    assert main_of(last).find("p", class_="notice") is None


def test_pagination_keeps_the_filters(client, many):
    response = get(client, "?q=initiative&page=2")
    pagination = main_of(response).find("nav", class_="pagination")
    assert pagination.find("a", rel="next").attrs["href"] == "?q=initiative&page=3"
    assert pagination.find("a", rel="prev").attrs["href"] == "?q=initiative&page=1"


@pytest.mark.parametrize(("page", "shown"), [("0", 3), ("999", 3), ("abc", 1), ("-1", 3)])
def test_pages_out_of_range_show_a_page_with_a_message(client, many, page, shown):
    response = get(client, f"?page={page}")
    assert f"Page {shown} of 3" in text_of(main_of(response).find("nav", class_="pagination"))
    notice = text_of(main_of(response).find("p", class_="notice"))
    assert notice == f"The requested page does not exist; this is page {shown}."


def test_feed_and_exports_are_linked_from_the_list(client, catalogue):
    document = parse_html(get(client).content)
    feed = document.find("link", rel="alternate", type="application/atom+xml")
    assert feed.attrs["href"] == "/en/initiatives/feed.atom"
    links = {a.attrs["href"] for a in document.find("section", class_="open-data").find_all("a")}
    assert links == {
        "https://creativecommons.org/licenses/by/4.0/",
        "/en/partners/export.json",
        "/en/partners/export.csv",
        "/en/initiatives/export.json",
        "/en/initiatives/export.csv",
        "/en/datapackage.json",
        "/en/initiatives/feed.atom",
    }


def bulk_initiatives(count, themes, policy_types, partner, make_city):
    cities = [
        make_city(f"city-{n}", name_fr=f"Ville {n}", name_en=f"City {n}", country="FR")
        for n in range(7)
    ]
    created = Initiative.objects.bulk_create(
        Initiative(
            is_published=True,
            title_fr=f"Initiative {n}",
            title_en=f"Initiative {n}",
            slug_fr=f"bulk-{count}-{n}",
            slug_en=f"bulk-{count}-{n}",
            organisation=partner if n % 2 else None,
            organisation_name_fr="" if n % 2 else "Org",
            year=1990 + n % 30,
            city=cities[n % 7],
            country="FR",
            level=["municipal", "regional", "national", "international"][n % 4],
            policy_type=policy_types["plan" if n % 3 else "law"],
            summary_en="economie sociale",
        )
        for n in range(count)
    )
    search.reindex(Initiative)  # bulk creation sends no signal
    Through = Initiative.themes.through
    Through.objects.bulk_create(
        Through(initiative_id=initiative.pk, theme_id=theme.pk)
        for initiative in created
        for theme in list(themes.values())[: 1 + initiative.pk % 3]
    )


@pytest.mark.parametrize("count", [10, 500])
@pytest.mark.parametrize(
    ("query", "first", "then"),
    [
        # The content version and the next scheduled publication (first request only); each
        # facet's counts (7); the number of results; the page's keys, then its initiatives and
        # their themes; the names of the themes, policy types, cities and partners the form
        # offers; the footer's pages; the open data's licence.
        ("", 19, 17),
        # Narrowed, the facets not chosen and the number found are counted in one statement,
        # each chosen one apart (3); and the chosen theme's lookup.
        ("?theme=culture&year=2000&level=municipal", 15, 13),
        # The same with a search (the words matched once), the chosen policy type apart; and
        # its lookup.
        ("?q=economie+sociale&type=plan", 14, 12),
    ],
)
def test_the_list_makes_a_bounded_number_of_queries(
    client,
    themes,
    policy_types,
    make_partner,
    make_city,
    django_assert_max_num_queries,
    count,
    query,
    first,
    then,
):
    bulk_initiatives(count, themes, policy_types, make_partner(), make_city)
    with django_assert_max_num_queries(first):
        response = client.get(LIST + query)
    assert response.status_code == 200
    if not query:
        assert results_heading(response) == f"{count} initiatives"
    with django_assert_max_num_queries(then):
        assert client.get(LIST + (f"{query}&" if query else "?") + "page=2").status_code == 200


def options_with_counts(response):
    """(filter name, value, count) of every choice the form offers."""
    form = parse_html(response.content).find("form")
    labels = {label.attrs.get("for"): text_of(label) for label in form.find_all("label")}
    return [
        (i.attrs["name"], i.attrs["value"], int(labels[i.attrs["id"]].rsplit("(", 1)[1][:-1]))
        for i in form.find_all("input", type="checkbox")
        if i.attrs["name"] != "compare"
    ]


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"year": "2000"},
        {"theme": "housing", "level": "regional"},
        {"q": "economie", "type": "plan", "city": "city-3"},
        {"organisation": "org", "theme": "culture", "level": "regional", "q": "sociale"},
    ],
)
def test_each_choice_shows_the_number_of_results_it_gives(
    client, themes, policy_types, make_partner, make_city, query
):
    bulk_initiatives(60, themes, policy_types, make_partner(slug_en="org"), make_city)
    response = client.get(LIST, query)
    choices = options_with_counts(response)
    assert {name for name, _value, _count in choices} >= {"theme", "year", "level", "type"}
    for name, value, count in choices:
        chosen = client.get(LIST, {**query, name: value})
        assert results_heading(chosen) == f"{count} initiative{'s' if count != 1 else ''}", (
            name,
            value,
        )


def test_database_in_use(db):
    # Shows in the report which database the suite ran on.
    assert connection.vendor in {"sqlite", "postgresql"}


@pytest.mark.parametrize("name", ["city", "country"])
def test_an_unknown_place_answers_in_both_languages(client, make_initiative, name):
    make_initiative()
    for language in ("fr", "en"):
        assert client.get(f"/{language}/initiatives/?{name}=London").status_code == 200


def test_an_unpublished_partner_is_not_named_by_the_filters(client, make_initiative, make_partner):
    hidden = make_partner(name_fr="Partenaire secret", slug_fr="secret", is_published=False)
    make_initiative(organisation=hidden, is_published=False)
    response = client.get("/fr/initiatives/?organisation=secret")
    assert response.status_code == 200
    assert "Partenaire secret" not in response.content.decode()


def test_a_filter_offers_its_thirty_most_frequent_values_and_the_chosen_one(
    client, many, make_initiative
):
    make_initiative(year=2040)
    make_initiative(year=2040)
    years = [c for c in options_with_counts(get(client, "")) if c[0] == "year"]
    assert len(years) == 30
    assert ("year", "2040", 3) in years  # the most frequent, first to be kept
    assert ("year", "2044", 1) not in years
    response = get(client, "?year=2044")
    assert chosen(response, "year") == ["2044"]
    assert ("year", "2044", 1) in options_with_counts(response)


def left_out_notices(response):
    """The legend of each filter that says some of its values are not listed, and its words."""
    form = parse_html(response.content).find("form")
    return {
        text_of(notice.find_parent("fieldset").legend): text_of(notice)
        for notice in form.select("fieldset p.filter-more")
    }


def test_a_filter_that_lists_only_its_most_frequent_values_says_so(client, many):
    notice = {"Year": "Only the 30 most frequent are listed."}  # of 45 years
    assert left_out_notices(get(client, "")) == notice
    assert left_out_notices(get(client, "?q=initiative")) == notice  # counted in one go
    # A year chosen is listed on top of the thirty, and the others are still missing.
    assert left_out_notices(get(client, "?year=2044")) == notice
    assert left_out_notices(client.get("/fr/initiatives/")) == {
        "Année": "Seules les 30 valeurs les plus fréquentes sont proposées."
    }
    Initiative.objects.filter(year__gte=2030).update(is_published=False)
    forget_cached_pages()
    assert left_out_notices(get(client, "")) == {}  # thirty years, all listed
    assert left_out_notices(get(client, "?q=initiative")) == {}


def test_a_search_names_itself_in_the_title_and_cards_link_to_their_themes(client, site_content):
    page = parse_html(get_fr(client, "?q=partenariat&level=municipal").content)
    assert page.find("title").get_text() == (
        "Initiatives · «\u00a0partenariat\u00a0» · Niveau de gouvernement\u00a0: Municipal"
        " · C.I.T.I.E.S."
    )
    chip = page.select_one(".theme-tags a")
    assert chip.attrs["href"].startswith("/fr/initiatives/?theme=")
    assert get_fr(client, chip.attrs["href"].removeprefix("/fr/initiatives/"))


def test_a_search_of_punctuation_says_so_and_a_long_one_is_cut(client, site_content):
    punctuation = get_fr(client, "?q=%3F%21%E2%80%A6")
    assert "Recherche" in text_of(main_of(punctuation).find("p", class_="notice"))
    assert results_heading(punctuation) == "1 initiative"  # the search ignored, not "0"
    long = get_fr(client, "?q=" + "partenariat%20" + "x" * 250)
    assert "200 premiers caractères" in text_of(main_of(long).find("p", class_="notice"))
    assert results_heading(long) == "0 initiative"
    # What finds nothing keeps its filters, to be changed.
    nothing = get_fr(client, "?q=introuvable&year=2009")
    assert results_heading(nothing) == "0 initiative"
    assert chosen(nothing, "year") == ["2009"]
