"""Initiatives side by side, and each initiative's related ones."""

import pytest

from tests.pages import switch_target, text_of

from .conftest import main_of, parse_html

COMPARE = "/en/initiatives/compare/"


def compared_titles(response):
    table = main_of(response).find("table", class_="comparison")
    return [text_of(th.find("a")) for th in table.find("thead").find_all("th")]


def row(response, label):
    table = main_of(response).find("table", class_="comparison")
    for tr in table.find("tbody").find_all("tr"):
        if text_of(tr.find("th")) == label:
            for name in tr.select(".compare-name"):
                name.decompose()  # the initiative's name, shown on a phone only
            return [text_of(td) for td in tr.find_all("td")]
    raise AssertionError(label)


def test_the_list_s_form_sends_the_ticked_initiatives_to_the_comparison(client, catalogue):
    page = parse_html(client.get("/en/initiatives/?theme=culture").content)
    form = page.find("form")
    boxes = form.find_all("input", attrs={"name": "compare"})
    assert [box.attrs["value"] for box in boxes] == [
        catalogue["lyon-housing"].slug_en,
        catalogue["lyon"].slug_en,
    ]
    button = form.find("button", attrs={"formaction": True})
    assert button.attrs["formaction"] == COMPARE
    # The filters come along; the address to share keeps only the initiatives.
    slugs = [catalogue["seoul"].slug_en, catalogue["lyon"].slug_en]
    response = client.get(COMPARE, {"theme": "culture", "compare": slugs, "q": ""})
    assert response.status_code == 302
    assert response["Location"] == f"{COMPARE}?compare={slugs[0]}&compare={slugs[1]}"


def test_rows_are_aligned_and_the_switch_keeps_the_comparison(client, catalogue):
    seoul, lyon = catalogue["seoul"], catalogue["lyon-housing"]
    response = client.get(COMPARE, {"compare": [seoul.slug_en, lyon.slug_en]})
    assert response.status_code == 200
    assert compared_titles(response) == ["Seoul framework act", "Lyon housing plan"]
    assert row(response, "Place") == ["Seoul, South Korea", "Lyon, France"]
    assert row(response, "Level of government") == ["National", "Regional"]
    assert row(response, "Year") == ["2020", "2020"]
    assert row(response, "Policy type") == ["Law", "Plan"]
    assert row(response, "Organization") == ["Seoul City", "Lyon Metropolis"]
    assert row(response, "Themes") == ["Tourism", "Culture Housing"]  # commas by the style
    assert row(response, "Objectives") == ["—", "—"]
    switch = switch_target(parse_html(response.content).find("a", hreflang="fr").attrs["href"])
    assert switch == f"/fr/initiatives/comparer/?compare={seoul.slug_fr}&compare={lyon.slug_fr}"
    french = client.get(switch)
    assert french.status_code == 200
    assert row(french, "Niveau de gouvernement") == ["National", "Régional"]
    # A slug of the other language leads to this language's address.
    redirected = client.get(COMPARE, {"compare": [seoul.slug_fr, lyon.slug_en]})
    assert redirected["Location"] == f"{COMPARE}?compare={seoul.slug_en}&compare={lyon.slug_en}"


def test_objectives_axes_and_documents_are_compared(client, make_initiative):
    one = make_initiative(
        title_en="One", objectives=[("Créer", "Create")], axes=[("Axe", "Axis A")]
    )
    two = make_initiative(title_en="Two", objectives=[("Un", "First"), ("Deux", "")])
    response = client.get(COMPARE, {"compare": [one.slug_en, two.slug_en]})
    assert row(response, "Objectives") == ["Create", "First Deux"]
    marked = main_of(response).find("li", lang="fr")
    assert text_of(marked) == "Deux"
    assert row(response, "Axes of intervention") == ["Axis A", "—"]
    assert row(response, "Source documents") == ["—", "—"]


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"compare": "nope"},
        {"compare": ["nope", "nada"]},
        {"compare": "\x00"},
        {"compare": "x" * 5000},
        {"compare": [str(n) for n in range(500)]},
    ],
)
def test_fewer_than_two_found_says_how_to_choose(client, catalogue, query):
    response = client.get(COMPARE, query)
    assert response.status_code == 200
    assert "Tick two to four initiatives" in text_of(main_of(response))
    assert main_of(response).find("table") is None


