"""The cities of the shipped content, which partners and initiatives name by key."""

import json
from pathlib import Path

from django.db import transaction

from .content import load_by_key
from .places import City

CONTENT_FILE = Path(__file__).resolve().parent / "content" / "cities.json"


@transaction.atomic
def load(content_file=CONTENT_FILE):
    content = json.loads(Path(content_file).read_text(encoding="utf-8"))
    return load_by_key(City, content["cities"])[1]
