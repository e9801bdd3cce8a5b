"""Bring back an archive written by backup_site into an empty database.

Migrates first, then loads data.json, then puts the media files back under their names.
"""

import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from initiatives.models import Initiative
from partners.models import Category, Partner, Region

from .backup_site import DATA_NAME, MEDIA_PREFIX


def safe_media_name(member_name):
    """The storage name of an archive member under media/, or None if it is not a plain file
    name inside media/ (an absolute path, "..", a link…)."""
    path = PurePosixPath(member_name)
    if path.is_absolute() or ".." in path.parts or not member_name.startswith(MEDIA_PREFIX):
        return None
    return str(path.relative_to(MEDIA_PREFIX.rstrip("/")))


class Command(BaseCommand):
    help = "Restore a backup_site archive into an empty database (migrates first)."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="a .tar.gz written by backup_site")

    def handle(self, *args, archive, **options):
        archive = Path(archive)
        if not archive.is_file():
            raise CommandError(f"No archive at {archive}.")
        call_command("migrate", interactive=False, verbosity=0)
        if any(model.objects.exists() for model in (Partner, Initiative, Category, Region)):
            raise CommandError(
                "The database already has content: restore into an empty database "
                "(a new one, or after `manage.py flush`)."
            )
        with tarfile.open(archive, "r:gz") as tar:
            members = {member.name: member for member in tar.getmembers() if member.isfile()}
            if DATA_NAME not in members:
                raise CommandError(f"{archive} holds no {DATA_NAME}: not a backup_site archive.")
            media = [
                (name, member)
                for member_name, member in members.items()
                if (name := safe_media_name(member_name))
            ]
            with tempfile.TemporaryDirectory() as folder:
                data = Path(folder) / DATA_NAME
                data.write_bytes(tar.extractfile(members[DATA_NAME]).read())
                with transaction.atomic():
                    call_command("loaddata", str(data), verbosity=0)
                    # A backup made on SQLite carries no search documents for PostgreSQL.
                    Initiative.objects.refresh_search_documents()
            for name, member in media:
                if default_storage.exists(name):
                    default_storage.delete(name)
                saved = default_storage.save(name, ContentFile(tar.extractfile(member).read()))
                if saved != name:
                    raise CommandError(f"{name} was stored as {saved}; its page would miss it.")
        self.stdout.write(f"Restored {archive}: content and {len(media)} media files.")
