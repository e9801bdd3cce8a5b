"""Several values of a filter at once, their counts, and the list's orders."""

import pytest

from initiatives.models import Initiative
from tests.pages import text_of

from .conftest import main_of, parse_html, result_titles, results_heading
from .test_list import LIST, bulk_initiatives, chosen, get, options_with_counts

# Each filter's values as the ORM reads them, to hold the list's own filters to.
LOOKUPS = {
    "theme": "themes__slug_en__in",
    "year": "year__in",
    "country": "country__in",
    "city": "city__key__in",
    "level": "level__in",
    "type": "policy_type__key__in",
    "organisation": "organisation__slug_en__in",
}


def orm_count(chosen_values):
    initiatives = Initiative.objects.filter(is_published=True)
    for name, values in chosen_values.items():
        initiatives = initiatives.filter(**{LOOKUPS[name]: values})
    return initiatives.distinct().count()


def test_values_of_one_filter_add_up_and_filters_narrow(client, catalogue):
    assert result_titles(get(client, "?theme=housing&theme=tourism")) == [
        "Lyon housing plan",
        "Seoul framework act",
    ]
    assert result_titles(get(client, "?year=2019&year=2020&level=national")) == [
        "Seoul framework act"
    ]
    response = get(client, "?theme=housing&theme=tourism&type=law")
    assert result_titles(response) == ["Seoul framework act"]
    assert chosen(response, "theme") == ["housing", "tourism"]
    # A theme ticked twice, once by its slug of the other language, counts once.
    assert results_heading(get(client, "?theme=culture&theme=culture")) == "2 initiatives"


@pytest.mark.parametrize(
    "query",
    [
        {"theme": ["culture", "housing"]},
        {"theme": ["housing", "tourism"], "level": ["regional", "national"]},
        {"year": ["1990", "1995", "2001"], "type": ["law"], "city": ["city-1", "city-3"]},
        {"organisation": ["org"], "level": ["municipal", "international"], "q": "sociale"},
    ],
)
def test_counts_of_several_values_are_those_of_the_orm(
    client, themes, policy_types, make_partner, make_city, query
):
    bulk_initiatives(60, themes, policy_types, make_partner(slug_en="org"), make_city)
    response = client.get(LIST, query)
    facets = {name: values for name, values in query.items() if name != "q"}
    if "q" not in query:
        assert results_heading(response) == f"{orm_count(facets)} initiatives"
    for name, value, count in options_with_counts(response):
        # A value's count: what it gives alone in its filter, with the other filters.
        others = {other: values for other, values in facets.items() if other != name}
        if "q" in query:
            shown = results_heading(client.get(LIST, {**query, name: value}))
            assert shown.split()[0] == str(count), (name, value)
        else:
            assert count == orm_count({**others, name: [value]}), (name, value)


def test_each_value_chosen_is_an_active_filter_removed_alone(client, catalogue):
    response = get(client, "?theme=culture&theme=tourism&year=2020")
    active = main_of(response).find("div", class_="active-filters")
    links = {text_of(a): a.attrs["href"] for a in active.find_all("a")}
    assert links == {
        "Remove the filter Theme: Culture ×": "/en/initiatives/?theme=tourism&year=2020",
        "Remove the filter Theme: Tourism ×": "/en/initiatives/?theme=culture&year=2020",
        "Remove the filter Year: 2020 ×": "/en/initiatives/?theme=culture&theme=tourism",
        "Clear all filters": "/en/initiatives/",
    }
    title = parse_html(response.content).find("title").get_text()
    assert title == ("Initiatives · Theme: Culture · Theme: Tourism · Year: 2020 · C.I.T.I.E.S.")


def test_a_value_not_understood_among_others_is_said_and_the_rest_kept(client, catalogue):
    response = get(client, "?theme=culture&theme=nope")
    assert results_heading(response) == "2 initiatives"
    notice = text_of(main_of(response).find("p", class_="notice"))
    assert notice.endswith("ignored: Theme.")
    too_many = "&".join(f"year={1900 + n}" for n in range(40))
    assert "ignored: Year." in text_of(main_of(get(client, "?" + too_many)).find("p", "notice"))


def sort_options(response):
    select = parse_html(response.content).find("select", attrs={"name": "sort"})
    return [(o.attrs["value"], "selected" in o.attrs) for o in select.find_all("option")]


def test_the_list_sorts_most_recent_oldest_or_by_title(client, catalogue, make_initiative):
    make_initiative(title_en="Économie sociale", title_fr="Économie sociale", year=2018)
    response = get(client)
    assert sort_options(response) == [("recent", True), ("oldest", False), ("title", False)]
    assert result_titles(response)[0] == "Lyon housing plan"
    assert result_titles(get(client, "?sort=oldest")) == [
        "Économie sociale",
        "Lyon culture plan",
        "Lyon housing plan",
        "Seoul framework act",
    ]
    # Accents and case aside, as a reader sorts.
    assert result_titles(get(client, "?sort=title")) == [
        "Économie sociale",
        "Lyon culture plan",
        "Lyon housing plan",
        "Seoul framework act",
    ]
    french = client.get("/fr/initiatives/?sort=title")
    assert result_titles(french)[0] == "Économie sociale"


def test_a_search_sorts_by_best_match_unless_told(client, catalogue):
    searched = get(client, "?q=plan")
    assert sort_options(searched)[-1] == ("relevance", True)
    assert result_titles(get(client, "?q=plan&sort=oldest")) == [
        "Lyon culture plan",
        "Lyon housing plan",
    ]
    # Best match without a search: the most recent first, as without a choice.
    assert result_titles(get(client, "?sort=relevance"))[0] == "Lyon housing plan"
    odd = get(client, "?sort=%3Cscript%3E")
    assert text_of(main_of(odd).find("p", class_="notice")).endswith("ignored: Sort.")
    # The form sends the order chosen again.
    assert ("oldest", True) in sort_options(get(client, "?sort=oldest&theme=culture"))


def test_the_default_order_leaves_the_address(client, catalogue):
    assert client.get(LIST + "?sort=recent&theme=culture")["Location"] == LIST + "?theme=culture"
    assert client.get(LIST + "?q=plan&sort=relevance")["Location"] == LIST + "?q=plan"
    assert client.get(LIST + "?q=plan&sort=recent").status_code == 200
