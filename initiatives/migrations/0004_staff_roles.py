from django.db import migrations

from core.roles import grant_role_permissions, revoke_role_permissions


def grant(apps, schema_editor):
    grant_role_permissions(
        apps,
        "initiatives",
        ["initiative", "objective", "axis", "sourcedocument", "theme", "policytype"],
        ["publish_initiative"],
    )


def revoke(apps, schema_editor):
    revoke_role_permissions(apps, "initiatives")


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("partners", "0004_staff_roles"),
        ("initiatives", "0003_publish_permission"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
