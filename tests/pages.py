"""Reading pages the way a visitor does: the text of the main content, headings, links."""

import re

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
