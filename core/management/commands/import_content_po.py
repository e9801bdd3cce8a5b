from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from core import content_po


class Command(BaseCommand):
    help = (
        "Apply the translations of a .po file written by export_content_po, in one "
        "transaction; entries whose French text changed since are skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--verbose-report", action="store_true", help="one line per entry")

    def handle(self, *args, file, verbose_report, **options):
        try:
            with open(file, "rb") as source:
                data = source.read(content_po.MAX_FILE_BYTES + 1)
        except OSError as error:
            raise CommandError(str(error)) from None
        try:
            with translation.override("en"):
                report = content_po.import_po(data)
        except content_po.InvalidFile as error:
            raise CommandError(str(error)) from None
        for context, status, detail in report.results:
            if verbose_report or status not in ("applied", "unchanged", "confirmed"):
                self.stdout.write(f"{status}: {context}" + (f" ({detail})" if detail else ""))
        counts = ", ".join(f"{n} {status}" for status, n in report.counts.items() if n)
        self.stdout.write(f"{report.language}: {counts or 'no entries'}.")
