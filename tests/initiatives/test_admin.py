"""The admin of initiatives, themes and policy types answers and links to the site."""

import pytest
from bs4 import BeautifulSoup

from initiatives.models import Initiative
from tests.pages import form_fields

from .conftest import parse_html


@pytest.mark.parametrize(
    "url",
    [
        "/admin/initiatives/initiative/",
        "/admin/initiatives/initiative/?year=2009&level__exact=municipal&is_published__exact=1",
        "/admin/initiatives/initiative/?q=montr%C3%A9al",
        "/admin/initiatives/initiative/add/",
        "/admin/initiatives/theme/",
        "/admin/initiatives/theme/add/",
        "/admin/initiatives/policytype/",
        "/admin/initiatives/policytype/add/",
        "/admin/autocomplete/?app_label=initiatives&model_name=initiative&field_name=organisation",
    ],
)
def test_admin_pages_answer(admin_client, site_content, url):
    assert admin_client.get(url).status_code == 200


def test_change_page_has_ordered_inlines_and_a_link_to_the_page(admin_client, site_content):
    initiative = Initiative.objects.get()
    response = admin_client.get(
        f"/admin/initiatives/initiative/{initiative.pk}/change/", headers={"accept-language": "en"}
    )
    assert response.status_code == 200
    document = parse_html(response.content)
    assert document.find("input", attrs={"name": "objectives-2-order"}).attrs["value"] == "3"
    assert document.find("textarea", attrs={"name": "axes-4-text_en"}) is not None
    assert document.find("input", attrs={"name": "source_documents-TOTAL_FORMS"}) is not None
    with_link = document.find("a", href="/en/initiatives/social-economy-partnership-montreal-2009/")
    assert with_link is not None
    assert document.find("select", attrs={"name": "organisation"}).attrs.get("data-ajax--url")


def test_search_in_the_admin_finds_by_partner_name(admin_client, site_content):
    response = admin_client.get("/admin/initiatives/initiative/?q=Ville+de+Montr%C3%A9al")
    assert b"partenariat-economie-sociale-montreal-2009" in response.content


def form_as_shown(html):
    """What a browser would post from the admin's form, every field as the page shows it."""
    return form_fields(BeautifulSoup(html, "html.parser").find("form", method="post"))


def test_an_initiative_without_any_organisation_is_refused_with_a_message(admin_client, db):
    page = admin_client.get("/admin/initiatives/initiative/add/", headers={"accept-language": "en"})
    data = form_as_shown(page.content.decode())
    data.update(title_fr="Plan vélo", title_en="Cycling plan", year="2024")
    response = admin_client.post(
        "/admin/initiatives/initiative/add/", data, headers={"accept-language": "en"}
    )
    assert response.status_code == 200
    assert "Choose a partner or give the organization’s name." in response.content.decode()
    assert not Initiative.objects.exists()


@pytest.mark.parametrize("year", ["0", "99999", "1799", "2101"])
def test_an_impossible_year_is_refused(admin_client, site_content, year):
    initiative = Initiative.objects.get()
    url = f"/admin/initiatives/initiative/{initiative.pk}/change/"
    data = form_as_shown(admin_client.get(url, headers={"accept-language": "fr"}).content.decode())
    data["year"] = year
    response = admin_client.post(url, data, headers={"accept-language": "fr"})
    assert response.status_code == 200
    assert "Assurez-vous que cette valeur est" in response.content.decode()
    initiative.refresh_from_db()
    assert initiative.year == 2009


def theme_form(admin_client, **values):
    page = admin_client.get("/admin/initiatives/theme/add/", headers={"accept-language": "en"})
    data = form_fields(BeautifulSoup(page.content.decode(), "html.parser").find(id="theme_form"))
    data.update(values)
    return admin_client.post(
        "/admin/initiatives/theme/add/", data, headers={"accept-language": "en"}
    )


def test_a_theme_named_like_another_s_address_gets_an_address_of_its_own(admin_client, themes):
    from initiatives.models import Theme

    # "culture" is the address of the theme now called "Arts and culture".
    themes["culture"].name_fr = "Arts et culture"
    themes["culture"].name_en = "Arts and culture"
    themes["culture"].save()
    response = theme_form(admin_client, key="culture-new", name_fr="Culture", name_en="Culture")
    assert response.status_code == 302
    created = Theme.objects.get(key="culture-new")
    assert (created.slug_fr, created.slug_en) == ("culture-2", "culture-2")


def test_a_theme_s_address_used_in_another_language_is_refused(admin_client, themes):
    response = theme_form(
        admin_client, key="new", name_fr="Nouveau", name_en="New", slug_fr="housing"
    )
    assert response.status_code == 200
    assert "already used by another page" in response.content.decode()
