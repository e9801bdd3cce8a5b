import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, no_translations

from core.backup import write_backup


class Command(BaseCommand):
    help = (
        "Back up the content (both languages), the admin's history and the files pages show "
        "into one .tar.gz, from one consistent snapshot of the database."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", nargs="?", help="where to write the archive")
        parser.add_argument(
            "--with-users", action="store_true", help="include staff accounts as well"
        )

    @no_translations  # the operator's messages, in English as the rest
    def handle(self, *args, archive=None, with_users=False, **options):
        if archive is None:
            stamp = time.strftime("%Y%m%d-%H%M%S")
            archive = Path(settings.BASE_DIR) / "backups" / f"cities-{stamp}.tar.gz"
        objects, files = write_backup(archive, with_users=with_users)
        self.stdout.write(f"{archive}: {objects} objects, {files} media files.")
