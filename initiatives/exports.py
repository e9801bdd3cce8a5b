"""The open-data export of the knowledge base: every published initiative, in both languages."""

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from core.open_data import (
    LANGUAGE_CODES,
    TIMESTAMPS,
    UNTRANSLATED,
    AsEntered,
    Column,
    Dataset,
    columns_in_language,
)

from .models import Initiative

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
        entered = AsEntered(code)

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
            record[f"untranslated_{code}"] = list(dict.fromkeys(entered.untranslated))
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


def columns():
    text = [
        ("title", _("Title")),
        ("slug", _("Last part of the page’s address")),
        ("summary", _("Summary")),
        ("introduction", _("Introduction")),
        ("axes_introduction", _("Introduction to the axes")),
        ("closing_text", _("Closing text")),
        ("city", _("City")),
        ("country", _("Country")),
        ("organisation", _("Organisation that adopted the policy")),
        ("level", _("Level of government")),
        ("policy_type", _("Type of policy")),
    ]
    lists = [
        ("themes", _("Themes")),
        ("objectives", _("Objectives")),
        ("axes", _("Axes of action")),
        UNTRANSLATED,
    ]
    by_language = [
        column for code in LANGUAGE_CODES for column in columns_in_language(code, text, lists)
    ]
    return [
        Column("id", "integer", _("Number of the initiative.")),
        Column("year", "integer", _("Year of adoption.")),
        Column(
            "level",
            "string",
            _("Level of government: municipal, regional, national or international."),
        ),
        Column("country", "string", _("Country, as an ISO 3166-1 code.")),
        *by_language,
        Column(
            "source_documents",
            "string",
            _(
                "Source documents: in JSON, each with its title in each language, its address, "
                "language and size in bytes; in CSV, their addresses."
            ),
            is_list=True,
        ),
        *TIMESTAMPS,
    ]


DATASET = Dataset(
    name="initiatives",
    title=_("Initiatives"),
    description=_("Every published public policy of the knowledge base, in French and English."),
    columns=columns(),
    records=records,
    url_names={"csv": "initiatives:export_csv", "json": "initiatives:export_json"},
)


def export_json(request):
    return DATASET.json_response(request)


def export_csv(request):
    return DATASET.csv_response(request)
