import importlib
import importlib.util
from pathlib import Path

import reversion
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Load the site's shipped content (partners, initiatives) in French and English. "
        "Only what is missing is created: nothing staff changed is overwritten."
    )

    def handle(self, *args, **options):
        # What is created is the first version of each item's history.
        with reversion.create_revision():
            reversion.set_comment("Shipped content loaded.")
            self.load_each_app()

    def load_each_app(self):
        for app_config in self.site_apps():
            module_name = f"{app_config.name}.loader"
            if importlib.util.find_spec(module_name):
                created = importlib.import_module(module_name).load()
                self.stdout.write(f"{app_config.label}: {created} object(s) created.")

    @staticmethod
    def site_apps():
        """The site's own apps: those whose folder sits at the top of the project."""
        base_dir = Path(settings.BASE_DIR).resolve()
        return [a for a in apps.get_app_configs() if Path(a.path).resolve().parent == base_dir]
