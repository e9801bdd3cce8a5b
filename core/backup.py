"""The site's backups: one .tar.gz of the content (data.jsonl, one object a line) and of the
files it shows (media/…). A restore trusts nothing in the archive: it takes only the site's
content (and staff accounts when asked), within size limits, all or nothing."""

import datetime
import json
import os
import re
import shutil
import tarfile
import tempfile
from collections import Counter
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import User
from django.core import serializers
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management.base import CommandError
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, connection, models, transaction
from django.dispatch import Signal

from . import content

DATA_NAME = "data.jsonl"
LEGACY_DATA_NAME = "data.json"  # the whole content as one JSON list (earlier backups)
MEDIA_PREFIX = "media/"
MEDIA_NAME = re.compile(r"media/(?:[\w.-]+/)*[\w.-]+")
MAX_DATA_BYTES = 1024**3
MAX_LEGACY_DATA_BYTES = 64 * 1024**2
MAX_LINE_BYTES = 16 * 1024**2
MAX_MEDIA_FILE_BYTES = 25 * 1024**2  # the largest upload is a 20 MB PDF
MAX_MEDIA_BYTES = 50 * 1024**3

# Sent once a restore is committed, so that apps can rebuild what raw saves left out.
content_restored = Signal()


class RestoreRefused(CommandError):
    pass


class ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to the millisecond (as JavaScript does); keep them whole."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def content_models():
    """The models a backup holds, in an order that loads: content, then the admin's history."""
    return [*content.content_models(), LogEntry]


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
    chosen = [*content_models(), *([User] if with_users else [])]
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
        partial = archive.with_name(archive.name + ".partial")
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
    os.replace(partial, archive)
    return objects, len(media)


def restore_backup(archive, with_users=False):
    """Restores the archive into a database without content; returns what was done."""
    with tempfile.TemporaryDirectory() as folder:
        data, media = unpack(archive, Path(folder))
        restorer = Restorer(media, with_users)
        written = []
        try:
            with transaction.atomic():
                if any(m._base_manager.exists() for m in content_models() if m is not LogEntry):
                    raise RestoreRefused(
                        "The database already has content: restore into an empty database "
                        "(a new one, or after `manage.py flush`)."
                    )
                restorer.load(data)
                for name in sorted(restorer.files):
                    with open(media[name], "rb") as file:
                        if default_storage.exists(name):
                            default_storage.delete(name)
                        written.append(default_storage.save(name, File(file)))
                    if written[-1] != name:
                        raise RestoreRefused(f"{name} could not be stored under its name.")
        except BaseException as error:
            for name in written:
                default_storage.delete(name)
            if isinstance(error, IntegrityError):  # checked when committing
                raise RestoreRefused(
                    f"The archive's objects do not hold together: {error}"
                ) from None
            raise
    content_restored.send(sender=Restorer)
    return restorer.report


def unpack(archive, folder):
    """The archive's data file and media files, checked and copied into ``folder``."""
    data, media, total = None, {}, 0
    try:
        with tarfile.open(archive, "r|*") as tar:
            for member in tar:
                name = member.name
                if member.isdir():
                    continue
                if not member.isreg():
                    raise RestoreRefused(f"{name!r} is not a plain file: nothing was restored.")
                if name in (DATA_NAME, LEGACY_DATA_NAME) and data is None:
                    limit = MAX_DATA_BYTES if name == DATA_NAME else MAX_LEGACY_DATA_BYTES
                elif MEDIA_NAME.fullmatch(name) and not {".", ".."} & set(name.split("/")):
                    limit = MAX_MEDIA_FILE_BYTES
                    if name.removeprefix(MEDIA_PREFIX) in media:
                        raise RestoreRefused(f"{name!r} appears twice: nothing was restored.")
                else:
                    raise RestoreRefused(
                        f"{name!r} has no place in a backup: nothing was restored."
                    )
                total += member.size
                if member.size > limit or total > MAX_DATA_BYTES + MAX_MEDIA_BYTES:
                    raise RestoreRefused(
                        f"{name!r} weighs {member.size} bytes, more than a backup holds "
                        f"({limit}): nothing was restored."
                    )
                target = folder / f"{len(media)}-{data is None}.member"
                with tar.extractfile(member) as source, target.open("wb") as copy:
                    shutil.copyfileobj(source, copy, 1024 * 1024)
                if name.startswith(MEDIA_PREFIX):
                    media[name.removeprefix(MEDIA_PREFIX)] = target
                else:
                    data = (name, target)
    except (tarfile.TarError, EOFError, OSError) as error:
        raise RestoreRefused(f"Not a readable backup archive: {error}") from None
    if data is None:
        raise RestoreRefused(f"The archive holds no {DATA_NAME}: not a backup of this site.")
    return data, media


