"""Loads the shipped partners directory, creating only what was never loaded (nor a partner
whose category staff deleted)."""

import json
from pathlib import Path

from django.db import transaction

from core.content import LoadedContent, load_by_key
from core.places import City

from .models import Category, Partner, Region

CONTENT_FILE = Path(__file__).resolve().parent / "content" / "partners.json"


@transaction.atomic
def load(content_file=CONTENT_FILE):
    content = json.loads(Path(content_file).read_text(encoding="utf-8"))
    categories, created_categories = load_by_key(Category, content["categories"])
    regions, created_regions = load_by_key(Region, content["regions"])
    created = created_categories + created_regions

    loaded = LoadedContent.keys("partners.partner:")
    existing = set(Partner.objects.exclude(content_key=None).values_list("content_key", flat=True))
    for item in content["partners"]:
        record_key = f"partners.partner:{item['key']}"
        if record_key in loaded:
            continue
        if item["key"] not in existing and item["category"] in categories:
            fields = {
                k: v for k, v in item.items() if k not in {"key", "category", "region", "city"}
            }
            Partner(
                content_key=item["key"],
                is_published=True,
                category=categories[item["category"]],
                region=regions.get(item["region"]) if item["region"] else None,
                city=City.objects.filter(key=item["city"]).first() if item["city"] else None,
                **fields,
            ).save()
            created += 1
        LoadedContent.record(record_key)
    return created
