"""Backups bring everything back; migrations go back to zero and forward again."""

import io
import tarfile

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from PIL import Image

from initiatives.models import Initiative, SourceDocument
from partners.models import Partner
from tests.pdfs import REAL_PDF

APPS = ("partners", "initiatives")


def png(name):
    buffer = io.BytesIO()
    Image.new("RGB", (60, 30), (200, 30, 30)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def snapshot(media_root):
    """Every row of every table of the site's apps (M2M tables too), and every media file."""
    models = [m for label in APPS for m in apps.get_app_config(label).get_models()]
    through = {f.remote_field.through for m in models for f in m._meta.many_to_many}
    rows = {
        model._meta.db_table: sorted(
            model.objects.values(*[f.attname for f in model._meta.concrete_fields]),
            key=lambda row: row["id"],
        )
        for model in models
    }
    # Many-to-many links are saved without their own ids: compare the pairs.
    for model in through:
        columns = [f.attname for f in model._meta.concrete_fields if not f.primary_key]
        rows[model._meta.db_table] = sorted(model.objects.values_list(*columns))
    rows["groups"] = sorted(
        (g.name, sorted(g.permissions.values_list("codename", flat=True)))
        for g in Group.objects.all()
    )
    media = {
        str(p.relative_to(media_root)): p.read_bytes() for p in media_root.rglob("*") if p.is_file()
    }
    return rows, media


def differences(before, after):
    """(table, row id, column, before, after) for each value that differs."""
    found = []
    for table, rows in before.items():
        if table == "groups" or not rows or not isinstance(rows[0], dict):
            continue
        after_rows = {row["id"]: row for row in after.get(table, [])}
        for row in rows:
            other = after_rows.get(row["id"], {})
            found += [
                (table, row["id"], k, v, other.get(k)) for k, v in row.items() if other.get(k) != v
            ]
    return found


def wipe(media_root):
    for model in (SourceDocument, Initiative, Partner):
        model.objects.all().delete()
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            model.objects.all().delete()
    Group.objects.all().delete()
    for path in sorted(media_root.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_backup_and_restore_lose_nothing(site_content, settings, tmp_path):
    partner = Partner.objects.get(content_key="tiess")
    partner.logo = png("tiess.png")
    partner.description_en = "TIESS, in English, changed by staff."
    partner.save()
    initiative = Initiative.objects.published().first()
    SourceDocument.objects.create(
        initiative=initiative,
        title_fr="Texte",
        title_en="Text",
        file=SimpleUploadedFile("t.pdf", REAL_PDF),
    )
    before = snapshot(settings.MEDIA_ROOT)
    assert before[1], "the logo, its rendition and the PDF are media files"
    assert any(row["name_en"] != row["name_fr"] for row in before[0]["partners_partner"])

    archive = tmp_path / "cities.tar.gz"
    call_command("backup_site", str(archive), stdout=io.StringIO())
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert "data.json" in names
    assert {f"media/{name}" for name in before[1]} <= set(names)

    wipe(settings.MEDIA_ROOT)
    assert not Partner.objects.exists()
    assert snapshot(settings.MEDIA_ROOT)[1] == {}

    call_command("restore_site", str(archive), stdout=io.StringIO())
    after = snapshot(settings.MEDIA_ROOT)
    assert differences(before[0], after[0]) == []
    assert after[0] == before[0]
    assert after[1] == before[1]
    assert (
        "TIESS, in English, changed by staff."
        in partner.__class__.objects.get(pk=partner.pk).description_en
    )

    with pytest.raises(CommandError, match="already has content"):
        call_command("restore_site", str(archive), stdout=io.StringIO())


def test_restore_refuses_names_outside_media(tmp_path):
    from partners.management.commands.restore_site import safe_media_name

    assert safe_media_name("media/partners/logos/a.png") == "partners/logos/a.png"
    for name in ("media/../../etc/passwd", "/etc/passwd", "data.json", "media/a/../../b"):
        assert safe_media_name(name) is None


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_migrations_go_back_to_zero_and_forward_again():
    out = io.StringIO()
    call_command("migrate", "initiatives", "zero", verbosity=0, stdout=out)
    call_command("migrate", "partners", "zero", verbosity=0, stdout=out)
    tables = connection.introspection.table_names()
    assert not [t for t in tables if t.startswith(("partners_", "initiatives_"))]
    call_command("migrate", verbosity=0, stdout=out)
    tables = connection.introspection.table_names()
    assert "partners_partner" in tables
    assert "initiatives_initiative" in tables
    call_command("makemigrations", "--check", "--dry-run", verbosity=0, stdout=out)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_restored_site_can_be_searched(site_content, client, settings, tmp_path):
    # As in a backup made on SQLite, restored on PostgreSQL: no stored search documents.
    Initiative.objects.update(**dict.fromkeys(Initiative.SEARCH_DOCUMENT_FIELDS))
    archive = tmp_path / "cities.tar.gz"
    call_command("backup_site", str(archive), stdout=io.StringIO())
    wipe(settings.MEDIA_ROOT)
    call_command("restore_site", str(archive), stdout=io.StringIO())
    response = client.get("/fr/initiatives/", {"q": "économie sociale Montréal"})
    assert 'href="/fr/initiatives/partenariat-economie-sociale-montreal-2009/"' in response.text
