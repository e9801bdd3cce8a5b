"""The initiative page, the partner page and the home page, as a visitor reads them."""

import re
from pathlib import Path

import pytest
from django.utils import translation

from tests.pages import switch_target, text_of

from .conftest import assert_in_order, items_text, main_of, normalise_space

SOURCE = Path(__file__).resolve().parent.parent / "source" / "initiative-montreal-2009.txt"
FR_URL = "/fr/initiatives/partenariat-economie-sociale-montreal-2009/"
EN_URL = "/en/initiatives/social-economy-partnership-montreal-2009/"
SKIPPED_LINES = {"Organization", "Ville de Montréal", "An: 2009"}


def source_paragraphs():
    """The source's paragraphs and list items, without the old site's labels or numbering."""
    paragraphs, current = [], []
    for line in SOURCE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line in SKIPPED_LINES:
            continue
        item = re.match(r"^(?:\d+\.|•)\s*(.*)$", line)
        if not line or item:
            if current:
                paragraphs.append(normalise_space(" ".join(current)))
                current = []
            if item:
                paragraphs.append(normalise_space(item.group(1)))
            continue
        current.append(line)
    if current:
        paragraphs.append(normalise_space(" ".join(current)))
    return paragraphs


def test_the_source_is_read_as_expected():
    paragraphs = source_paragraphs()
    # Title, 2 paragraphs of introduction, 3 objectives, 1 paragraph, 5 axes, 1 closing.
    assert len(paragraphs) == 13
    assert paragraphs[0].startswith("Un partenariat en économie sociale")
    assert paragraphs[-1].startswith("Et pour s’assurer d’un suivi adéquat")


def test_french_page_has_every_paragraph_of_the_source_in_order(client, site_content):
    response = client.get(FR_URL)
    assert response.status_code == 200
    main = main_of(response)
    assert_in_order(text_of(main), source_paragraphs())
    assert text_of(main.find("h1")) == source_paragraphs()[0]
    assert len(main.find_all("h1")) == 1


def test_french_page_lists_the_objectives_in_order_then_the_axes(client, site_content):
    main = main_of(client.get(FR_URL))
    paragraphs = source_paragraphs()
    objectives = main.find("ol", class_="objectives")
    assert items_text(objectives) == paragraphs[3:6]
    axes = main.find("ul", class_="axes")
    assert items_text(axes) == paragraphs[7:12]
    # The paragraph introducing the axes stands between the two lists.
    assert_in_order(text_of(main), [paragraphs[5], paragraphs[6], paragraphs[7]])


def test_french_page_keeps_the_typography(client, site_content):
    text = text_of(main_of(client.get(FR_URL)))
    assert "mise en œuvre d’un plan d’action" in text
    assert "'" not in re.sub(r"<[^>]+>", "", text)


def test_french_page_shows_no_label_of_the_old_site(client, site_content):
    text = text_of(main_of(client.get(FR_URL)))
    assert "Organization" not in text
    assert "An:" not in text


def test_english_page_has_the_same_structure_with_english_labels(client, site_content):
    response = client.get(EN_URL)
    assert response.status_code == 200
    main = main_of(response)
    assert text_of(main.find("h1")).startswith("A social economy partnership")
    assert len(items_text(main.find("ol", class_="objectives"))) == 3
    assert len(items_text(main.find("ul", class_="axes"))) == 5
    headings = [text_of(h2) for h2 in main.find_all("h2")]
    assert headings[:3] == [
        "3 objectives",
        "5 axes of intervention",
        "Implementation and follow-up",
    ]
    facts = text_of(main.find("dl", class_="facts"))
    for label in ("Organization", "Year", "Place", "Level of government", "Policy type"):
        assert label in facts
    assert "Municipal" in facts and "Partnership agreement" in facts
    assert "City of Montréal" in facts
    text = text_of(main)
    for french in ("objectifs", "axes d’intervention", "Année", "Niveau", "Entente", "Ville de"):
        assert french not in text
    assert_in_order(
        text,
        [
            "This Partnership is designed as an agreement",
            "puts forward three objectives:",
            "to formally recognize the contribution",
            "resting on five axes of intervention:",
            "Increased support for collective entrepreneurship",
            "And to ensure proper follow-up",
        ],
    )


def french_catalogue_has(msgid):
    with translation.override("fr"):
        return translation.gettext(msgid) != msgid


