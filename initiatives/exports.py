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
    """One initiative as a flat dict: fields of both languages suffixed _fr and _en."""
    record = {
        "id": initiative.pk,
        "year": initiative.year,
        "level": initiative.level,
        "country": initiative.country.code,
    }
    for code in LANGUAGE_CODES:
        with translation.override(code):
            record[f"url_{code}"] = request.build_absolute_uri(initiative.get_absolute_url())
            for name in TRANSLATED_TEXT:
                # As entered: empty where not translated yet (the pages show the French).
                field = build_localized_fieldname(name, code)
                record[field] = getattr(initiative, field) or ""
            record[f"city_{code}"] = initiative.city.name if initiative.city_id else ""
            record[f"country_{code}"] = str(initiative.country.name or "")
            record[f"organisation_{code}"] = initiative.organisation_display
            record[f"level_{code}"] = str(initiative.get_level_display())
            record[f"policy_type_{code}"] = (
                initiative.policy_type.name if initiative.policy_type else ""
            )
            record[f"themes_{code}"] = [theme.name for theme in initiative.themes.all()]
            record[f"objectives_{code}"] = [item.text for item in initiative.objectives.all()]
            record[f"axes_{code}"] = [item.text for item in initiative.axes.all()]
    record["source_documents"] = [
        {
            **{
                build_localized_fieldname("title", code): getattr(
                    document, build_localized_fieldname("title", code)
                )
                or document.title
                for code in LANGUAGE_CODES
            },
            "url": request.build_absolute_uri(document.href),
            "language": document.language,
            "size": document.file_size,
        }
        for document in initiative.source_documents.all()
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
            )
        ]
    return [*keys, "source_documents", "created_at", "updated_at"]
