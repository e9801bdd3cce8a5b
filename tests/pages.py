"""Reading pages the way a visitor does: the text of the main content, headings, links."""

import re
from urllib.parse import parse_qs, urlsplit

from bs4 import BeautifulSoup


def normalise(text):
    return re.sub(r"\s+", " ", text.replace("\xa0", " ")).strip()


def soup_of(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def main_blocks(response, tags=("h1", "h2", "h3", "h4", "p", "li")):
    """The main content as (tag, text) pairs in reading order, breadcrumbs left out."""
    main = soup_of(response).find("main")
    for nav in main.find_all("nav"):
        nav.decompose()
    return [(el.name, normalise(el.get_text(" "))) for el in main.find_all(tags)]


def main_text(response):
    return normalise(soup_of(response).find("main").get_text(" "))


def facts(response):
    """A page's description list as {term: description}."""
    soup = soup_of(response)
    return {dt.get_text(strip=True): dt.find_next("dd").get_text(strip=True) for dt in soup("dt")}


def form_fields(form):
    """What a browser would post from ``form`` (a parsed <form>), every field as the page
    shows it: name → list of values; buttons and files left out."""
    data = {}
    for field in form.find_all(["input", "select", "textarea"]):
        name, kind = field.get("name"), field.get("type", "text")
        if not name or kind in {"submit", "button", "image", "reset", "file"}:
            continue
        if kind in {"checkbox", "radio"} and not field.has_attr("checked"):
            continue
        if field.name == "select":
            values = [option.get("value", "") for option in field.find_all(selected=True)]
        elif field.name == "textarea":
            # A browser drops the line end that follows <textarea> (html.parser does not).
            values = [field.get_text().removeprefix("\n")]
        else:
            values = [field.get("value", "on" if kind == "checkbox" else "")]
        data.setdefault(name, []).extend(values)
    return data


def edit_version(obj):
    """The hidden field the admin's change form carries for ``obj`` as it is now: a form
    posted without it, or with an older one, is refused (core/edit_conflicts.py)."""
    from django.contrib import admin

    from core.edit_conflicts import FIELD_NAME, StoredVersion

    return {FIELD_NAME: StoredVersion(admin.site.get_model_admin(type(obj)), obj).token()}


def text_of(element):
    """An element's text as read: its words, single-spaced."""
    return normalise(element.get_text(" "))


def switch_target(href):
    """Where the language switch's link leads: ``/language/en/?next=/en/…`` remembers the
    choice, then shows ``next``."""
    parts = urlsplit(href)
    assert parts.path.startswith("/language/"), href
    return parse_qs(parts.query)["next"][0]
