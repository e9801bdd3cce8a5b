"""The partners as open data, in both languages."""

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core.open_data import (
    LANGUAGE_CODES,
    TIMESTAMPS,
    AsEntered,
    Column,
    Dataset,
    columns_in_language,
)

from .models import Partner


def partner_record(partner, request):
    city = partner.city
    record = {
        "id": partner.pk,
        "category": partner.category.key,
        "region": partner.region.key if partner.region_id else "",
        "country": city.country.code if city else "",
        "latitude": float(city.latitude) if city and city.latitude is not None else None,
        "longitude": float(city.longitude) if city and city.longitude is not None else None,
        "website": partner.website,
        "logo": request.build_absolute_uri(partner.logo_rendition.url)
        if partner.logo_rendition
        else "",
    }
    for code in LANGUAGE_CODES:
        entered = AsEntered(code)

        with translation.override(code):
            record[f"url_{code}"] = request.build_absolute_uri(partner.get_absolute_url())
            record[f"name_{code}"] = entered(partner, "name", "name")
            record[f"description_{code}"] = entered(partner, "description", "description")
            record[f"category_{code}"] = entered(partner.category, "name", "category")
            region = partner.region
            record[f"region_{code}"] = entered(region, "name", "region") if region else ""
            record[f"city_{code}"] = entered(city, "name", "city") if city else ""
            record[f"country_{code}"] = str(city.country.name or "") if city else ""
            record[f"untranslated_{code}"] = entered.untranslated
    record["created_at"] = partner.created_at.isoformat()
    record["updated_at"] = partner.updated_at.isoformat()
    return record


def records(request):
    return [partner_record(p, request) for p in Partner.objects.for_directory()]


def columns():
    text = [
        ("name", _("Name")),
        ("description", _("Description")),
        ("category", _("Category")),
        ("region", _("Region")),
        ("city", _("City")),
        ("country", _("Country")),
    ]
    by_language = [column for code in LANGUAGE_CODES for column in columns_in_language(code, text)]
    return [
        Column("id", "integer", _("Number of the partner.")),
        Column("category", "string", _("Category: founders, associated or financial partners.")),
        Column("region", "string", _("Region of a founder (empty for an international one).")),
        Column("country", "string", _("Country, as an ISO 3166-1 code.")),
        Column("latitude", "number", _("Latitude of the city, in degrees.")),
        Column("longitude", "number", _("Longitude of the city, in degrees.")),
        Column("website", "string", _("Website."), format="uri"),
        Column("logo", "string", _("Address of the logo (WebP)."), format="uri"),
        *by_language,
        *TIMESTAMPS,
    ]


DATASET = Dataset(
    name="partners",
    title=_("Partners"),
    description=_("Every published partner: founders, associated and financial partners."),
    columns=columns(),
    records=records,
    url_names={"csv": "partners:export_csv", "json": "partners:export_json"},
)


def export_json(request):
    return DATASET.json_response(request)


def export_csv(request):
    return DATASET.csv_response(request)
