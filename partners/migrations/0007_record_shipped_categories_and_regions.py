"""Categories and regions are now recorded once loaded, like partners, so that loading the
content again never brings back one that staff deleted (or renamed the key of). Where the
shipped partners were loaded already, so were the shipped categories and regions."""

import json
from pathlib import Path

from django.db import migrations

CONTENT_FILE = Path(__file__).resolve().parent.parent / "content" / "partners.json"


def record_shipped_keys(apps, schema_editor):
    LoadedContent = apps.get_model("partners", "LoadedContent")
    if not LoadedContent.objects.filter(key__startswith="partners.partner:").exists():
        return
    content = json.loads(CONTENT_FILE.read_text(encoding="utf-8"))
    for model, items in (("category", content["categories"]), ("region", content["regions"])):
        for item in items:
            LoadedContent.objects.get_or_create(key=f"partners.{model}:{item['key']}")


class Migration(migrations.Migration):
    dependencies = [("partners", "0006_shipped_partner_coordinates")]

    operations = [migrations.RunPython(record_shipped_keys, migrations.RunPython.noop)]
