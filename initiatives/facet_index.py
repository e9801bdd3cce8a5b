"""The list's facet index: for each value of each filter, the published initiatives that
have it, as a bitset. The published initiatives are numbered in the list's order (most
recent first, then in the order they were added); bit N of a value's bitset (an integer) is
set when the N-th has the value.

A visitor's list is then a few operations on integers, whatever the number of initiatives:
the initiatives that pass the chosen filters are the AND of their values' bitsets (and of
the search's matches), a value's count is the number of bits its bitset shares with the
initiatives that pass every *other* chosen filter, and a page of the list is the next
twenty set bits. The database is asked only for the search's matches and for the page's
initiatives. This is how search engines count facets.

The index is built from the database on the first list after a change to the content and
kept in each process until the next change: it is bound to the content version of
``core.cache`` (replaced on every save or delete of content, and again once the
change is committed), so the next list after an edit is counted from the edited content,
in every process. Writes that send no signal (``QuerySet.update``, raw SQL) are caught up
within ``MAX_AGE_SECONDS``.
"""

import gc
import threading
import time
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape
from operator import itemgetter

from django.conf import settings
from django.utils import translation
from modeltranslation.utils import build_localized_fieldname, resolution_order

from core import cache as content_cache
from core.queries import read_rows
from core.templatetags.translated import TranslatedText, translated
from partners.models import Partner

from . import search
from .models import Initiative, Level, PolicyType, Theme

MAX_AGE_SECONDS = 300
# The filters that are a column of the initiative (country and city: per language).
COLUMN_FACETS = ("year", "level", "type", "organisation")
FACET_FIELDS = ("year", "level", "policy_type", "organisation")
PLACE_FACETS = ("country", "city")


def bitset(positions):
    """The integer whose bits ``positions`` are set."""
    positions = list(positions)
    if not positions:
        return 0
    bits = bytearray((max(positions) >> 3) + 1)
    for position in positions:
        bits[position >> 3] |= 1 << (position & 7)
    return int.from_bytes(bits, "little")


CHUNK = 1024
CHUNK_MASK = (1 << CHUNK) - 1


def set_bits(bits, skip=0, limit=None):
    """The positions of the set bits of ``bits``, lowest first, the first ``skip`` left out
    (a thousand bits at a time, so that a far page costs little more than the first)."""
    found = []
    offset = 0
    while bits and (limit is None or len(found) < limit):
        chunk = bits & CHUNK_MASK
        count = chunk.bit_count()
        if skip >= count:
            skip -= count
        else:
            while chunk and (limit is None or len(found) < limit):
                lowest = chunk & -chunk
                if skip:
                    skip -= 1
                else:
                    found.append(offset + lowest.bit_length() - 1)
                chunk ^= lowest
        bits >>= CHUNK
        offset += CHUNK
    return found


def grouped(positions, values):
    """Each value (but none and "") → the bitset of the ``positions`` that have it."""
    members = defaultdict(list)
    for position, value in zip(positions, values, strict=True):
        members[value].append(position)
    members.pop(None, None)
    members.pop("", None)
    return {value: bitset(found) for value, found in members.items()}


def columns_of(rows, width):
    """Rows turned into columns (``width`` empty ones for no row)."""
    return list(zip(*rows, strict=True)) or [()] * width


@lru_cache(maxsize=20_000)
def sort_key(label):
    """Alphabetical order whatever the accents: "Économie" between "Dakar" and "Fès"."""
    return search.normalise(label)


@dataclass
class Option:
    """A value of a filter as the form offers it: its value in the address, its label, and
    the key the index files it under (a primary key, a year, a level, a place); ``lang``,
    the label's language where it is not yet translated into the page's. Escaped once for
    HTML, since the index keeps it for every list."""

    value: str
    label: str
    key: object
    lang: str = ""
    value_html: str = field(init=False, repr=False)
    label_html: str = field(init=False, repr=False)

    def __post_init__(self):
        self.label = str(self.label)
        self.value_html = escape(self.value)
        self.label_html = escape(self.label)


@dataclass
class Listing:
    """What the list shows for a visitor's filters and search."""

    total: int
    counts: dict  # filter name → {key: number of initiatives}
    tiers: list = field(repr=False)  # disjoint bitsets, in the list's order
    keys: list = field(repr=False)  # the index's primary keys, by position

    def ids(self, start, stop):
        """The primary keys of the ``start``-th to ``stop``-th initiatives, in order."""
        wanted = stop - start
        found = []
        for tier in self.tiers:
            if len(found) >= wanted:
                break
            size = tier.bit_count()
            if start >= size:
                start -= size
                continue
            found += set_bits(tier, skip=start, limit=wanted - len(found))
            start = 0
        return [self.keys[position] for position in found]


