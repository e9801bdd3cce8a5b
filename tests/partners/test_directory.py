import re

import pytest
from django.urls import reverse
from django.utils import translation

from partners.models import Partner
from tests.conftest import SOURCE_DIR
from tests.pages import main_blocks, normalise, soup_of

# The source's headings, written in correct modern French on the site.
HEADING_CORRECTIONS = {"A Séoul": "À Séoul", "Au pays basque": "Au Pays basque"}
SECTION_HEADINGS = {"Fondateurs", "Partenaires associés", "Partenaires financiers"}
REGION_HEADINGS = {"Au Québec", "À Séoul", "En Catalogne", "Au Pays basque"}


def source_paragraphs():
    lines = (SOURCE_DIR / "partenaires.txt").read_text(encoding="utf-8").splitlines()
    paragraphs = [normalise(line) for line in lines]
    return [HEADING_CORRECTIONS.get(p, p) for p in paragraphs if p]


def expected_tag(paragraph):
    """The element each line of the source must be on the page."""
    if paragraph == "Partenaires":
        return "h1"
    if paragraph in SECTION_HEADINGS:
        return "h2"
    if paragraph in REGION_HEADINGS:
        return "h3"
    return None


def directory(client, language):
    with translation.override(language):
        return client.get(reverse("partners:directory"))


def test_french_directory_has_every_paragraph_of_the_source_in_order(client, site_content):
    """Headings and names in the directory, in the source's order; each description, which
    the directory cuts to an excerpt, whole on its partner's page."""
    response = directory(client, "fr")
    assert response.status_code == 200
    blocks = main_blocks(response)
    links = {a.get_text(strip=True): a["href"] for a in soup_of(response).select(".partner-name a")}
    position, partner = 0, None
    for paragraph in source_paragraphs():
        found = next((i for i in range(position, len(blocks)) if blocks[i][1] == paragraph), None)
        if found is None and partner in links:
            page = main_blocks(client.get(links[partner]))
            assert paragraph in [text for _tag, text in page], f"not on {partner}'s page"
            continue
        assert found is not None, f"missing or out of order: {paragraph[:70]!r}"
        tag = expected_tag(paragraph)
        if tag:
            assert blocks[found][0] == tag, f"{paragraph!r} should be an {tag}"
        partner = paragraph if paragraph in links else partner
        position = found + 1


def test_directory_cards_show_an_excerpt_of_even_length(client, site_content):
    cards = soup_of(directory(client, "fr")).select(".partner-card .partner-description")
    assert len(cards) == 18
    assert all(len(card.get_text().split()) <= 29 for card in cards)


def test_each_partner_sits_under_its_region_and_section(client, site_content):
    blocks = main_blocks(directory(client, "fr"), tags=("h2", "h3", "h4"))
    headings = [text for _tag, text in blocks]
    assert headings.index("Au Québec") < headings.index("La Ville de Montréal")
    assert headings.index("À Séoul") < headings.index("Seoul Social Economy Network")
    assert headings.index("En Catalogne") < headings.index("Ville de Barcelone")
    assert headings.index("Au Pays basque") < headings.index("Le groupe LKS")
    # A founder with no region has a heading of its own, not the last region's.
    gsef = "L’Association GSEF (Global Social Economy Forum)"
    assert headings.index("Le groupe LKS") < headings.index("À l’international")
    assert headings.index("À l’international") == headings.index(gsef) - 1
    assert headings.index(gsef) < headings.index("Partenaires associés")
    assert headings.index("Partenaires associés") < headings.index("Le RIPESS")
    assert headings.index("Partenaires financiers") < headings.index("Montréal International")
    # Partner names are headings one level below their group's heading.
    level = {text: tag for tag, text in blocks}
    assert level["La Ville de Montréal"] == "h4"
    assert level[gsef] == "h4"
    assert level["Socioeco"] == "h3"


def partner_ids_in_directory(response, language):
    slug_field = f"slug_{language}"
    prefix = reverse("partners:directory")
    ids = []
    for link in soup_of(response).select("main .partner-name a"):
        slug = link["href"].removeprefix(prefix).strip("/")
        ids.append(Partner.objects.get(**{slug_field: slug}).pk)
    return ids


