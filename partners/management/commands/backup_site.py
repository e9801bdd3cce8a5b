"""Write the site's whole content and its uploaded files to one archive.

The archive (backups/cities-YYYYmmdd-HHMMSS.tar.gz unless given a path) holds data.json —
every model of the site's apps, both languages, plus the staff groups, as `dumpdata
--natural-foreign --natural-primary` writes them, but with times to the microsecond — and
media/, every file of the storage.
"""

import datetime
import io
import tarfile
import time
from itertools import chain
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core import serializers
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management.base import BaseCommand
from django.core.serializers.json import DjangoJSONEncoder

# What a backup holds: the content apps whole, and the staff groups with their permissions.
# Staff accounts (auth.user) are added by --with-users: they hold password hashes.
BACKED_UP_APPS = ["partners", "initiatives"]
DATA_NAME = "data.json"
MEDIA_PREFIX = "media/"


class ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to the millisecond (as JavaScript does); keep them whole."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def backed_up_models(with_users):
    auth = apps.get_app_config("auth")
    return serializers.sort_dependencies(
        [(apps.get_app_config(label), None) for label in BACKED_UP_APPS]
        + [(auth, [Group, *([User] if with_users else [])])],
        allow_cycles=True,
    )


def storage_files(storage, folder=""):
    """Every file name in a storage, walking its folders."""
    folders, files = storage.listdir(folder)
    for name in sorted(files):
        yield f"{folder}{name}"
    for name in sorted(folders):
        yield from storage_files(storage, f"{folder}{name}/")


class Command(BaseCommand):
    help = "Back up the content (both languages) and the uploaded files into one .tar.gz."

    def add_arguments(self, parser):
        parser.add_argument("archive", nargs="?", help="where to write the archive")
        parser.add_argument(
            "--with-users", action="store_true", help="include staff accounts as well"
        )

    def handle(self, *args, archive=None, with_users=False, **options):
        if archive is None:
            stamp = time.strftime("%Y%m%d-%H%M%S")
            archive = Path(settings.BASE_DIR) / "backups" / f"cities-{stamp}.tar.gz"
        archive = Path(archive)
        archive.parent.mkdir(parents=True, exist_ok=True)

        models = backed_up_models(with_users)
        data = io.StringIO()
        serializers.serialize(
            "json",
            chain.from_iterable(m._base_manager.order_by(m._meta.pk.name) for m in models),
            stream=data,
            indent=1,
            use_natural_foreign_keys=True,
            use_natural_primary_keys=True,
            cls=ExactJSONEncoder,
        )
        objects = sum(m._base_manager.count() for m in models)
        media = list(storage_files(default_storage)) if self._has_media() else []

        with tarfile.open(archive, "w:gz") as tar:
            self._add(tar, DATA_NAME, data.getvalue().encode())
            for name in media:
                with default_storage.open(name, "rb") as file:
                    self._add(tar, MEDIA_PREFIX + name, file.read())
        # Only its owner may read it: it may hold password hashes (--with-users).
        archive.chmod(0o600)
        self.stdout.write(f"{archive}: {objects} objects, {len(media)} media files.")

    @staticmethod
    def _has_media():
        # A local media folder that was never created holds nothing yet.
        if isinstance(default_storage, FileSystemStorage):
            return Path(default_storage.location).is_dir()
        return True

    @staticmethod
    def _add(tar, name, content):
        info = tarfile.TarInfo(name)
        info.size = len(content)
        info.mtime = int(time.time())
        tar.addfile(info, io.BytesIO(content))
