"""The site's own pages (about, contact, legal notice, privacy): edited by staff in both
languages, linked from every page's footer once published."""

from pages.models import Page
from tests.conftest import CommittingClient
from tests.pages import soup_of, switch_target
from tests.test_history import post_form_of
from tests.test_roles import member_of


def footer_links(response):
    return {a.get_text(): a["href"] for a in soup_of(response).select(".site-footer nav a")}


def test_the_footer_links_the_published_pages_in_each_language(client, site_content):
    assert footer_links(client.get("/fr/")) == {
        "À propos de C.I.T.I.E.S.": "/fr/pages/a-propos/",
        "Confidentialité": "/fr/pages/confidentialite/",
    }
    assert footer_links(client.get("/en/initiatives/")) == {
        "About C.I.T.I.E.S.": "/en/pages/about/",
        "Privacy": "/en/pages/privacy/",
    }
    page = soup_of(client.get("/en/pages/privacy/"))
    assert page.select_one("h1").get_text() == "Privacy"
    text = page.select_one(".prose").get_text()
    assert "django_language" in text and "does not track" in text
    language_link = page.select_one('a[hreflang="fr"]')["href"]
    assert switch_target(language_link) == "/fr/pages/confidentialite/"
    # A slug of the other language leads to this language's address.
    assert client.get("/en/pages/confidentialite/")["Location"] == "/en/pages/privacy/"


def test_drafts_are_neither_linked_nor_shown(client, site_content):
    assert client.get("/fr/pages/mentions-legales/").status_code == 404
    assert client.get("/en/pages/contact/").status_code == 404
    assert client.get("/fr/pages/nulle-part/").status_code == 404


def test_an_editor_completes_and_publishes_a_page(client, site_content):
    editor = member_of(client, "Editors")
    legal = Page.objects.get(key="legal")
    path = f"/admin/pages/page/{legal.pk}/change/"
    body = "Éditeur : C.I.T.I.E.S.\n\nHébergement : Exemple inc., https://hebergeur.example/"
    response = post_form_of(editor, path, body_fr=body, is_published="on")
    assert response.status_code == 302
    visitor = CommittingClient()
    assert "Mentions légales" in footer_links(visitor.get("/fr/"))
    page = soup_of(visitor.get("/fr/pages/mentions-legales/"))
    assert page.select_one(".prose a")["href"] == "https://hebergeur.example/"
    assert page.select_one(".page-date time") is not None


def test_a_translator_changes_the_text_but_does_not_publish(client, site_content):
    translator = member_of(client, "Translators")
    contact = Page.objects.get(key="contact")
    path = f"/admin/pages/page/{contact.pk}/change/"
    response = post_form_of(translator, path, body_en="Write to us.", is_published="on")
    assert response.status_code == 302
    contact.refresh_from_db()
    assert (contact.body_en, contact.is_published) == ("Write to us.", False)
