from django.db import migrations

from core.roles import grant_role_permissions, revoke_role_permissions


def grant(apps, schema_editor):
    grant_role_permissions(apps, "pages", ["page"], ["publish_page"])


def revoke(apps, schema_editor):
    revoke_role_permissions(apps, "pages")


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
