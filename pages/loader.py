"""Loads the shipped site pages, creating only what was never loaded."""

import json
from pathlib import Path

from django.db import transaction

from core.content import load_by_key

from .models import Page

CONTENT_FILE = Path(__file__).resolve().parent / "content" / "pages.json"


@transaction.atomic
def load(content_file=CONTENT_FILE):
    content = json.loads(Path(content_file).read_text(encoding="utf-8"))
    return load_by_key(Page, content["pages"])[1]
