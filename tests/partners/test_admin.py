import io
import os

import pytest
from django.contrib.auth.models import User
from PIL import Image

from partners.models import Partner
from tests.pages import edit_version, main_text, soup_of


@pytest.fixture
def staff_client(client, db):
    user = User.objects.create_superuser("editor", "editor@example.org", "a-long-passphrase")
    client.force_login(user)
    return client


def change_form_data(partner, **changes):
    """What the admin's change form posts for ``partner``, with some fields changed."""
    data = {
        "category": partner.category_id,
        "region": partner.region_id or "",
        "city": partner.city_id or "",
        "website": partner.website,
        "order": partner.order,
        "is_published": "on" if partner.is_published else "",
    }
    for field in ("name", "slug", "description"):
        for code in ("fr", "en"):
            data[f"{field}_{code}"] = getattr(partner, f"{field}_{code}") or ""
    data.update(edit_version(partner), **changes)
    return {key: value for key, value in data.items() if value != "" or key in {"region", "city"}}


def change_url(partner):
    return f"/admin/partners/partner/{partner.pk}/change/"


def test_staff_edit_of_the_english_description_shows_on_the_english_page(
    staff_client, site_content
):
    partner = Partner.objects.get(content_key="ripess")
    form_page = staff_client.get(change_url(partner))
    assert form_page.status_code == 200
    assert 'name="description_en"' in form_page.text

    response = staff_client.post(
        change_url(partner),
        change_form_data(partner, description_en="RIPESS links networks on every continent."),
    )
    assert response.status_code == 302, soup_of(response).select(".errorlist")

    english = staff_client.get("/en/partners/ripess/")
    assert "RIPESS links networks on every continent." in main_text(english)
    french = staff_client.get("/fr/partenaires/ripess/")
    assert "Un réseau de réseaux continentaux" in main_text(french)


def test_loading_content_again_keeps_staff_changes_and_adds_no_duplicate(
    staff_client, site_content
):
    from django.core.management import call_command

    partner = Partner.objects.get(content_key="socioeco")
    staff_client.post(change_url(partner), change_form_data(partner, name_fr="Socioeco.org"))
    call_command("load_content", stdout=io.StringIO())
    assert Partner.objects.count() == 18
    assert Partner.objects.get(content_key="socioeco").name_fr == "Socioeco.org"


def test_loading_content_again_brings_back_no_region_staff_deleted_or_rekeyed(site_content):
    from django.core.management import call_command

    from partners.models import Category, Region

    Partner.objects.filter(region__key="seoul").update(region=None)
    Region.objects.get(key="seoul").delete()
    Category.objects.filter(key="financial").update(key="funders")
    call_command("load_content", stdout=io.StringIO())
    assert not Region.objects.filter(key="seoul").exists()
    assert Category.objects.count() == 3
    assert Partner.objects.count() == 18


def test_admin_list_filters_search_and_links_to_the_site(staff_client, site_content):
    def listed(**query):
        response = staff_client.get("/admin/partners/partner/", query)
        assert response.status_code == 200
        return sorted(a.get_text() for a in soup_of(response).select("#result_list tbody th a"))

    assert listed(q="Economy Network") == ["Seoul Social Economy Network"]
    financial = Partner.objects.get(content_key="risq").category_id
    assert listed(category__id__exact=financial) == [
        "Montréal International",
        "Réseau d’investissement social du Québec",
    ]
    Partner.objects.filter(content_key="ripess").update(is_published=False)
    assert listed(is_published__exact="0") == ["Le RIPESS"]
    response = staff_client.get("/admin/partners/partner/")
    # An unpublished partner's page is a preview; a published one's the page itself.
    preview = soup_of(response).select_one('#result_list a[href="/fr/partenaires/ripess/"]')
    assert preview.get_text() == "Aperçu"
    assert soup_of(response).select_one('#result_list a[href="/fr/partenaires/tiess/"]')
    form = staff_client.get(change_url(Partner.objects.get(content_key="ripess")))
    assert soup_of(form).select_one("a.viewsitelink")["href"] == "/fr/partenaires/ripess/"


def test_visitors_and_non_staff_users_cannot_reach_the_admin(client, site_content):
    partner = Partner.objects.get(content_key="ripess")
    assert client.get("/admin/").status_code == 302
    User.objects.create_user("visitor", "v@example.org", "a-long-passphrase")
    client.login(username="visitor", password="a-long-passphrase")
    response = client.get(change_url(partner))
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    client.post(change_url(partner), change_form_data(partner, description_en="Defaced."))
    assert Partner.objects.get(pk=partner.pk).description_en != "Defaced."


# Logo uploads, with real files.