def test_an_unknown_or_fifth_initiative_is_left_out_and_said(client, make_initiative):
    made = [make_initiative(title_en=f"Plan {n}") for n in range(5)]
    response = client.get(COMPARE, {"compare": [i.slug_en for i in made]})
    assert compared_titles(response) == ["Plan 0", "Plan 1", "Plan 2", "Plan 3"]
    assert "left out" in text_of(main_of(response).find("p", class_="notice"))
    assert response["Cache-Control"].startswith("private")
    unknown = client.get(COMPARE, {"compare": ["nope", made[0].slug_en, made[1].slug_en]})
    assert compared_titles(unknown) == ["Plan 0", "Plan 1"]
    assert main_of(unknown).find("p", class_="notice") is not None
    # Each column can be removed, down to two.
    removal = main_of(response).find("a", class_="compare-remove").attrs["href"]
    assert removal == "?" + "&".join(f"compare={i.slug_en}" for i in made[1:4])


def test_a_draft_is_not_compared(client, catalogue):
    query = {"compare": [catalogue["hidden"].slug_en, catalogue["lyon"].slug_en]}
    assert main_of(client.get(COMPARE, query)).find("table") is None


def test_the_comparison_makes_a_bounded_number_of_queries(
    client, make_initiative, themes, django_assert_max_num_queries
):
    made = [
        make_initiative(themes=list(themes.values()), objectives=[("a", "b")] * 5)
        for _n in range(4)
    ]
    address = COMPARE + "?" + "&".join(f"compare={i.slug_en}" for i in made)
    # Version, schedule; the initiatives; their themes, objectives, axes, documents; the
    # footer's pages.
    with django_assert_max_num_queries(9):
        assert client.get(address).status_code == 200


def test_the_list_keeps_the_initiatives_ticked_on_other_pages(client, catalogue):
    lyon = catalogue["lyon"]
    response = client.get("/en/initiatives/", {"compare": lyon.slug_en, "level": "national"})
    form = parse_html(response.content).find("form")
    kept = form.find("ul", class_="compare-elsewhere").find_all("input", checked=True)
    assert [box.attrs["value"] for box in kept] == [lyon.slug_en]
    assert response["Cache-Control"].startswith("private")


def related_titles(response):
    section = main_of(response).find("section", class_="related")
    return [text_of(li.find("a")) for li in section.find_all("li")] if section else []


def test_related_initiatives_share_themes_then_country_then_level(
    client, make_initiative, make_city, themes
):
    culture, housing = themes["culture"], themes["housing"]
    page = make_initiative(title_en="Page", themes=[culture, housing], city=make_city("lyon"))
    make_initiative(title_en="Both themes", themes=[culture, housing], city=make_city("seoul"))
    make_initiative(title_en="One theme", themes=[housing], city=make_city("seoul"))
    make_initiative(
        title_en="Same country", city=make_city("paris", country="FR"), level="national"
    )
    make_initiative(title_en="Same level", city=make_city("seoul"), year=2021)
    make_initiative(title_en="Nothing alike", city=make_city("seoul"), level="national")
    make_initiative(title_en="Draft", themes=[culture], is_published=False)
    for n in range(3):
        make_initiative(title_en=f"Other level {n}", level="regional", city=make_city("seoul"))
    response = client.get(page.get_absolute_url().replace("/fr/", "/en/", 1), follow=True)
    assert related_titles(response) == [
        "Both themes",
        "One theme",
        "Same country",
        "Same level",
    ]
    compare = main_of(response).find("section", class_="related").find("a", "compare-link")
    other = text_of(compare)
    assert other == "Compare with this one"
    assert compare.attrs["href"].startswith(f"/en/initiatives/compare/?compare={page.slug_en}&")


def test_a_shared_comparison_names_itself_whole(client, catalogue):
    slugs = [catalogue["seoul"].slug_en, catalogue["lyon"].slug_en]
    page = parse_html(client.get(COMPARE, {"compare": slugs}).content)
    address = f"http://testserver{COMPARE}?compare={slugs[0]}&compare={slugs[1]}"
    assert page.find("link", rel="canonical")["href"] == address
    assert page.find("meta", property="og:url")["content"] == address
    # The fold counts the values ticked, not the search.
    listing = parse_html(client.get("/en/initiatives/?q=plan&theme=culture").content)
    assert listing.select_one("details.filters-fold > summary").get_text() == "Filters (1 chosen)"
