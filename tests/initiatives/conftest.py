"""Initiative factories, and what a visitor reads of the list and pages."""

import itertools
import re

import pytest
from bs4 import BeautifulSoup

from tests.pages import text_of

_sequence = itertools.count(1)


def parse_html(content):
    return BeautifulSoup(content, "html.parser")


def normalise_space(text):
    return " ".join(text.split())


def main_of(response):
    return parse_html(response.content.decode()).find("main")


def assert_in_order(text, fragments):
    position = 0
    for fragment in fragments:
        found = text.find(fragment, position)
        assert found >= 0, f"Not found (in order): {fragment!r}"
        position = found + len(fragment)


def items_text(element):
    return [text_of(item) for item in element.find_all("li")]


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
def make_initiative(db, make_city, committed):
    """A small factory: a published initiative of 2020 in Lyon unless told otherwise, saved
    as a commit would leave it (searchable)."""
    from initiatives.models import Axis, Initiative, Objective

    def make(themes=(), objectives=(), axes=(), **fields):
        n = next(_sequence)
        defaults = {
            "is_published": True,
            "title_fr": f"Initiative numéro {n}",
            "title_en": f"Initiative number {n}",
            "organisation_name_fr": "Métropole de Lyon",
            "organisation_name_en": "Lyon Metropolis",
            "year": 2020,
            "city": make_city("lyon"),
            "level": "municipal",
            "summary_fr": f"Résumé {n}.",
            "summary_en": f"Summary {n}.",
        }
        with committed():
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
    return [text_of(h3) for h3 in results.find_all("h3")]


def results_heading(response):
    return text_of(main_of(response).find("h2", id="results-heading"))


def strip_tags(text):
    return re.sub(r"<[^>]+>", " ", text)


@pytest.fixture
def catalogue(make_initiative, themes, policy_types, make_partner, make_city):
    """Four initiatives that differ in every filtered property."""
    seoul = make_partner(
        name_fr="Ville de Séoul", name_en="Seoul City", slug_fr="seoul-fr", slug_en="seoul"
    )
    return {
        "lyon": make_initiative(
            title_en="Lyon culture plan",
            year=2019,
            themes=[themes["culture"]],
            policy_type=policy_types["plan"],
        ),
        "lyon-housing": make_initiative(
            title_en="Lyon housing plan",
            year=2020,
            themes=[themes["culture"], themes["housing"]],
            policy_type=policy_types["plan"],
            level="regional",
        ),
        "seoul": make_initiative(
            title_en="Seoul framework act",
            year=2020,
            organisation=seoul,
            organisation_name_fr="",
            organisation_name_en="",
            city=make_city("seoul"),
            themes=[themes["tourism"]],
            policy_type=policy_types["law"],
            level="national",
        ),
        "hidden": make_initiative(title_en="Hidden draft", is_published=False, year=2020),
    }
