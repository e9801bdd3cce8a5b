"""Backups bring everything back; a restore trusts nothing in the archive; migrations go back
to zero and forward again."""

import gzip
import io
import json
import tarfile
import tracemalloc

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image
from reversion.models import Revision

from initiatives.models import Initiative, SourceDocument
from partners.models import Partner
from tests import pdfs

APPS = ("partners", "initiatives", "pages")
SITE_WIDE = ("core.city", "core.loadedcontent")
restore_db = pytest.mark.django_db(transaction=True, serialized_rollback=True)
SCRIPT = {"/S": "/JavaScript", "/JS": "app.alert(1)"}


def png(name):
    buffer = io.BytesIO()
    Image.new("RGB", (60, 30), (200, 30, 30)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def snapshot(media_root):
    """Every row of every table of the site's apps (M2M tables too), the staff groups and the
    admin's history, and every media file."""
    models = [m for label in APPS for m in apps.get_app_config(label).get_models()]
    models += [apps.get_model(label) for label in SITE_WIDE]
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
    rows["history"] = sorted(
        LogEntry.objects.values_list("user__username", "object_id", "change_message", "action_time")
    )
    media = {
        str(p.relative_to(media_root)): p.read_bytes() for p in media_root.rglob("*") if p.is_file()
    }
    return rows, media


def wipe(media_root):
    """The content and its files gone, as on a new server (accounts and groups stay)."""
    for model in (SourceDocument, Initiative, Partner):
        model.objects.all().delete()
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            model.objects.all().delete()
    for label in SITE_WIDE:
        apps.get_model(label).objects.all().delete()
    LogEntry.objects.all().delete()
    Revision.objects.all().delete()
    for path in sorted(media_root.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()


def restore(archive, *args):
    out = io.StringIO()
    call_command("restore_site", str(archive), *args, stdout=out)
    return out.getvalue()


@restore_db
def test_backup_and_restore_lose_nothing(site_content, settings, tmp_path):
    editor = User.objects.create_superuser("editor", "e@example.org", "a-long-passphrase")
    partner = Partner.objects.get(content_key="tiess")
    partner.logo = png("tiess.png")
    partner.description_en = "TIESS, in English, changed by staff."
    partner.save()
    LogEntry.objects.log_actions(editor.pk, [partner], CHANGE, change_message="Description")
    initiative = Initiative.objects.published().first()
    SourceDocument.objects.create(
        initiative=initiative,
        title_fr="Texte",
        title_en="Text",
        file=SimpleUploadedFile("t.pdf", pdfs.REAL_PDF),
    )
    before = snapshot(settings.MEDIA_ROOT)
    assert before[1], "the logo, its rendition and the PDF are media files"
    assert before[0]["history"]

    archive = tmp_path / "cities.tar.gz"
    call_command("backup_site", str(archive), stdout=io.StringIO())
    assert archive.stat().st_mode & 0o777 == 0o600
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert "data.jsonl" in names
    assert {f"media/{name}" for name in before[1]} <= set(names)

    wipe(settings.MEDIA_ROOT)
    assert not Partner.objects.exists()
    assert snapshot(settings.MEDIA_ROOT)[1] == {}

    restore(archive)
    after = snapshot(settings.MEDIA_ROOT)
    assert after == before
    assert "changed by staff" in Partner.objects.get(pk=partner.pk).description_en
    # New objects get keys after the restored ones (PostgreSQL's sequences follow).
    assert Partner.objects.create(name_fr="Nouveau", category=partner.category).pk > partner.pk

    with pytest.raises(CommandError, match="already has content"):
        restore(archive)


@restore_db
def test_a_restored_site_can_be_searched(site_content, client, settings, tmp_path):
    # A backup made on SQLite holds no PostgreSQL search vector, and SQLite's index is a
    # table of its own, never backed up: a restore indexes everything.
    Initiative.objects.update(search_vector_fr=None, search_vector_en=None)
    archive = tmp_path / "cities.tar.gz"
    call_command("backup_site", str(archive), stdout=io.StringIO())
    wipe(settings.MEDIA_ROOT)
    restore(archive)
    response = client.get("/fr/initiatives/", {"q": "économie sociale Montréal"})
    assert 'href="/fr/initiatives/partenariat-economie-sociale-montreal-2009/"' in response.text


@restore_db
def test_a_backup_reads_one_snapshot(site_content, tmp_path):
    with CaptureQueriesContext(connection) as queries:
        call_command("backup_site", str(tmp_path / "b.tar.gz"), stdout=io.StringIO())
    statements = [q["sql"] for q in queries]
    assert statements[0] == "BEGIN"
    assert statements.count("BEGIN") == 1  # one transaction for every read
    if connection.vendor == "postgresql":  # whose reads all see the state at its start
        assert statements[1] == "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"


# Crafted archives: each is refused, or restores no more than the site's content.


def archive_of(path, objects=None, members=None, data_name="data.jsonl"):
    """A .tar.gz with ``objects`` as data.jsonl (one a line) and ``members`` (name → bytes)."""
    with tarfile.open(path, "w:gz") as tar:
        if objects is not None:
            data = "".join(json.dumps(o) + "\n" for o in objects).encode()
            add(tar, data_name, data)
        for name, content in (members or {}).items():
            add(tar, name, content)
    return path


def add(tar, name, content, kind=tarfile.REGTYPE):
    info = tarfile.TarInfo(name)
    info.type, info.size = kind, len(content)
    tar.addfile(info, io.BytesIO(content))


def content_objects(site_content_archive):
    with tarfile.open(site_content_archive) as tar:
        lines = tar.extractfile("data.jsonl").read().decode().splitlines()
    return [json.loads(line) for line in lines]


@pytest.fixture
def shipped(site_content, tmp_path, settings):
    """The shipped content's objects as a backup holds them, then a database without them."""
    path = tmp_path / "shipped.tar.gz"
    call_command("backup_site", str(path), stdout=io.StringIO())
    objects = content_objects(path)
    wipe(settings.MEDIA_ROOT)
    return objects


SUPERUSER = {
    "model": "auth.user",
    "fields": {
        "username": "intruder",
        "password": "md5$salt$0123456789abcdef0123456789abcdef",
        "is_superuser": True,
        "is_staff": True,
        "is_active": True,
        "groups": [],
        "user_permissions": [],
    },
}


@restore_db
def test_accounts_and_permissions_in_an_archive_are_not_restored(shipped, tmp_path):
    admin = User.objects.create_superuser("admin", "a@example.org", "the-real-passphrase")
    hash_before = admin.password
    translators = sorted(
        Group.objects.get(name="Translators").permissions.values_list("codename", flat=True)
    )
    replaced_admin = {**SUPERUSER, "fields": {**SUPERUSER["fields"], "username": "admin"}}
    user_perm = ["change_user", "auth", "user"]
    translators_with_more = {
        "model": "auth.group",
        "fields": {"name": "Translators", "permissions": [user_perm]},
    }
    for crafted in (SUPERUSER, replaced_admin):
        path = archive_of(tmp_path / "crafted.tar.gz", [*shipped, crafted])
        with pytest.raises(CommandError, match="only the site's content"):
            restore(path)
        assert not Partner.objects.exists()
    # An earlier backup's groups are left as the migrations make them.
    restore(archive_of(tmp_path / "groups.tar.gz", [*shipped, translators_with_more]))
    assert Partner.objects.exists()
    assert not User.objects.filter(username="intruder").exists()
    assert User.objects.get(username="admin").password == hash_before
    after = Group.objects.get(name="Translators").permissions.values_list("codename", flat=True)
    assert sorted(after) == translators


@restore_db
def test_accounts_are_restored_only_when_asked_and_never_replace_one(shipped, tmp_path):
    admin = User.objects.create_superuser("admin", "a@example.org", "the-real-passphrase")
    hash_before = admin.password
    replaced_admin = {**SUPERUSER, "fields": {**SUPERUSER["fields"], "username": "admin"}}
    # Another name, but the existing account's key: it would overwrite that row.
    taking_the_key = {**SUPERUSER, "pk": admin.pk}
    path = archive_of(tmp_path / "users.tar.gz", [*shipped, taking_the_key, replaced_admin])
    report = restore(path, "--with-users")
    assert "1 existing accounts kept as they are" in report
    admin.refresh_from_db()
    assert (admin.username, admin.password) == ("admin", hash_before)
    intruder = User.objects.get(username="intruder")
    assert intruder.pk != admin.pk and intruder.is_superuser  # the operator asked for it


@restore_db
def test_the_history_comes_back_with_the_accounts(site_content, settings, tmp_path):
    editor = User.objects.create_superuser("editor", "e@example.org", "a-long-passphrase")
    partner = Partner.objects.first()
    LogEntry.objects.log_actions(editor.pk, [partner], CHANGE, change_message="Description")
    archive = tmp_path / "with-users.tar.gz"
    call_command("backup_site", str(archive), "--with-users", stdout=io.StringIO())
    wipe(settings.MEDIA_ROOT)
    User.objects.all().delete()
    report = restore(archive, "--with-users")
    assert "left out" not in report
    [entry] = LogEntry.objects.all()
    assert (entry.user.username, entry.object_repr) == ("editor", str(partner))


@restore_db
def test_files_no_object_names_are_not_even_unpacked(shipped, tmp_path, settings):
    junk = {f"media/partners/logos/junk-{n}.png": b"\0" * 1024 for n in range(40)}
    report = restore(archive_of(tmp_path / "junk.tar.gz", shipped, junk))
    assert "40 files left out (named by no object)" in report
    assert not (settings.MEDIA_ROOT / "partners" / "logos").exists()


@restore_db
def test_an_archive_must_begin_with_its_data(shipped, tmp_path):
    path = tmp_path / "late.tar.gz"
    with tarfile.open(path, "w:gz") as tar:
        add(tar, "media/partners/logos/a.png", b"x")
        add(tar, "data.jsonl", "".join(json.dumps(o) + "\n" for o in shipped).encode())
    with pytest.raises(CommandError, match="does not begin with data.jsonl"):
        restore(path)


def test_a_backup_that_cannot_read_a_file_leaves_no_archive(site_content, settings, tmp_path):
    partner = Partner.objects.get(content_key="tiess")
    partner.logo = png("tiess.png")
    partner.save()
    (settings.MEDIA_ROOT / partner.logo.name).unlink()  # gone behind the database's back
    archive = tmp_path / "backups" / "cities.tar.gz"
    with pytest.raises(FileNotFoundError):
        call_command("backup_site", str(archive), stdout=io.StringIO())
    assert list(archive.parent.iterdir()) == []  # neither the archive nor a partial one


@restore_db
@pytest.mark.parametrize(
    "member",
    [
        "media/../../.secret_key",
        "media/partners/logos/a\nb.png",
        "media/partners/logos/a b.png",
        "/etc/cron.d/job",
        "notes.txt",
        "media/partners/logos/.",
    ],
)
def test_an_odd_member_name_restores_nothing_and_a_good_archive_still_can(
    shipped, tmp_path, member
):
    path = archive_of(tmp_path / "odd.tar.gz", shipped, {member: b"x"})
    with pytest.raises(CommandError, match="nothing was restored"):
        restore(path)
    assert not Partner.objects.exists()
    restore(archive_of(tmp_path / "good.tar.gz", shipped))
    assert Partner.objects.count() == 18


@restore_db
def test_links_in_an_archive_are_refused(shipped, tmp_path):
    path = tmp_path / "link.tar.gz"
    with tarfile.open(path, "w:gz") as tar:
        add(tar, "data.jsonl", "".join(json.dumps(o) + "\n" for o in shipped).encode())
        link = tarfile.TarInfo("media/partners/logos/x.png")
        link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
        tar.addfile(link)
    with pytest.raises(CommandError, match="not a plain file"):
        restore(path)
    assert not Partner.objects.exists()


@restore_db
def test_a_small_archive_of_a_huge_member_is_refused_in_little_memory(shipped, tmp_path):
    """300 MB of zeros compress to about 300 KB."""
    path = tmp_path / "bomb.tar.gz"
    size = 300 * 1024 * 1024
    with (
        gzip.open(path, "wb", compresslevel=9) as packed,
        tarfile.open(fileobj=packed, mode="w") as tar,
    ):
        info = tarfile.TarInfo("data.jsonl")
        info.size = size
        tar.addfile(info, ZeroReader(size))
    assert path.stat().st_size < 1024 * 1024
    tracemalloc.start()
    try:
        with pytest.raises(CommandError, match="too large"):
            restore(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 64 * 1024 * 1024
    assert not Partner.objects.exists()


class ZeroReader:
    def __init__(self, size):
        self.left = size

    def read(self, size=-1):
        size = self.left if size < 0 else min(size, self.left)
        self.left -= size
        return b"\0" * size


@restore_db
@pytest.mark.parametrize(
    ("file_name", "content", "message"),
    [
        (
            "initiatives/sources/texte.pdf",
            pdfs.pdf_with_open_action(**{"/S": "/JavaScript", "/JS": "x"}),
            "holds a script",
        ),
        ("initiatives/sources/page.html", pdfs.html_polyglot(), "name ending in .pdf"),
        ("partners/logos/texte.pdf", pdfs.REAL_PDF, "not a file of the archive"),
        ("../../.secret_key", b"key", "not a file of the archive"),
    ],
)
def test_a_file_the_content_names_is_checked_as_on_upload(
    shipped, tmp_path, file_name, content, message
):
    initiative = next(o for o in shipped if o["model"] == "initiatives.initiative")
    document = {
        "model": "initiatives.sourcedocument",
        "pk": 999,
        "fields": {"initiative": initiative["pk"], "title_fr": "Texte", "file": file_name},
    }
    members = {} if file_name.startswith("..") else {f"media/{file_name}": content}
    path = archive_of(tmp_path / "file.tar.gz", [*shipped, document], members)
    with pytest.raises(CommandError, match=message):
        restore(path)
    assert not SourceDocument.objects.exists() and not Partner.objects.exists()


@restore_db
def test_a_failed_restore_leaves_no_file_behind(shipped, tmp_path, settings):
    initiative = next(o for o in shipped if o["model"] == "initiatives.initiative")
    good = {
        "model": "initiatives.sourcedocument",
        "pk": 998,
        "fields": {
            "initiative": initiative["pk"],
            "title_fr": "A",
            "file": "initiatives/sources/a.pdf",
        },
    }
    broken = {"model": "initiatives.objective", "pk": 5, "fields": {"initiative": 123456}}
    members = {"media/initiatives/sources/a.pdf": pdfs.REAL_PDF}
    path = archive_of(tmp_path / "broken.tar.gz", [*shipped, good, broken], members)
    with pytest.raises(CommandError):
        restore(path)
    assert not Partner.objects.exists()
    assert not any(p.is_file() for p in settings.MEDIA_ROOT.rglob("*"))


@restore_db
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


def test_an_archive_that_is_not_one_is_refused(db, tmp_path):
    path = tmp_path / "not.tar.gz"
    path.write_bytes(b"not an archive")
    with pytest.raises(CommandError, match="Not a readable backup archive"):
        restore(path)
    assert ContentType.objects.exists()  # nothing else touched


@restore_db
def test_the_history_survives_a_backup_and_a_restore(site_content, settings, tmp_path):
    import reversion
    from reversion.models import Version

    editor = User.objects.create_superuser("editor", "e@example.org", "a-long-passphrase")
    partner = Partner.objects.get(content_key="tiess")
    with reversion.create_revision():
        partner.description_en = "TIESS, changed in a version."
        partner.save()
        reversion.set_user(editor)
        reversion.set_comment("An edit")
    before = [v.field_dict["description_en"] for v in Version.objects.get_for_object(partner)]
    assert len(before) == 2
    archive = tmp_path / "cities.tar.gz"
    call_command("backup_site", str(archive), stdout=io.StringIO())
    wipe(settings.MEDIA_ROOT)
    assert not Version.objects.exists()

    restore(archive)
    restored = Partner.objects.get(pk=partner.pk)
    after = [v.field_dict["description_en"] for v in Version.objects.get_for_object(restored)]
    assert after == before
    assert Revision.objects.filter(comment="An edit", user__username="editor").exists()


@restore_db
def test_a_version_of_anything_but_content_is_not_restored(shipped, tmp_path):
    revision = {
        "model": "reversion.revision",
        "pk": 900,
        "fields": {"date_created": "2026-01-01T00:00:00Z", "user": None, "comment": "crafted"},
    }
    account = {
        "model": "reversion.version",
        "fields": {
            "revision": 900,
            "object_id": "1",
            "content_type": ["auth", "user"],
            "db": "default",
            "format": "json",
            "object_repr": "intruder",
            "serialized_data": '[{"model": "auth.user", "pk": 1, "fields": {"username": "intruder",'
            ' "is_superuser": true, "is_staff": true, "password": "x"}}]',
        },
    }
    report = restore(archive_of(tmp_path / "crafted.tar.gz", [*shipped, revision, account]))
    assert "versions left out (not content)" in report
    from reversion.models import Version

    assert not Version.objects.filter(content_type__app_label="auth").exists()
    assert Partner.objects.exists()