class FacetIndex:
    def __init__(self, version=None):
        self.version = version
        self.built_at = time.monotonic()
        self._options = {}
        self._lock = threading.RLock()
        languages = [code for code, _name in settings.LANGUAGES]
        place_columns = [
            build_localized_fieldname(name, code) for name in PLACE_FACETS for code in languages
        ]
        published = Initiative.objects.rewrite(False).published().order_by()
        rows = read_rows(published.values_list("pk", *FACET_FIELDS, *place_columns))
        # Numbered in the list's order: by year, most recent first, then by key (two stable
        # sorts, cheaper here than the database's: it would read every row for it).
        rows.sort(key=itemgetter(0))
        rows.sort(key=itemgetter(1), reverse=True)
        self.keys, *columns = columns_of(rows, 1 + len(FACET_FIELDS) + len(place_columns))
        self.position = position = {pk: number for number, pk in enumerate(self.keys)}
        self.published = (1 << len(self.keys)) - 1
        numbers = range(len(self.keys))
        facet_columns, place_values = columns[: len(FACET_FIELDS)], columns[len(FACET_FIELDS) :]
        self.bits = {
            name: grouped(numbers, values)
            for name, values in zip(COLUMN_FACETS, facet_columns, strict=True)
        }
        places = dict(zip(place_columns, place_values, strict=True))
        for name in PLACE_FACETS:
            for code in languages:
                # A place as the page shows it: in its language, or else in the fallback's.
                shown = None
                for fallback in resolution_order(code):
                    column = places[build_localized_fieldname(name, fallback)]
                    shown = (
                        column
                        if shown is None
                        else [a or b for a, b in zip(shown, column, strict=True)]
                    )
                self.bits[build_localized_fieldname(name, code)] = grouped(numbers, shown)
        through = Initiative.themes.through.objects
        links = read_rows(through.values_list("initiative_id", "theme_id"))
        themed = [(position[pk], theme) for pk, theme in links if pk in position]
        self.bits["theme"] = grouped(*columns_of(themed, 2))
        self.years = sorted(self.bits["year"], reverse=True)
        self._themes = read_rows(
            Theme.objects.rewrite(False).values_list(
                "pk", *self._localized("name", languages), *self._localized("slug", languages)
            )
        )
        self._policy_types = read_rows(
            PolicyType.objects.rewrite(False).values_list(
                "pk", "key", *self._localized("name", languages)
            )
        )
        self._partners = read_rows(
            Partner.objects.rewrite(False)
            .filter(pk__in=published.values("organisation"))
            .order_by()
            .values_list(
                "pk", *self._localized("name", languages), *self._localized("slug", languages)
            )
        )

    @staticmethod
    def _localized(name, languages):
        return [build_localized_fieldname(name, code) for code in languages]

    def is_fresh(self, version):
        return (
            version is not None
            and version == self.version
            and time.monotonic() - self.built_at < MAX_AGE_SECONDS
        )

    # The filters' values, as the form offers them in the page's language.

    @staticmethod
    def facet_names(language):
        """Filter name → the index's name for it (places are indexed per language, as the
        filters compare them in the page's language)."""
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        names = {name: name for name in ("theme", *COLUMN_FACETS)}
        for name in PLACE_FACETS:
            names[name] = build_localized_fieldname(name, language)
        return names

    def options(self, name, language):
        """Every value of a filter the index holds, in the order the form shows them."""
        key = (name, language)
        if key not in self._options:
            with self._lock:
                self._options[key] = self._make_options(name, language)
        return self._options[key]

    def _make_options(self, name, language):
        with translation.override(language):
            return self._options_in_active_language(name, language)

    def _options_in_active_language(self, name, language):
        languages = [code for code, _name in settings.LANGUAGES]
        order = [languages.index(code) for code in resolution_order(language)]

        def first(texts):
            """The text in the first language that has one, and that language."""
            return next(((texts[i], languages[i]) for i in order if texts[i]), ("", language))

        def named(value, texts, key):
            label, label_language = first(texts)
            return Option(value, label, key, "" if label_language == language else label_language)

        count = len(languages)
        if name == "theme":
            return [
                named(first(texts[count:])[0], texts[:count], pk) for pk, *texts in self._themes
            ]
        if name == "type":
            return [named(key, texts, pk) for pk, key, *texts in self._policy_types]
        if name == "organisation":
            options = [
                named(first(texts[count:])[0], texts[:count], pk) for pk, *texts in self._partners
            ]
            return sorted(options, key=lambda option: sort_key(option.label))
        if name == "year":
            return [Option(str(year), str(year), year) for year in self.years]
        if name == "level":
            return [Option(value, label, value) for value, label in Level.choices]
        column = self.facet_names(language)[name]
        return sorted(
            (Option(place, place, place) for place in self.bits[column]),
            key=lambda option: sort_key(option.label),
        )

    def describe(self, initiatives, language):
        """Gives each initiative of a page of the list what its card shows from the index,
        rather than from more queries: ``card_themes`` (their options, in the themes' order),
        ``card_policy_type`` (a name) and ``card_organisation`` (a ``TranslatedText``)."""
        theme_bits = self.bits["theme"]
        themes = [
            (option, theme_bits.get(option.key, 0)) for option in self.options("theme", language)
        ]
        partners = {option.key: option for option in self.options("organisation", language)}
        types = {option.key: option.label for option in self.options("type", language)}
        for initiative in initiatives:
            position = self.position.get(initiative.pk, -1)
            initiative.card_themes = [
                option for option, bits in themes if position >= 0 and bits >> position & 1
            ]
            initiative.card_policy_type = types.get(initiative.policy_type_id, "")
            partner = partners.get(initiative.organisation_id)
            initiative.card_organisation = (
                TranslatedText(partner.label, partner.lang or language, bool(partner.lang))
                if partner
                else translated(initiative, "organisation_name")
            )
        return initiatives

    def place_in_language(self, name, place, language):
        """The name in ``language`` of a ``place`` ("country" or "city") given by its name in
        any language, as most initiatives there name it: "Espagne" gives "Spain" in English.
        None for a place no initiative has."""
        column = self.facet_names(language)[name]
        if place in self.bits[column]:
            return place
        for code, _name in settings.LANGUAGES:
            there = self.bits[build_localized_fieldname(name, code)].get(place)
            if there:
                names = self.bits[column].items()
                shared, best = max(
                    (((bits & there).bit_count(), value) for value, bits in names),
                    default=(0, None),
                )
                if shared:
                    return best
        return None

    # A visitor's list.

    def listing(self, chosen, matches=None):
        """The list for ``chosen`` filters (filter name → key: a primary key, a year, a
        level, a place) and a search's ``matches`` (``search.Matches``, or None)."""
        names = self.facet_names(translation.get_language())
        base = self.published
        if matches is not None:
            base &= self._positions(matches.ids)
        passing = {
            name: self.bits[names[name]].get(key, 0)
            for name, key in chosen.items()
            if key is not None
        }
        counts = {}
        for name, column in names.items():
            others = base
            for other, bits in passing.items():
                if other != name:
                    others &= bits
            counts[name] = {
                key: number
                for key, bits in self.bits[column].items()
                if (number := (bits & others).bit_count())
            }
        selected = base
        for bits in passing.values():
            selected &= bits
        return Listing(
            total=selected.bit_count(),
            counts=counts,
            tiers=self._tiers(selected, matches),
            keys=self.keys,
        )

    def _positions(self, ids):
        """The bitset of the published initiatives among ``ids`` (primary keys)."""
        position = self.position
        return bitset(position[pk] for pk in ids if pk in position)

    def _tiers(self, selected, matches):
        """``selected`` cut into groups in the list's order: with a search, the initiatives
        whose title holds every word, then some of them, then the others (each in the
        index's order: most recent first, then in the order they were added)."""
        if matches is None:
            return [selected]
        title_all = self._positions(matches.title_all) & selected
        title_any = self._positions(matches.title_any) & selected & ~title_all
        return [title_all, title_any, selected & ~title_all & ~title_any]


_current = None


def facet_index():
    """The index of the content as it is now, built again after a change. Two threads may
    build it at once right after a change (the last one built is kept): one waiting on a
    lock here would hold its database connection, which may be what the builder needs."""
    global _current
    version = _content_version()
    index = _current
    if index is not None and index.is_fresh(version):
        return index
    with garbage_collection_paused():
        index = FacetIndex(version)
    _current = index
    return index


@contextmanager
def garbage_collection_paused():
    """Building the index makes some 30,000 short-lived tuples and lists for 5,000
    initiatives, and none holds a reference cycle: left on, the collector runs through the
    whole process's objects several times meanwhile, doubling the build's time (23 ms to
    48 ms at the median, 96 ms at worst)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def forget():
    """The next list builds the index again (the tests' fresh databases send no signal)."""
    global _current
    _current = None


def _content_version():
    return content_cache.content_version()
