from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, no_translations

from core.restore import restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup_site archive into a database without content (migrates first): "
        "the site's content and the files it shows, all or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="a .tar.gz written by backup_site")
        parser.add_argument(
            "--with-users",
            action="store_true",
            help="also restore the staff accounts the archive holds (never replacing one)",
        )

    @no_translations  # the operator's messages, in English as the rest
    def handle(self, *args, archive, with_users=False, **options):
        archive = Path(archive)
        if not archive.is_file():
            raise CommandError(f"No archive at {archive}.")
        call_command("migrate", interactive=False, verbosity=0)
        report = restore_backup(archive, with_users=with_users)
        self.stdout.write(f"Restored {archive}:")
        for what, count in sorted(report.items()):
            self.stdout.write(f"  {count} {what}")
