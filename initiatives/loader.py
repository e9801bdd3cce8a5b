"""Loads the shipped themes, policy types and initiatives, creating only what was never loaded
(an initiative whose partner is missing keeps its organisation's name)."""

import json
from pathlib import Path

from django.db import transaction

from core.content import LoadedContent, load_by_key
from core.places import City

from .models import Axis, Initiative, Objective, PolicyType, Theme

Partner = Initiative._meta.get_field("organisation").related_model

CONTENT_FILE = Path(__file__).resolve().parent / "content" / "initiatives.json"
RELATED = {"key", "organisation", "policy_type", "city", "themes", "objectives", "axes"}


@transaction.atomic
def load(content_file=CONTENT_FILE):
    content = json.loads(Path(content_file).read_text(encoding="utf-8"))
    themes, created_themes = load_by_key(Theme, content["themes"])
    policy_types, created_types = load_by_key(PolicyType, content["policy_types"])
    created = created_themes + created_types

    loaded = LoadedContent.keys("initiatives.initiative:")
    existing = set(
        Initiative.objects.filter(content_key__isnull=False).values_list("content_key", flat=True)
    )
    for item in content["initiatives"]:
        record_key = f"initiatives.initiative:{item['key']}"
        if record_key in loaded:
            continue
        LoadedContent.record(record_key)
        if item["key"] in existing:
            continue
        fields = {k: v for k, v in item.items() if k not in RELATED}
        organisation = Partner.objects.filter(content_key=item.get("organisation")).first()
        if organisation is not None:
            # The partner stands for the organisation; its name is not repeated.
            fields = {k: v for k, v in fields.items() if not k.startswith("organisation_name")}
        initiative = Initiative.objects.create(
            content_key=item["key"],
            is_published=True,
            organisation=organisation,
            policy_type=policy_types.get(item.get("policy_type")),
            city=City.objects.filter(key=item.get("city")).first(),
            **fields,
        )
        initiative.themes.set([themes[key] for key in item.get("themes", []) if key in themes])
        for order, text in enumerate(item.get("objectives", []), start=1):
            Objective.objects.create(initiative=initiative, order=order, **text)
        for order, text in enumerate(item.get("axes", []), start=1):
            Axis.objects.create(initiative=initiative, order=order, **text)
        created += 1
    return created
