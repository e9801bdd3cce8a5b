"""Adding a third language, done as TRANSLATING.md says, on a copy of the project."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)

CHECK_PAGES = """
from django.test import Client
from bs4 import BeautifulSoup
client = Client()
for path in ["/es/", "/es/socios/", "/es/socios/ville-de-montreal/", "/es/initiatives/"]:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.html["lang"] == "es", path
    hreflangs = {l["hreflang"] for l in soup.select('link[rel="alternate"][hreflang]')}
    assert hreflangs == {"fr", "en", "es", "x-default"}, (path, hreflangs)
page = BeautifulSoup(client.get("/es/socios/ville-de-montreal/").content, "html.parser")
assert page.h1.get_text() == "La Ville de Montréal" and page.h1["lang"] == "fr"
assert page.select_one(".site-nav").get_text(" ", strip=True).startswith("Socios")
# Strings not translated yet show in French, the site's first language.
assert "Aller au contenu" in page.select_one(".skip-link").get_text()
switch = page.select_one('.language-switch a[hreflang="en"]')["href"]
assert switch == "/language/en/?next=/en/partners/city-of-montreal/", switch
print("third language OK")
"""


def run(copy, *args):
    env = {
        **os.environ,
        "DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": "cities_site.settings",
        "DATABASE_URL": f"sqlite:///{copy / 'db.sqlite3'}",
        "ALLOWED_HOSTS": "testserver",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=copy, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, f"manage.py {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def test_adding_spanish_as_translating_md_describes(project_copy):
    if not shutil.which("xgettext"):
        if os.environ.get("CI"):
            pytest.fail("GNU gettext (xgettext) is needed in CI")
        pytest.skip("GNU gettext is not installed (apt-get install gettext)")
    copy = project_copy
    # The site as it runs today, with its content.
    run(copy, "migrate", "--noinput")
    run(copy, "load_content")
    # Step 1: the language in settings.
    settings_file = copy / "cities_site" / "settings.py"
    text = settings_file.read_text()
    assert '    ("en", _("English")),\n' in text
    settings_file.write_text(
        text.replace(
            '    ("en", _("English")),\n', '    ("en", _("English")),\n    ("es", _("Spanish")),\n'
        )
    )
    # Step 2: a migration for the content columns.
    run(copy, "makemigrations", "core", "partners", "initiatives", "pages", "--name", "add_spanish")
    assert list((copy / "partners" / "migrations").glob("*_add_spanish.py"))
    run(copy, "migrate", "--noinput")
    # Step 3: a new .po, compiled.
    run(copy, "makemessages", "-l", "es", "--no-location", "--ignore=.venv")
    po_file = copy / "locale" / "es" / "LC_MESSAGES" / "django.po"
    catalogue = polib.pofile(str(po_file))
    catalogue.find("partners/").msgstr = "socios/"
    catalogue.find("Partners").msgstr = "Socios"
    catalogue.save()
    run(copy, "compilemessages", "--ignore=.venv")
    # The site now answers in Spanish, with French as the fallback for content.
    assert "third language OK" in run(copy, "shell", "-c", CHECK_PAGES)
