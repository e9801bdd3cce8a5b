"""Restoring a backup: the archive is trusted for nothing. Only the site's content (and staff
accounts when asked) is taken, within size limits, all or nothing."""

import json
import re
import shutil
import tarfile
import tempfile
from collections import Counter
from pathlib import Path, PurePosixPath

from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import User
from django.core import serializers
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management.base import CommandError
from django.core.management.color import no_style
from django.db import IntegrityError, connection, transaction
from django.dispatch import Signal

from . import content
from .backup import (
    DATA_NAME,
    LEGACY_DATA_NAME,
    MEDIA_PREFIX,
    content_models,
    file_fields,
)

MEDIA_NAME = re.compile(r"media/(?:[\w.-]+/)*[\w.-]+")
MAX_DATA_BYTES = 1024**3
MAX_LEGACY_DATA_BYTES = 64 * 1024**2
MAX_LINE_BYTES = 16 * 1024**2
MAX_MEDIA_FILE_BYTES = 25 * 1024**2  # the largest upload is a 20 MB PDF
# Every member counts, read or skipped: decompressing is work even for what is left out.
MAX_ARCHIVE_BYTES = 8 * 1024**3

# Sent once a restore is committed, so that apps can rebuild what raw saves left out.
content_restored = Signal()


class RestoreRefused(CommandError):
    pass


def restore_backup(archive, with_users=False):
    """Restores the archive into a database without content; returns what was done."""
    with tempfile.TemporaryDirectory() as folder:
        restorer = Restorer(Path(folder), with_users)
        restorer.unpack(archive)
        written = []
        try:
            with transaction.atomic():
                if any(m._base_manager.exists() for m in content_models() if m is not LogEntry):
                    raise RestoreRefused(
                        "The database already has content: restore into an empty database "
                        "(a new one, or after `manage.py flush`)."
                    )
                restorer.load()
                for name, path in sorted(restorer.files.items()):
                    with path.open("rb") as file:
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


class Restorer:
    """Reads the archive as a stream and loads its objects one at a time, refusing any that
    is not the site's content; only the files the objects name are read."""

    def __init__(self, folder, with_users):
        self.folder, self.with_users = folder, with_users
        labels = {m._meta.label_lower for m in content_models()}
        self.allowed = labels | ({"auth.user"} if with_users else set())
        self.content = {m._meta.label_lower for m in content.content_models()}
        self.data = None  # (member name, extracted path)
        self.media, self.files, self.deferred = {}, {}, []
        self.report = Counter()

    def unpack(self, archive):
        total, wanted = 0, set()
        try:
            with tarfile.open(archive, "r|*") as tar:
                for member in tar:
                    total += member.size
                    if total > MAX_ARCHIVE_BYTES:
                        raise RestoreRefused("The archive is larger than a backup of this site.")
                    if member.isdir():
                        continue
                    if not member.isreg():
                        raise RestoreRefused(
                            f"{member.name!r} is not a plain file: nothing was restored."
                        )
                    if self.data is None:
                        self.data = self._extract_data(tar, member)
                        wanted = self._named_files()
                    else:
                        self._extract_media(tar, member, wanted)
        except (tarfile.TarError, EOFError, OSError) as error:
            raise RestoreRefused(f"Not a readable backup archive: {error}") from None
        if self.data is None:
            raise RestoreRefused(f"The archive holds no {DATA_NAME}: not a backup of this site.")

    def _extract_data(self, tar, member):
        if member.name not in (DATA_NAME, LEGACY_DATA_NAME):
            raise RestoreRefused(f"The archive does not begin with {DATA_NAME}, as backups do.")
        limit = MAX_DATA_BYTES if member.name == DATA_NAME else MAX_LEGACY_DATA_BYTES
        return member.name, self._extract(tar, member, limit, "data")

    def _extract_media(self, tar, member, wanted):
        name = member.name
        if not MEDIA_NAME.fullmatch(name) or {".", ".."} & set(name.split("/")):
            raise RestoreRefused(f"{name!r} has no place in a backup: nothing was restored.")
        stored_name = name.removeprefix(MEDIA_PREFIX)
        if stored_name in self.media:
            raise RestoreRefused(f"{name!r} appears twice: nothing was restored.")
        if stored_name not in wanted:
            self.report["files left out (named by no object)"] += 1
            return
        target = f"{len(self.media)}.file"
        self.media[stored_name] = self._extract(tar, member, MAX_MEDIA_FILE_BYTES, target)

    def _extract(self, tar, member, limit, target):
        if member.size > limit:
            raise RestoreRefused(
                f"{member.name!r} weighs {member.size} bytes, more than a backup holds "
                f"({limit}): nothing was restored."
            )
        path = self.folder / target
        with tar.extractfile(member) as source, path.open("wb") as copy:
            shutil.copyfileobj(source, copy, 1024 * 1024)
        return path

    def _named_files(self):
        """The file names the archive's objects give: the only media members read."""
        fields = {
            model._meta.label_lower: [f.name for f in file_fields(model)]
            for model in content_models()
        }
        named = set()
        for entry in self._entries(*self.data):
            if isinstance(entry, dict) and isinstance(entry.get("fields"), dict):
                for field in fields.get(str(entry.get("model", "")).lower(), ()):
                    if isinstance(value := entry["fields"].get(field), str):
                        named.add(value)
        return named

    def load(self):
        for entry in self._entries(*self.data):
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
            entry.pop("pk", None)  # found by name: a key would name another account
            if User.objects.filter(username=fields.get("username")).exists():
                self.report["existing accounts kept as they are"] += 1
                return False
        elif label == "reversion.revision":
            author = fields.get("user")
            if author is not None and (
                not isinstance(author, list) or not User.objects.filter(username=author[0]).exists()
            ):
                fields["user"] = None  # the version is kept, its author not restored
                self.report["versions whose author was not restored"] += 1
        elif label == "reversion.version":
            entry.pop("pk", None)
            kind = fields.get("content_type")
            fields["db"] = "default"
            if not isinstance(kind, list) or ".".join(map(str, kind)).lower() not in self.content:
                # A version of anything but content (an account…) would be restored on revert.
                self.report["versions left out (not content)"] += 1
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
            path = self.media[name]
            with path.open("rb") as content:
                checked = File(content, name=name)
                for validator in field.validators:
                    validator(checked)
            safe = getattr(checked, "safe_content", None)  # a copy made by the check
            if safe is not None:
                path.write_bytes(safe)
            self.files[name] = path
