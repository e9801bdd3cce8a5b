"""Loads the partners directory as published on the original site, in French and English.

Creates what is missing and never touches what exists, so that running it again adds no
duplicate and keeps every change staff made in the admin.
"""

import json
from pathlib import Path

from django.db import transaction

from .models import Category, Partner, Region

CONTENT_FILE = Path(__file__).resolve().parent / "content" / "partners.json"


@transaction.atomic
def load(content_file=CONTENT_FILE):
    content = json.loads(Path(content_file).read_text(encoding="utf-8"))
    created = 0

    categories = {}
    for item in content["categories"]:
        fields = {k: v for k, v in item.items() if k != "key"}
        categories[item["key"]], was_created = Category.objects.get_or_create(
            key=item["key"], defaults=fields
        )
        created += was_created

    regions = {}
    for item in content["regions"]:
        fields = {k: v for k, v in item.items() if k != "key"}
        regions[item["key"]], was_created = Region.objects.get_or_create(
            key=item["key"], defaults=fields
        )
        created += was_created

    existing = set(
        Partner.objects.filter(content_key__isnull=False).values_list("content_key", flat=True)
    )
    for item in content["partners"]:
        if item["key"] in existing:
            continue
        fields = {k: v for k, v in item.items() if k not in {"key", "category", "region"}}
        partner = Partner(
            content_key=item["key"],
            category=categories[item["category"]],
            region=regions[item["region"]] if item["region"] else None,
            **fields,
        )
        partner.save()
        created += 1
    return created
