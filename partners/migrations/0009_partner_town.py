import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """A partner's city becomes one of the cities staff manage (core.City): first the new
    link (each step its own migration, as PostgreSQL alters no table whose rows were just
    updated in the same transaction)."""

    dependencies = [
        ("core", "0003_cities"),
        ("partners", "0008_loaded_content_moved_to_core"),
    ]

    operations = [
        migrations.AddField(
            model_name="partner",
            name="town",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="core.city",
            ),
        ),
    ]
