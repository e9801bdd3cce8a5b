from django.db import migrations, models


def copy_from_partners(apps, schema_editor):
    """The ledger lived in the partners app before: its records come along."""
    old = apps.get_model("partners", "LoadedContent")
    new = apps.get_model("core", "LoadedContent")
    new.objects.bulk_create(
        [new(key=row.key, loaded_at=row.loaded_at) for row in old.objects.all()], batch_size=500
    )


def copy_back(apps, schema_editor):
    old = apps.get_model("partners", "LoadedContent")
    new = apps.get_model("core", "LoadedContent")
    old.objects.bulk_create(
        [old(key=row.key, loaded_at=row.loaded_at) for row in new.objects.all()], batch_size=500
    )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_content_version"),
        ("partners", "0007_record_shipped_categories_and_regions"),
        # Its data migration still writes to the partners' ledger.
        ("initiatives", "0006_record_shipped_themes_and_policy_types"),
    ]

    operations = [
        migrations.CreateModel(
            name="LoadedContent",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("key", models.CharField(max_length=150, unique=True)),
                ("loaded_at", models.DateTimeField(auto_now_add=True)),
            ],
            options={
                "verbose_name": "loaded content",
                "verbose_name_plural": "loaded content",
            },
        ),
        migrations.RunPython(copy_from_partners, copy_back),
    ]
