import os
import shutil
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.archive import Archive, broken_links


class Command(BaseCommand):
    help = (
        "Write the public site, both languages, as static files into a folder (served as is "
        "by any static host at the root of a domain), a zip of it and a WARC file."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", nargs="?", default=Path(settings.BASE_DIR) / "archive")
        parser.add_argument(
            "--base-url",
            default=os.environ.get("ARCHIVE_URL", "http://localhost:8000"),
            help="where the archive will be served (its canonical addresses)",
        )

    def handle(self, *args, folder, base_url, **options):
        started = time.monotonic()
        folder = Path(folder).resolve()
        archive = Archive(folder, base_url.rstrip("/")).build()
        missing, foreign = broken_links(archive.staging)
        problems = [
            f"{address}: {status}, linked from {page}" for address, status, page in archive.broken
        ]
        problems += [f"{page}: links to {value}, not in the archive" for page, value in missing]
        problems += [f"{page}: loads {value} from another host" for page, value in foreign]
        if problems:
            archive.discard()  # the previous archive, if any, stays as it was
            raise CommandError("\n".join(["The archive has broken links:", *problems[:50]]))
        archive.publish()
        zip_file = Path(shutil.make_archive(str(folder), "zip", folder))
        warc_file = folder.with_suffix(".warc.gz")
        archive.write_warc(warc_file)
        megabytes = {path.name: path.stat().st_size / 1e6 for path in (zip_file, warc_file)}
        self.stdout.write(
            f"{folder}: {len(archive.pages)} pages, {len(archive.files)} files, "
            f"{archive.size() / 1e6:.1f} MB; "
            + "; ".join(f"{name} {size:.1f} MB" for name, size in megabytes.items())
            + f"; {time.monotonic() - started:.0f} s."
        )
        self.stdout.write("Links checked: none broken, no request to another host.")
