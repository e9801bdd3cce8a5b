"""The open data: each app's datasets in CSV and JSON, described by one Frictionless Data
Package per language, under the licence staff choose."""

import csv
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import models
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from .i18n import language_name_in_sentence
from .imports import LIST_SEPARATOR, as_text_cell

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
# Public data, no credentials: a reuser's page on another site may read it in the browser.
OPEN_TO_ANY_SITE = {"Access-Control-Allow-Origin": "*"}


class Licence(models.TextChoices):
    # Values are the SPDX identifiers the Data Package standard asks for.
    CC_BY = "CC-BY-4.0", _("Creative Commons Attribution 4.0 (CC BY 4.0)")
    CC_BY_SA = "CC-BY-SA-4.0", _("Creative Commons Attribution-ShareAlike 4.0 (CC BY-SA 4.0)")
    CC0 = "CC0-1.0", _("Creative Commons Zero 1.0: public domain (CC0 1.0)")
    ODBL = "ODbL-1.0", _("Open Database License 1.0 (ODbL 1.0)")


LICENCE_ADDRESSES = {
    Licence.CC_BY: "https://creativecommons.org/licenses/by/4.0/",
    Licence.CC_BY_SA: "https://creativecommons.org/licenses/by-sa/4.0/",
    Licence.CC0: "https://creativecommons.org/publicdomain/zero/1.0/",
    Licence.ODBL: "https://opendatacommons.org/licenses/odbl/1-0/",
}


class OpenDataLicence(models.Model):
    """One row: the licence of every export, chosen in the admin."""

    licence = models.CharField(
        _("licence"),
        max_length=20,
        choices=Licence.choices,
        default=Licence.CC_BY,
        help_text=_("Shown beside the downloads and written in the data package."),
    )

    class Meta:
        verbose_name = _("open data licence")
        verbose_name_plural = _("open data licence")

    def __str__(self):
        return self.get_licence_display()

    @classmethod
    def current(cls):
        """The licence chosen; the default when none is, or a value no longer offered."""
        chosen = cls.objects.filter(pk=1).first()
        if chosen is None or chosen.licence not in Licence.values:
            return cls(pk=1)
        return chosen

    @property
    def address(self):
        return LICENCE_ADDRESSES[Licence(self.licence)]


@dataclass
class Column:
    name: str
    type: str
    description: Any
    is_list: bool = False  # an array in JSON, values joined by " | " in CSV
    format: str | None = None
    language: str | None = None  # the language of the value, when the column has one

    def schema(self, in_csv):
        description = str(self.description)
        if self.language:
            language = language_name_in_sentence(self.language)
            description = gettext("%(description)s, in %(language)s.") % {
                "description": description,
                "language": language,
            }
        described = {"name": self.name, "type": self.type, "description": description}
        if self.is_list:
            described["type"] = "string" if in_csv else "array"
            if in_csv:
                described["description"] += " " + gettext("Values separated by “ | ”.")
        if self.format:
            described["format"] = self.format
        return described


class AsEntered:
    """The texts of one language as staff entered them: empty where not translated yet (the
    pages show the French), each so left empty named in ``untranslated``."""

    def __init__(self, code):
        self.code = code
        self.untranslated = []

    def __call__(self, obj, name, label):
        value = getattr(obj, build_localized_fieldname(name, self.code), "") or ""
        if not value and getattr(obj, build_localized_fieldname(name, "fr"), ""):
            self.untranslated.append(label)
        return value


UNTRANSLATED = ("untranslated", _("Texts not translated yet (their column is empty)"))
TIMESTAMPS = [
    Column("created_at", "datetime", _("When it was added to the site.")),
    Column("updated_at", "datetime", _("When it was last changed.")),
]


def columns_in_language(code, texts, lists=(UNTRANSLATED,)):
    """A page's address, then ``texts`` and ``lists`` (name, description), in ``code``."""
    return [
        in_language(code, "url", "string", _("Address of the page"), format="uri"),
        *(in_language(code, name, "string", label) for name, label in texts),
        *(in_language(code, name, "string", label, is_list=True) for name, label in lists),
    ]


def in_language(code, name, type, description, **options):
    """The column ``<name>_<code>``: the value in the language ``code``."""
    return Column(f"{name}_{code}", type, description, language=code, **options)


@dataclass
class Dataset:
    name: str  # the JSON's key and the files' name: cities-<name>.csv
    title: Any
    description: Any
    columns: list[Column]
    records: Any  # request -> list of dicts, keyed by the columns' names
    url_names: dict = field(default_factory=dict)  # format -> URL name

    def url(self, format):
        return reverse(self.url_names[format])

    def json_response(self, request):
        return JsonResponse(
            {self.name: self.records(request)},
            json_dumps_params={"ensure_ascii": False, "indent": 2},
            headers={
                "Content-Disposition": f'inline; filename="cities-{self.name}.json"',
                **OPEN_TO_ANY_SITE,
            },
        )

    def csv_response(self, request):
        response = HttpResponse(
            content_type="text/csv; charset=utf-8",
            headers={
                "Content-Disposition": f'attachment; filename="cities-{self.name}.csv"',
                **OPEN_TO_ANY_SITE,
            },
        )
        # A byte order mark, so that spreadsheets (Excel) read the accents as UTF-8.
        response.write("\ufeff")
        writer = csv.DictWriter(response, fieldnames=[column.name for column in self.columns])
        writer.writeheader()
        for row in self.records(request):
            writer.writerow({key: csv_cell(value) for key, value in row.items()})
        return response

    def resources(self):
        """The Data Package's resources, their paths relative to the package's address
        (``/<language>/datapackage.json``)."""
        language_prefix = f"/{get_language()}/"
        for format in ("csv", "json"):
            resource = {
                "name": f"{self.name}-{format}",
                "title": str(self.title),
                "description": str(self.description),
                "path": self.url(format).removeprefix(language_prefix),
                "type": "table",
                "format": format,
                "mediatype": "text/csv" if format == "csv" else "application/json",
                "encoding": "utf-8-sig" if format == "csv" else "utf-8",
                "schema": {
                    "fields": [column.schema(format == "csv") for column in self.columns],
                    "primaryKey": ["id"],
                },
            }
            if format == "json":
                resource["dialect"] = {"json": {"property": self.name, "keyed": True}}
            yield resource


def csv_cell(value):
    if isinstance(value, list):
        value = LIST_SEPARATOR.join(
            item["url"] if isinstance(item, dict) else item for item in value
        )
    return as_text_cell(value)


DATASETS: list[Dataset] = []


def register(dataset):
    DATASETS.append(dataset)


def datapackage(request):
    licence = OpenDataLicence.current()
    package = {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": "cities-ess",
        "title": gettext("C.I.T.I.E.S.: partners and public policies of the social economy"),
        "description": gettext(
            "The partners of C.I.T.I.E.S. and its knowledge base of public policies that "
            "support the social and solidarity economy, in French and English. Where a text "
            "has no translation, its column is empty and the row's untranslated_<language> "
            "column names it."
        ),
        "homepage": request.build_absolute_uri(reverse("home")),
        "languages": LANGUAGE_CODES,
        "licenses": [{"name": licence.licence, "path": licence.address, "title": str(licence)}],
        "resources": [resource for dataset in DATASETS for resource in dataset.resources()],
    }
    return JsonResponse(
        package, json_dumps_params={"ensure_ascii": False, "indent": 2}, headers=OPEN_TO_ANY_SITE
    )
