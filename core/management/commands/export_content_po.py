from django.core.management.base import BaseCommand, CommandError

from core import content_po


class Command(BaseCommand):
    help = (
        "Write the content's translatable texts as a gettext .po file: the French as msgid, "
        "the translation as msgstr, outdated ones fuzzy."
    )

    def add_arguments(self, parser):
        languages = [code for code, _name in content_po.language_choices()]
        parser.add_argument("--language", required=True, choices=languages)
        parser.add_argument("--output", required=True, help="the .po file to write ('-': stdout)")
        parser.add_argument("--only", choices=["missing", "outdated"])
        parser.add_argument("--model", help="one model, e.g. partners.partner")
        parser.add_argument(
            "--base-url", default="", help="the site's address, for the comments' links"
        )

    def handle(self, *args, language, output, only, model, base_url, **options):
        labels = [label for label, _name in content_po.model_choices()]
        if model and model not in labels:
            raise CommandError(f"Unknown model “{model}”; one of: {', '.join(labels)}.")
        po = content_po.export(
            language, only=only, model_label=model, base_url=base_url.rstrip("/")
        )
        if output == "-":
            self.stdout.write(str(po))
        else:
            try:
                po.save(output)
            except OSError as error:
                raise CommandError(str(error)) from None
            self.stderr.write(f"{len(po)} entries written to {output}.")
