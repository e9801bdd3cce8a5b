"""The list's facet index (initiatives/facet_index.py) against the database's own filters:
whatever the filters and search, the list shows the initiatives the database selects, in
its order, and each choice's number is what the database counts; and it follows every
change to the content."""

import random

import pytest
from django.db import connection
from django.utils import translation

from core.cache import forget_cached_pages
from initiatives import facet_index as facet_index_module
from initiatives import search
from initiatives.facet_index import facet_index
from initiatives.filters import InitiativeFilterSet
from initiatives.models import Initiative
from initiatives.views import chosen_keys

from .conftest import result_titles, results_heading
from .test_list import bulk_initiatives

LIST = "/en/initiatives/"


@pytest.fixture
def varied(themes, policy_types, make_partner):
    """90 initiatives over 30 years, 7 cities, 4 levels, 2 policy types, 3 themes, two
    organisations (a partner and a name), some unpublished; with searchable words."""
    org = make_partner(slug_en="org", slug_fr="org-fr")
    bulk_initiatives(90, themes, policy_types, org)
    every_eleventh = list(Initiative.objects.order_by("pk").values_list("pk", flat=True))[::11]
    Initiative.objects.filter(pk__in=every_eleventh).update(is_published=False)
    for n, initiative in enumerate(Initiative.objects.order_by("pk")):
        initiative.title_en = f"Initiative {n} {'housing' if n % 5 == 0 else 'culture'} plan"
        initiative.title_fr = f"Initiative {n} {'logement' if n % 5 == 0 else 'culture'}"
        initiative.summary_en = "Social economy" if n % 3 else "Cooperative housing"
        initiative.summary_fr = "Économie sociale" if n % 3 else "Habitat coopératif"
        if n % 7 == 0:  # not yet translated: English pages show the French place
            initiative.city_en = ""
        initiative.save()
    return {"org": org}


def database_list(params, language):
    """What the database's own filters select (django-filter on the ORM), in the list's order:
    the reference the index is held to."""
    with translation.override(language):
        filterset = InitiativeFilterSet(params, queryset=Initiative.objects.for_list())
        return list(filterset.qs.values_list("pk", flat=True))


def index_list(params, language):
    with translation.override(language):
        active = InitiativeFilterSet(params).active
        matches = search.matches(active["q"]) if "q" in active else None
        listing = facet_index().listing(chosen_keys(active), matches)
        return listing, listing.ids(0, listing.total)


def random_params(rng, language):
    choices = {
        "theme": ["culture", "housing", "tourism"],
        "year": [str(y) for y in range(1988, 2022)],
        "city": [f"{'City' if language == 'en' else 'Ville'} {n}" for n in range(8)],
        "country": ["France", "Spain"],
        "level": ["municipal", "regional", "national", "international"],
        "type": ["plan", "law"],
        "organisation": ["org", "org-fr"],
        "q": (
            ["housing", "social economy", "plan", "cooperative", "initiative 1", "zzz"]
            if language == "en"
            else ["logement", "economie sociale", "habitat", "initiative 1", "zzz"]
        ),
    }
    names = rng.sample(sorted(choices), rng.randint(0, 4))
    return {name: rng.choice(choices[name]) for name in names}


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_list_is_what_the_database_selects_in_its_order(varied, language):
    rng = random.Random(f"list-{language}")
    for _ in range(60):
        params = random_params(rng, language)
        listing, ids = index_list(params, language)
        expected = database_list(params, language)
        assert ids == expected, params
        assert listing.total == len(expected), params


@pytest.mark.parametrize("language", ["en", "fr"])
def test_each_count_is_what_the_database_counts(varied, language):
    rng = random.Random(f"counts-{language}")
    for _ in range(6):
        params = random_params(rng, language)
        listing, _ids = index_list(params, language)
        with translation.override(language):
            for name, facet_counts in listing.counts.items():
                options = facet_index().options(name, language)
                offered = [option for option in options if option.key in facet_counts]
                for option in offered:
                    expected = len(database_list({**params, name: option.value}, language))
                    assert facet_counts[option.key] == expected, (params, name, option.value)
                # A value the index counts nothing for gives nothing in the database either.
                for option in options:
                    if option.key not in facet_counts:
                        assert database_list({**params, name: option.value}, language) == [], (
                            params,
                            name,
                            option.value,
                        )


def test_a_page_of_the_list_reads_only_its_initiatives(varied, django_assert_max_num_queries):
    listing, ids = index_list({"q": "plan"}, "en")
    assert listing.ids(20, 40) == ids[20:40]
    assert listing.ids(listing.total - 3, listing.total + 20) == ids[-3:]
    assert listing.ids(listing.total, listing.total + 20) == []