class Restorer:
    """Loads the objects one at a time, refusing any that is not the site's content."""

    def __init__(self, media, with_users):
        self.media, self.with_users = media, with_users
        labels = {m._meta.label_lower for m in content_models()}
        self.allowed = labels | ({"auth.user"} if with_users else set())
        self.files, self.deferred = set(), []
        self.report = Counter()

    def load(self, data):
        name, path = data
        for entry in self._entries(name, path):
            label = str(entry.get("model", "")).lower() if isinstance(entry, dict) else ""
            if label == "auth.group":  # earlier backups: the groups come from the migrations
                self.report["groups left as the site makes them"] += 1
                continue
            if label not in self.allowed:
                raise RestoreRefused(
                    f"The archive holds {label or 'an unknown object'}: "
                    "only the site's content is restored; nothing was."
                )
            if not self._wanted(label, entry):
                continue
            try:
                for restored in serializers.deserialize(
                    "python", [entry], handle_forward_references=True
                ):
                    self._check_files(restored.object)
                    restored.save()
                    if restored.deferred_fields:
                        self.deferred.append(restored)
            except (serializers.base.DeserializationError, ValidationError, ValueError) as error:
                raise RestoreRefused(f"An object could not be restored: {error}") from None
            self.report["objects restored"] += 1
        try:
            for restored in self.deferred:
                restored.save_deferred_fields()
        except (ObjectDoesNotExist, ValueError) as error:
            raise RestoreRefused(f"An object names what the archive lacks: {error}") from None
        restored_models = [m for m in content_models() if m is not LogEntry]
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), restored_models):
                cursor.execute(sql)

    @staticmethod
    def _entries(name, path):
        if name == LEGACY_DATA_NAME:
            with path.open(encoding="utf-8") as stream:
                yield from json.load(stream)
            return
        with path.open("rb") as stream:
            while line := stream.readline(MAX_LINE_BYTES + 1):
                if len(line) > MAX_LINE_BYTES:
                    raise RestoreRefused(
                        "An object of the archive is too large: nothing was restored."
                    )
                if line.strip():
                    try:
                        yield json.loads(line)
                    except ValueError as error:
                        raise RestoreRefused(f"The archive's data is damaged: {error}") from None

    def _wanted(self, label, entry):
        fields = entry.setdefault("fields", {})
        if label == "auth.user":
            if User.objects.filter(username=fields.get("username")).exists():
                self.report["existing accounts kept as they are"] += 1
                return False
        elif label == "admin.logentry":
            entry.pop("pk", None)
            author = fields.get("user")
            if not isinstance(author, list) or not User.objects.filter(username=author[0]).exists():
                self.report["history entries left out (author not restored)"] += 1
                return False
        return True

    def _check_files(self, obj):
        """A file an object names must be in the archive, in its field's folder, and pass the
        field's own checks (a PDF with a script is refused here as on upload)."""
        for field in file_fields(type(obj)):
            name = getattr(obj, field.attname).name
            if not name:
                continue
            folder = PurePosixPath(field.generate_filename(None, "x")).parent
            if name not in self.media or PurePosixPath(name).parent != folder:
                raise RestoreRefused(f"{name!r} is not a file of the archive's {field.name}s.")
            with open(self.media[name], "rb") as content:
                for validator in field.validators:
                    validator(File(content, name=name))
            self.files.add(name)