@pytest.mark.skipif(
    not french_catalogue_has("Level of government"),
    reason="The French catalogue has not received the initiatives' messages yet.",
)
def test_french_page_labels_are_french(client, site_content):
    main = main_of(client.get(FR_URL))
    headings = [text_of(h2) for h2 in main.find_all("h2")]
    assert headings[:2] == ["3 objectifs", "5 axes d’intervention"]
    facts = text_of(main.find("dl", class_="facts"))
    assert "Niveau de gouvernement" in facts and "Entente de partenariat" in facts
    for english in ("Year", "Level of government", "Policy type", "objectives", "Themes"):
        assert english not in text_of(main)


def test_facts_link_the_partner_and_the_themes(client, site_content):
    main = main_of(client.get(FR_URL))
    facts = main.find("dl", class_="facts")
    links = {text_of(a): a.attrs["href"] for a in facts.find_all("a")}
    assert links["La Ville de Montréal"] == "/fr/partenaires/ville-de-montreal/"
    assert links["Culture"] == "/fr/initiatives/?theme=culture"
    assert links["Développement durable"] == "/fr/initiatives/?theme=developpement-durable"
    assert len(links) == 6


def test_breadcrumbs_lead_back_to_the_list(client, site_content):
    breadcrumbs = parse_nav(client.get(EN_URL), "breadcrumbs")
    assert [a.attrs["href"] for a in breadcrumbs.find_all("a")] == ["/en/", "/en/initiatives/"]
    assert text_of(breadcrumbs.find("span", **{"aria-current": "page"})).startswith("A social")


def parse_nav(response, class_):
    from .conftest import parse_html

    return parse_html(response.content).find("nav", class_=class_)


def test_language_switch_lands_on_the_same_initiative(client, site_content):
    switch = parse_nav(client.get(FR_URL), "language-switch")
    assert switch_target(switch.find("a", hreflang="en").attrs["href"]) == EN_URL
    switch = parse_nav(client.get(EN_URL), "language-switch")
    assert switch_target(switch.find("a", hreflang="fr").attrs["href"]) == FR_URL


def test_a_slug_of_the_other_language_redirects_permanently(client, site_content):
    response = client.get("/en/initiatives/partenariat-economie-sociale-montreal-2009/")
    assert response.status_code == 301
    assert response["Location"] == EN_URL
    response = client.get("/fr/initiatives/social-economy-partnership-montreal-2009/")
    assert response.status_code == 301
    assert response["Location"] == FR_URL


def test_unknown_and_unpublished_initiatives_are_not_found(client, make_initiative):
    hidden = make_initiative(is_published=False, slug_fr="cachee", slug_en="hidden")
    assert client.get("/fr/initiatives/nope/").status_code == 404
    assert client.get("/fr/initiatives/cachee/").status_code == 404
    assert client.get("/en/initiatives/cachee/").status_code == 404
    assert client.get(hidden.get_absolute_url()).status_code == 404


def test_slugs_are_made_from_the_titles_and_kept_unique(make_initiative):
    first = make_initiative(title_fr="Plan d’action", title_en="Action plan")
    second = make_initiative(title_fr="Plan d’action", title_en="Action plan")
    assert (first.slug_fr, first.slug_en) == ("plan-daction", "action-plan")
    assert (second.slug_fr, second.slug_en) == ("plan-daction-2", "action-plan-2")


def test_partner_page_lists_its_initiatives(client, site_content):
    main = main_of(client.get("/fr/partenaires/ville-de-montreal/"))
    section = main.find("section", class_="partner-initiatives")
    link = section.find("a")
    assert link.attrs["href"] == FR_URL
    assert text_of(link) == source_paragraphs()[0]
    main = main_of(client.get("/en/partners/city-of-montreal/"))
    assert main.find("section", class_="partner-initiatives").find("a").attrs["href"] == EN_URL


def test_partner_page_without_initiatives_has_no_such_section(client, make_partner):
    partner = make_partner()
    main = main_of(client.get(partner.get_absolute_url()))
    assert main.find("section", class_="partner-initiatives") is None


def test_home_page_leads_to_the_knowledge_base_with_its_count(
    client, site_content, make_initiative
):
    make_initiative()
    make_initiative(is_published=False)
    main = main_of(client.get("/en/"))
    section = main.find("section", class_="home-initiatives")
    assert "2 public-policy initiatives" in text_of(section)
    assert section.find("a").attrs["href"] == "/en/initiatives/"


def test_header_has_the_initiatives_item_marked_current(client, site_content):
    from .conftest import parse_html

    nav = parse_html(client.get("/en/initiatives/").content).find("nav", class_="site-nav")
    link = nav.find("a", href="/en/initiatives/")
    assert text_of(link) == "Initiatives"
    assert link.attrs["aria-current"] == "page"
    nav = parse_html(client.get(EN_URL).content).find("nav", class_="site-nav")
    assert nav.find("a", href="/en/initiatives/").attrs["aria-current"] == "true"
