from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation

from core.translation_status import translation_report


class Command(BaseCommand):
    help = (
        "Per model and per language: how many objects are fully translated, what is missing and"
        " what is outdated (its French changed since it was translated)."
    )

    def handle(self, *args, **options):
        with translation.override("en"):
            for status in translation_report():
                self.write_status(status)
        self.write_interface_status()

    def write_interface_status(self):
        """The interface's strings that need work: untranslated or fuzzy entries."""
        for path in sorted(Path(settings.LOCALE_PATHS[0]).glob("*/LC_MESSAGES/django.po")):
            po = polib.pofile(str(path))
            todo = [("untranslated", e) for e in po.untranslated_entries()]
            todo += [("fuzzy", e) for e in po.fuzzy_entries()]
            heading = f"Interface › {path.relative_to(settings.BASE_DIR)} ({len(po)} strings)"
            self.stdout.write(self.style.MIGRATE_HEADING(heading))
            line = f"  {po.percent_translated()}% translated, {len(todo)} to do"
            self.stdout.write((self.style.WARNING if todo else self.style.SUCCESS)(line))
            for kind, entry in todo:
                where = ", ".join(sorted({file for file, _line in entry.occurrences}))
                place = f" ({where})" if where else ""
                self.stdout.write(f"      {kind}: {entry.msgid!r}{place}")

    def write_status(self, status):
        self.stdout.write(self.style.MIGRATE_HEADING(f"{status.label} ({status.total})"))
        for language in status.languages:
            line = f"  {language.code}: {language.complete} of {status.total} fully translated"
            self.stdout.write((self.style.WARNING if language.gaps else self.style.SUCCESS)(line))
            for gap in language.gaps:
                self.stdout.write(f"      #{gap.obj.pk} {gap.obj}: missing {', '.join(gap.fields)}")
            if language.outdated:
                line = f"  {language.code}: {len(language.outdated)} with outdated translations"
                self.stdout.write(self.style.WARNING(line))
            for gap in language.outdated:
                fields = ", ".join(gap.fields)
                self.stdout.write(f"      #{gap.obj.pk} {gap.obj}: outdated {fields}")
