"""What the migrations from places typed per language to cities and countries share."""

import unicodedata

from django.utils import translation
from django.utils.text import slugify
from django_countries import countries


def folded(text):
    text = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in text if not unicodedata.combining(c)).casefold().strip()


def country_code(*names):
    """The ISO code of a country named in French or English ("Corée du Sud", "Spain"), or ""."""
    known = {}
    for language in ("fr", "en"):
        with translation.override(language):
            known.update({folded(name): code for code, name in countries})
    return next((known[folded(n)] for n in names if folded(n) in known), "")


def country_name(code, language):
    with translation.override(language):
        return str(countries.name(code)) if code else ""


def city_for(City, names, country, latitude=None, longitude=None):
    """The city of these names (French, English) and country, made once."""
    name_fr, name_en = (name.strip() for name in names)
    if not (name_fr or name_en):
        return None
    for city in City.objects.filter(country=country):
        if {folded(city.name_fr), folded(city.name_en)} & {folded(name_fr), folded(name_en)} - {""}:
            # What this place adds: a name in a language the city lacked, coordinates.
            if name_fr and folded(city.name_fr) == folded(city.name_en) != folded(name_fr):
                city.name = city.name_fr = name_fr
            city.name_en = city.name_en or name_en
            if latitude is not None and city.latitude is None:
                city.latitude, city.longitude = latitude, longitude
            city.save()
            return city
    base = slugify(name_fr or name_en) or "city"
    key, suffix = base, 2
    while City.objects.filter(key=key).exists():
        key, suffix = f"{base}-{suffix}", suffix + 1
    return City.objects.create(
        key=key,
        name=name_fr or name_en,
        name_fr=name_fr or name_en,
        name_en=name_en,
        country=country,
        latitude=latitude,
        longitude=longitude,
    )