def image_file(name, size=(1200, 600), image_format="PNG", mode="RGB", noise=False):
    if noise:
        image = Image.frombytes(mode, size, os.urandom(size[0] * size[1] * len(mode)))
    else:
        image = Image.new(mode, size, (13, 101, 87) if mode == "RGB" else 0)
    buffer = io.BytesIO()
    image.save(buffer, format=image_format)
    buffer.name = name
    buffer.seek(0)
    return buffer


def named(content, name):
    buffer = io.BytesIO(content)
    buffer.name = name
    return buffer


def stored_files(settings):
    root = settings.MEDIA_ROOT
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def test_a_valid_png_logo_is_accepted_and_shown_resized(staff_client, site_content, settings):
    partner = Partner.objects.get(content_key="tiess")
    response = staff_client.post(
        change_url(partner), change_form_data(partner, logo=image_file("tiess.png"))
    )
    assert response.status_code == 302
    partner.refresh_from_db()
    assert partner.logo.name.endswith(".png")
    assert (partner.logo_rendition_width, partner.logo_rendition_height) == (480, 240)
    with Image.open(partner.logo_rendition.path) as rendition:
        assert rendition.format == "WEBP"

    img = soup_of(staff_client.get("/fr/partenaires/tiess/")).select_one("main img")
    assert img["src"] == partner.logo_rendition.url
    assert img["src"] != partner.logo.url
    assert (img["width"], img["height"]) == ("480", "240")
    assert img["alt"] == "Logo de Territoires innovants en économie sociale et solidaire"


def truncated_png():
    content = image_file("x.png", noise=True, size=(300, 300)).getvalue()
    return named(content[: len(content) // 2], "truncated.png")


def oversized_png():
    return image_file("heavy.png", size=(1500, 1500), noise=True)


def svg():
    content = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    return named(content, "logo.svg")


@pytest.mark.parametrize(
    ("make_file", "message"),
    [
        (lambda: named(b"just some text, not a picture", "logo.png"), "image"),
        (truncated_png, "image"),
        (svg, ""),
        (lambda: image_file("huge.png", size=(5000, 300)), "4000"),
        (oversized_png, "5"),
        (lambda: image_file("photo.png", image_format="JPEG"), "JPEG"),
        (lambda: image_file("anim.gif", image_format="GIF", mode="P"), ""),
        (lambda: image_file("bomb.png", size=(20000, 20000), mode="1"), "4000"),
        (lambda: image_file("photo.jpg", size=(6000, 4000), image_format="JPEG"), "4000"),
    ],
    ids=[
        "text-as-png",
        "truncated",
        "svg",
        "too-wide",
        "over-5-MB",
        "jpeg-as-png",
        "gif",
        "bomb",
        "24-megapixels",
    ],
)
def test_bad_logo_files_are_refused_with_a_message_and_nothing_is_saved(
    staff_client, site_content, settings, make_file, message
):
    partner = Partner.objects.get(content_key="tiess")
    stored = Partner.objects.rewrite(False).filter(pk=partner.pk)  # every column as stored
    before = stored.values().get()
    upload = make_file()
    response = staff_client.post(
        change_url(partner),
        change_form_data(partner, logo=upload, description_en="Changed in the same form."),
    )
    assert response.status_code == 200
    errors = soup_of(response).select(".field-logo .errorlist li")
    assert errors, "the form shows why the file was refused"
    assert message in errors[0].get_text()
    assert stored.values().get() == before
    assert stored_files(settings) == []
    # What staff typed in the other fields is still in the form, not lost.
    assert "Changed in the same form." in response.text


def test_a_shipped_partner_deleted_by_staff_stays_deleted(staff_client, site_content):
    from django.core.management import call_command

    partner = Partner.objects.get(content_key="socioeco")
    response = staff_client.post(f"/admin/partners/partner/{partner.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    call_command("load_content", stdout=io.StringIO())
    assert not Partner.objects.filter(content_key="socioeco").exists()
    assert Partner.objects.count() == 17


def test_a_slug_used_in_another_language_by_another_partner_is_refused(staff_client, site_content):
    montreal = Partner.objects.get(content_key="ville-de-montreal")
    other = Partner.objects.get(content_key="ripess")
    response = staff_client.post(
        change_url(other), change_form_data(other, slug_en=montreal.slug_fr)
    )
    assert response.status_code == 200
    assert "Cette adresse est déjà utilisée par une autre page" in response.text
    other.refresh_from_db()
    assert other.slug_en != montreal.slug_fr


def test_a_slug_made_from_a_name_avoids_the_other_languages_slugs(db, make_partner):
    first = make_partner(name_fr="Ville de Montréal", name_en="City of Montréal")
    second = make_partner(name_fr="Mairie", name_en="Ville de Montréal")
    assert first.slug_fr == "ville-de-montreal"
    assert second.slug_en == "ville-de-montreal-2"
