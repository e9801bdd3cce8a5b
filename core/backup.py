"""The site's backups: one .tar.gz of the content (data.jsonl, one object a line) and of the
files it shows (media/…), read from one snapshot of the database (restore.py reads them)."""

import datetime
import os
import tarfile
import tempfile
from contextlib import contextmanager
from pathlib import Path

from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import User
from django.core import serializers
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from reversion.models import Revision, Version

from . import content

DATA_NAME = "data.jsonl"
LEGACY_DATA_NAME = "data.json"  # the whole content as one JSON list (earlier backups)
MEDIA_PREFIX = "media/"
BACKUP_ATTEMPTS = 3  # a file replaced while a backup reads is read again in a new snapshot


class ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to the millisecond (as JavaScript does); keep them whole."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


HISTORY_MODELS = [LogEntry, Revision, Version]


def content_models():
    """The models a backup holds, in an order that loads: content, then its history (the
    admin's log, the content's versions)."""
    return [*content.content_models(), *HISTORY_MODELS]


def file_fields(model):
    return [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]


@contextmanager
def consistent_snapshot():
    """One transaction whose reads all see the database as it was when it began."""
    outermost = not connection.in_atomic_block
    with transaction.atomic(), connection.cursor() as cursor:
        if outermost and connection.vendor == "postgresql":
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def write_backup(archive, with_users=False):
    """Writes the archive (readable by its owner only); returns the counts of objects and
    files."""
    archive = Path(archive)
    archive.parent.mkdir(parents=True, exist_ok=True)
    partial = archive.with_name(archive.name + ".partial")
    try:
        for attempt in range(1, BACKUP_ATTEMPTS + 1):
            try:
                counts = _write_snapshot(partial, with_users)
                break
            except FileNotFoundError:  # a file the snapshot names was deleted since
                if attempt == BACKUP_ATTEMPTS:
                    raise
        os.replace(partial, archive)
    finally:
        partial.unlink(missing_ok=True)
    return counts


def _write_snapshot(partial, with_users):
    # Accounts before the history, whose entries name them.
    chosen = [*content.content_models(), *([User] if with_users else []), *HISTORY_MODELS]
    with tempfile.TemporaryDirectory() as folder, consistent_snapshot():
        data = Path(folder) / DATA_NAME
        objects, media = 0, set()
        with data.open("w", encoding="utf-8") as stream:
            for model in chosen:
                rows = model._base_manager.order_by("pk")
                objects += rows.count()
                serializers.serialize(
                    "jsonl",
                    rows.iterator(chunk_size=500),
                    stream=stream,
                    use_natural_foreign_keys=True,
                    use_natural_primary_keys=True,
                    cls=ExactJSONEncoder,
                )
                for field in file_fields(model):
                    media.update(
                        rows.exclude(**{field.name: ""}).values_list(field.name, flat=True)
                    )
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with (
            os.fdopen(descriptor, "wb") as output,
            tarfile.open(fileobj=output, mode="w:gz") as tar,
        ):
            tar.add(data, arcname=DATA_NAME)
            for name in sorted(media):
                info = tarfile.TarInfo(MEDIA_PREFIX + name)
                info.size = default_storage.size(name)
                with default_storage.open(name, "rb") as file:
                    tar.addfile(info, file)
    return objects, len(media)
