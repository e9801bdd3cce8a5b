"""The open-data export of the knowledge base: every published initiative, in both languages."""

import csv

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils import translation
from modeltranslation.utils import build_localized_fieldname

from core.imports import LIST_SEPARATOR, as_text_cell

from .models import Initiative

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
TRANSLATED_TEXT = [
    "title",
    "slug",
    "summary",
    "introduction",
    "axes_introduction",
    "closing_text",
]


def initiative_record(initiative, request):
    """One initiative as a flat dict: fields of both languages suffixed _fr and _en, each as
    entered (empty where not translated yet, where the pages show the French); the fields
    so left empty are named in ``untranslated_<language>``."""
    record = {
        "id": initiative.pk,
        "year": initiative.year,
        "level": initiative.level,
        "country": initiative.country.code,
    }
    documents = list(initiative.source_documents.all())
    for code in LANGUAGE_CODES:
        untranslated = []

        def entered(obj, name, label, code=code, untranslated=untranslated):
            value = getattr(obj, build_localized_fieldname(name, code), "") or ""
            if not value and getattr(obj, build_localized_fieldname(name, "fr"), ""):
                untranslated.append(label)
            return value

        with translation.override(code):
            record[f"url_{code}"] = request.build_absolute_uri(initiative.get_absolute_url())
            for name in TRANSLATED_TEXT:
                record[build_localized_fieldname(name, code)] = entered(initiative, name, name)
            city = initiative.city if initiative.city_id else None
            record[f"city_{code}"] = entered(city, "name", "city") if city else ""
            record[f"country_{code}"] = str(initiative.country.name or "")
            if initiative.organisation_id:
                organisation = entered(initiative.organisation, "name", "organisation")
            else:
                organisation = entered(initiative, "organisation_name", "organisation")
            record[f"organisation_{code}"] = organisation
            record[f"level_{code}"] = str(initiative.get_level_display())
            policy_type = initiative.policy_type
            record[f"policy_type_{code}"] = (
                entered(policy_type, "name", "policy_type") if policy_type else ""
            )
            for name, items, field in (
                ("themes", initiative.themes.all(), "name"),
                ("objectives", initiative.objectives.all(), "text"),
                ("axes", initiative.axes.all(), "text"),
            ):
                record[f"{name}_{code}"] = [entered(item, field, name) for item in items]
            titles = [entered(d, "title", "source_documents") for d in documents]
            record[f"untranslated_{code}"] = list(dict.fromkeys(untranslated))
        for document, title in zip(documents, titles, strict=True):
            document.exported_titles = {**getattr(document, "exported_titles", {}), code: title}
    record["source_documents"] = [
        {
            **{
                build_localized_fieldname("title", code): document.exported_titles[code]
                for code in LANGUAGE_CODES
            },
            "url": request.build_absolute_uri(document.href),
            "language": document.language,
            "size": document.file_size,
        }
        for document in documents
    ]
    record["created_at"] = initiative.created_at.isoformat()
    record["updated_at"] = initiative.updated_at.isoformat()
    return record


def records(request):
    return [initiative_record(i, request) for i in Initiative.objects.for_export()]


def export_json(request):
    return JsonResponse(
        {"initiatives": records(request)},
        json_dumps_params={"ensure_ascii": False, "indent": 2},
        headers={"Content-Disposition": 'inline; filename="cities-initiatives.json"'},
    )


def export_csv(request):
    rows = records(request)
    response = HttpResponse(
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="cities-initiatives.csv"'},
    )
    # A byte order mark, so that spreadsheets (Excel) read the accents as UTF-8.
    response.write("\ufeff")
    writer = csv.DictWriter(response, fieldnames=csv_columns())
    writer.writeheader()
    for row in rows:
        row["source_documents"] = LIST_SEPARATOR.join(d["url"] for d in row["source_documents"])
        writer.writerow(
            {
                key: as_text_cell(LIST_SEPARATOR.join(value) if isinstance(value, list) else value)
                for key, value in row.items()
            }
        )
    return response


def csv_columns():
    keys = ["id", "year", "level", "country"]
    for code in LANGUAGE_CODES:
        keys.append(f"url_{code}")
        keys += [build_localized_fieldname(name, code) for name in TRANSLATED_TEXT]
        keys += [
            f"{name}_{code}"
            for name in (
                "city",
                "country",
                "organisation",
                "level",
                "policy_type",
                "themes",
                "objectives",
                "axes",
                "untranslated",
            )
        ]
    return [*keys, "source_documents", "created_at", "updated_at"]
