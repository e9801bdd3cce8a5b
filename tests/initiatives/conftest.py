"""Initiative factories and a small HTML reader to assert what a visitor sees."""

import itertools
import re
from html.parser import HTMLParser

import pytest

_sequence = itertools.count(1)
VOID_ELEMENTS = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
}


class Element:
    def __init__(self, tag, attrs, parent=None):
        self.tag, self.attrs, self.parent, self.children = tag, dict(attrs), parent, []

    @property
    def classes(self):
        return (self.attrs.get("class") or "").split()

    def text(self):
        parts = []
        for child in self.children:
            parts.append(child if isinstance(child, str) else f" {child.text()} ")
        return " ".join("".join(parts).split())

    def find_all(self, tag=None, class_=None, **attrs):
        found = []
        for child in self.children:
            if isinstance(child, str):
                continue
            if (
                (tag is None or child.tag == tag)
                and (class_ is None or class_ in child.classes)
                and all(child.attrs.get(k) == v for k, v in attrs.items())
            ):
                found.append(child)
            found.extend(child.find_all(tag, class_, **attrs))
        return found

    def find(self, tag=None, class_=None, **attrs):
        found = self.find_all(tag, class_, **attrs)
        return found[0] if found else None


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = self.current = Element("document", {})

    def handle_starttag(self, tag, attrs):
        element = Element(tag, attrs, self.current)
        self.current.children.append(element)
        if tag not in VOID_ELEMENTS:
            self.current = element

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Element(tag, attrs, self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse_html(content):
    if isinstance(content, bytes):
        content = content.decode()
    builder = _TreeBuilder()
    builder.feed(content)
    builder.close()
    return builder.root


def normalise_space(text):
    return " ".join(text.split())


def main_of(response):
    return parse_html(response.content).find("main")


def assert_in_order(text, fragments):
    position = 0
    for fragment in fragments:
        found = text.find(fragment, position)
        assert found >= 0, f"Not found (in order): {fragment!r}"
        position = found + len(fragment)


def items_text(element):
    return [item.text() for item in element.find_all("li")]


@pytest.fixture
def themes(db):
    from initiatives.models import Theme

    names = [
        ("culture", "Culture", "Culture"),
        ("housing", "Habitation", "Housing"),
        ("tourism", "Tourisme", "Tourism"),
    ]
    return {
        key: Theme.objects.create(key=key, name_fr=fr, name_en=en, slug_fr=key, slug_en=key)
        for key, fr, en in names
    }


@pytest.fixture
def policy_types(db):
    from initiatives.models import PolicyType

    return {
        "plan": PolicyType.objects.create(key="plan", name_fr="Plan d’action", name_en="Plan"),
        "law": PolicyType.objects.create(key="law", name_fr="Loi", name_en="Law"),
    }


@pytest.fixture
def make_initiative(db):
    """A small factory: a published initiative of 2020 in Lyon unless told otherwise."""
    from initiatives.models import Axis, Initiative, Objective

    def make(themes=(), objectives=(), axes=(), **fields):
        n = next(_sequence)
        defaults = {
            "title_fr": f"Initiative numéro {n}",
            "title_en": f"Initiative number {n}",
            "organisation_name_fr": "Métropole de Lyon",
            "organisation_name_en": "Lyon Metropolis",
            "year": 2020,
            "city_fr": "Lyon",
            "city_en": "Lyon",
            "country_fr": "France",
            "country_en": "France",
            "level": "municipal",
            "summary_fr": f"Résumé {n}.",
            "summary_en": f"Summary {n}.",
        }
        initiative = Initiative.objects.create(**{**defaults, **fields})
        initiative.themes.set(themes)
        for order, (fr, en) in enumerate(objectives, start=1):
            Objective.objects.create(initiative=initiative, order=order, text_fr=fr, text_en=en)
        for order, (fr, en) in enumerate(axes, start=1):
            Axis.objects.create(initiative=initiative, order=order, text_fr=fr, text_en=en)
        return initiative

    return make


def result_titles(response):
    """The titles of the initiatives listed, in order."""
    results = main_of(response).find("ul", class_="initiative-list")
    if results is None:
        return []
    return [h3.text() for h3 in results.find_all("h3")]


def results_heading(response):
    return main_of(response).find("h2", id="results-heading").text()


def strip_tags(text):
    return re.sub(r"<[^>]+>", " ", text)
