"""The interface translations are complete, current and compiled.

Each failure names the file, the line and the string, so a translator can fix it.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}")


def po_path(code):
    return BASE_DIR / "locale" / code / "LC_MESSAGES" / "django.po"


def where(path, entry):
    return f"{path.relative_to(BASE_DIR)}:{entry.linenum}: {entry.msgid!r}"


@pytest.fixture(params=LANGUAGE_CODES)
def catalogue(request):
    path = po_path(request.param)
    return path, polib.pofile(str(path))


def test_every_entry_is_translated_and_none_is_fuzzy(catalogue):
    path, po = catalogue
    problems = [f"{where(path, e)} is untranslated" for e in po.untranslated_entries()]
    problems += [f"{where(path, e)} is fuzzy" for e in po.fuzzy_entries()]
    assert not problems, "\n".join(problems)


def placeholders(text):
    return sorted(PLACEHOLDER.findall(text))


def test_placeholders_are_the_same_in_msgid_and_msgstr(catalogue):
    path, po = catalogue
    problems = []
    for entry in po.translated_entries():
        if entry.msgid_plural:
            pairs = [
                (entry.msgid if int(index) == 0 else entry.msgid_plural, text)
                for index, text in entry.msgstr_plural.items()
            ]
        else:
            pairs = [(entry.msgid, entry.msgstr)]
        for source, translation in pairs:
            if placeholders(source) != placeholders(translation):
                problems.append(
                    f"{where(path, entry)}: {translation!r} has {placeholders(translation)}, "
                    f"expected {placeholders(source)}"
                )
    assert not problems, "\n".join(problems)


def test_compiled_mo_files_match_their_po_files(catalogue):
    path, po = catalogue
    mo_path = path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path.relative_to(BASE_DIR)} is missing: run `make messages`"
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in polib.mofile(mo_path)}
    problems = []
    for entry in po.translated_entries():
        key = (entry.msgctxt, entry.msgid)
        value = (entry.msgstr, {int(k): v for k, v in entry.msgstr_plural.items()})
        got = compiled.get(key)
        if got is None or (got[0], {int(k): v for k, v in got[1].items()}) != value:
            problems.append(f"{where(path, entry)} differs in {mo_path.name}")
    assert not problems, "\n".join(problems) + "\nRun `make messages` to compile."


def gettext_tools_installed():
    return shutil.which("xgettext") and shutil.which("msgmerge")


def test_po_files_hold_every_string_of_the_source(project_copy):
    """Extract the strings afresh, in a copy of the project, and compare with the .po files."""
    if not gettext_tools_installed():
        if os.environ.get("CI"):
            pytest.fail("GNU gettext (xgettext, msgmerge) is needed in CI")
        pytest.skip("GNU gettext is not installed (apt-get install gettext)")
    copy = project_copy
    env = {**os.environ, "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "cities_site.settings"}
    env.pop("DATABASE_URL", None)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", *(f"-l{c}" for c in LANGUAGE_CODES)],
        cwd=copy,
        env=env,
        check=True,
        capture_output=True,
    )
    problems = []
    for code in LANGUAGE_CODES:
        committed = polib.pofile(str(po_path(code)))
        fresh = polib.pofile(str(copy / po_path(code).relative_to(BASE_DIR)))
        known = {(e.msgctxt, e.msgid) for e in committed if not e.obsolete}
        current = {(e.msgctxt, e.msgid) for e in fresh if not e.obsolete}
        for entry in fresh:
            if not entry.obsolete and (entry.msgctxt, entry.msgid) not in known:
                source = ", ".join(f"{file}:{line}" for file, line in entry.occurrences)
                problems.append(f"{source}: {entry.msgid!r} is missing from the {code} .po file")
        for entry in committed:
            if not entry.obsolete and (entry.msgctxt, entry.msgid) not in current:
                problems.append(f"{where(po_path(code), entry)} is no longer used")
    assert not problems, "\n".join(problems) + "\nRun `make messages`, then translate."
