"""Themes and policy types are now recorded once loaded, like initiatives, so that loading
the content again never brings back one that staff deleted (or renamed the key of). Where
the shipped initiatives were loaded already, so were the shipped themes and policy types."""

import json
from pathlib import Path

from django.db import migrations

CONTENT_FILE = Path(__file__).resolve().parent.parent / "content" / "initiatives.json"


def record_shipped_keys(apps, schema_editor):
    LoadedContent = apps.get_model("partners", "LoadedContent")
    if not LoadedContent.objects.filter(key__startswith="initiatives.initiative:").exists():
        return
    content = json.loads(CONTENT_FILE.read_text(encoding="utf-8"))
    for model, items in (("theme", content["themes"]), ("policytype", content["policy_types"])):
        for item in items:
            LoadedContent.objects.get_or_create(key=f"initiatives.{model}:{item['key']}")


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0005_search_documents_and_facet_index"),
        ("partners", "0002_loaded_content"),
    ]

    operations = [migrations.RunPython(record_shipped_keys, migrations.RunPython.noop)]