def test_english_directory_lists_the_same_partners_in_the_same_order(client, site_content):
    with translation.override("fr"):
        french = partner_ids_in_directory(directory(client, "fr"), "fr")
    with translation.override("en"):
        response = directory(client, "en")
        english = partner_ids_in_directory(response, "en")
    assert len(french) == 18
    assert english == french
    headings = [text for _tag, text in main_blocks(response, tags=("h1", "h2", "h3"))]
    assert headings[:3] == ["Partners", "Founders", "In Quebec"]
    assert {"In Seoul", "In Catalonia", "In the Basque Country", "International"} <= set(headings)
    assert {"Associated partners", "Financial partners"} <= set(headings)
    assert "Many international networks are raising the visibility" in response.text


def test_unpublished_partners_are_not_listed(client, site_content):
    Partner.objects.filter(content_key="socioeco").update(is_published=False)
    response = directory(client, "fr")
    assert "Socioeco" not in response.text
    assert "Le RIPESS" in response.text


@pytest.mark.parametrize("count", [20, 300])
def test_directory_queries_do_not_grow_with_partners(
    client, make_partner, django_assert_max_num_queries, count
):
    from partners.models import Category, Region

    founders = Category.objects.create(
        key="f", name_fr="Fondateurs", singular_name_fr="Fondateur", has_regions=True
    )
    regions = [
        Region.objects.create(key=f"r{i}", name_fr=f"R{i}", heading_fr=f"En R{i}") for i in range(4)
    ]
    for i in range(count):
        if i % 2:
            make_partner(category=founders, region=regions[i % 4])
        else:
            make_partner()
    # The content version and the next scheduled publication (once after a change), the
    # number of partners, the page's partners, the map's cities and the partners it names;
    # the footer's pages; the open data's licence.
    with django_assert_max_num_queries(8):
        response = directory(client, "fr")
    assert response.status_code == 200
    assert len(soup_of(response).select("main .partner-card")) == min(count, 60)


@pytest.fixture
def many_partners(make_partner, make_city):
    """130 partners in Montréal: three pages of the directory."""
    montreal = make_city("montreal")
    return [make_partner(city=montreal) for _ in range(130)]


def test_a_long_directory_is_paginated(client, many_partners):
    first = soup_of(client.get("/en/partners/"))
    assert len(first.select("main .partner-card")) == 60
    pagination = first.select_one("nav.pagination")
    assert pagination["aria-label"] == "Pages of partners"
    assert "Page 1 of 3" in pagination.get_text()
    assert pagination.select_one("a[rel=next]")["href"] == "?page=2"
    third = client.get("/en/partners/", {"page": "3"})
    soup = soup_of(third)
    assert len(soup.select("main .partner-card")) == 10
    assert soup.title.get_text().startswith("Partners · page 3 ·")
    assert soup.select_one("link[rel=canonical]")["href"].endswith("/en/partners/?page=3")
    # The map is on the first page only, and its caption says the list goes on.
    assert first.select_one("figure.partner-map") and not soup.select_one("figure.partner-map")
    caption = first.select_one("#map-caption").get_text(" ", strip=True)
    assert "each partner is presented in the list below and on the next pages." in caption


@pytest.mark.parametrize("page", ["0", "999", "abc", "-1", "1.5"])
def test_a_page_out_of_range_shows_a_page_with_a_message(client, many_partners, page):
    response = client.get("/fr/partenaires/", {"page": page})
    assert response.status_code == 200
    notice = soup_of(response).select_one("main p.notice").get_text(" ", strip=True)
    assert notice.startswith("La page demandée n’existe pas")
    assert soup_of(response).select_one("meta[name=robots]")["content"] == "noindex, follow"


def test_the_map_counts_every_partner_and_names_a_few(client, many_partners):
    soup = soup_of(client.get("/en/partners/"))
    marker = soup.select_one("figure.partner-map svg a")
    assert marker["aria-label"] == "Montréal, 130 partners"
    caption = soup.select_one("#city-montreal").get_text(" ", strip=True)
    assert caption.count("Partner ") == 8
    assert re.search(r"Partner \d+ and 122 others\)$", caption)


def test_the_directory_opens_with_links_to_its_sections(client, site_content):
    jump = soup_of(directory(client, "fr")).select_one(
        'nav.jump-links[aria-label="Sections de la page"]'
    )
    links = [(a.get_text(), a["href"]) for a in jump.find_all("a")]
    assert links == [
        ("Fondateurs", "#category-founders"),
        ("Partenaires associés", "#category-associated"),
        ("Partenaires financiers", "#category-financial"),
    ]
    page = soup_of(directory(client, "fr"))
    assert all(page.select_one(href) for _name, href in links)