def test_far_apart_keys_cost_no_more_memory(client, make_initiative):
    """Positions, not primary keys, number the bits: a key in the millions (a restored
    backup, a sequence that jumped) does not make every bitset a megabyte."""
    make_initiative(title_en="Early", year=2001)
    make_initiative(title_en="Late", year=2002, pk=50_000_000)
    assert result_titles(client.get(LIST)) == ["Late", "Early"]
    index = facet_index()
    assert index.published.bit_length() == 2
    assert max(bits.bit_length() for bits in index.bits["year"].values()) <= 2


def test_every_change_to_the_content_shows_on_the_next_list(client, varied, themes):
    def culture_count():
        response = client.get(LIST, {"q": "culture"})
        return results_heading(response)

    before = culture_count()
    initiative = Initiative.objects.filter(is_published=True, title_en__contains="culture").first()
    initiative.is_published = False
    initiative.save()
    assert culture_count() != before

    housing = client.get(LIST, {"theme": "housing"})
    count = int(results_heading(housing).split()[0])
    target = Initiative.objects.filter(is_published=True).exclude(themes=themes["housing"]).first()
    target.themes.add(themes["housing"])
    assert results_heading(client.get(LIST, {"theme": "housing", "page": "1"})) == (
        f"{count + 1} initiatives"
    )

    target.year = 1901
    target.save()
    assert result_titles(client.get(LIST, {"year": "1901"})) == [target.title_en]

    varied["org"].name_en = "Renamed Organisation"
    varied["org"].save()
    assert "Renamed Organisation (" in client.get(LIST, {"level": "regional"}).text

    target.delete()
    assert results_heading(client.get(LIST, {"year": "1901", "page": "1"})) == "0 initiatives"


def test_a_change_the_signals_miss_shows_within_the_index_s_age(client, varied, monkeypatch):
    client.get(LIST)
    Initiative.objects.update(year=1900)  # no signal: the version stays
    assert results_heading(client.get(LIST, {"year": "1900"})) == "0 initiatives"
    monkeypatch.setattr(facet_index_module, "MAX_AGE_SECONDS", 0)
    assert results_heading(client.get(LIST, {"year": "1900", "page": "1"})) != "0 initiatives"


def test_the_index_is_kept_while_the_content_does_not_change(client, varied):
    client.get(LIST)
    index = facet_index()
    client.get(LIST, {"level": "national"})
    assert facet_index() is index
    forget_cached_pages()
    assert facet_index() is not index


# The search's full-text index on SQLite.

sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's full-text index")


def search_titles(client, text):
    return result_titles(client.get(LIST, {"q": text}))


@sqlite_only
def test_sqlite_full_text_index_follows_every_write(client, make_initiative):
    assert search.has_sqlite_index(connection)
    made = make_initiative(title_en="Zeppelin landing plan")
    assert search_titles(client, "zeppelin") == ["Zeppelin landing plan"]
    Initiative.objects.filter(pk=made.pk).update(search_title_en="airship landing plan")
    forget_cached_pages()
    assert search_titles(client, "zeppelin") == []
    assert search_titles(client, "airship") == ["Zeppelin landing plan"]
    Initiative.objects.filter(pk=made.pk).delete()
    assert search_titles(client, "airship") == []


@sqlite_only
def test_sqlite_full_text_index_comes_back_after_a_table_rebuild(client, make_initiative):
    make_initiative(title_en="Zeppelin landing plan")
    with connection.cursor() as cursor:
        # What Django's schema editor does when a migration alters the table on SQLite.
        cursor.execute("DROP TRIGGER initiatives_search_insert")
        # A trigger of an older version of the site, which indexed fewer columns.
        cursor.execute("DROP TRIGGER initiatives_search_update")
        cursor.execute(
            "CREATE TRIGGER initiatives_search_update AFTER UPDATE OF search_title_fr "
            "ON initiatives_initiative BEGIN SELECT 1; END"
        )
    assert search.ensure_sqlite_index(connection)
    renamed = make_initiative(title_en="Airship plan")
    renamed.title_en = "Zeppelin plan"
    renamed.save()
    make_initiative(title_en="Zeppelin museum")
    assert sorted(search_titles(client, "zeppelin")) == [
        "Zeppelin landing plan",
        "Zeppelin museum",
        "Zeppelin plan",
    ]
    assert not search.ensure_sqlite_index(connection)


@sqlite_only
@pytest.mark.parametrize("text", ["housing", "social economy", "initiative 1", "coop", "zzz"])
def test_sqlite_without_full_text_finds_the_same(varied, monkeypatch, text):
    with translation.override("en"):
        indexed = search.matches(text)
        monkeypatch.setattr(search, "has_sqlite_index", lambda connection: False)
        plain = search.matches(text)
    assert sorted(indexed.ids) == sorted(plain.ids)
    assert sorted(indexed.title_all) == sorted(plain.title_all)
    assert sorted(indexed.title_any) == sorted(plain.title_any)
