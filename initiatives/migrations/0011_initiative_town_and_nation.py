import django.db.models.deletion
import django_countries.fields
from django.db import migrations, models

from initiatives.migration_operations import RunSQLOnSQLite

# The full-text index of earlier versions, kept by triggers that name the search columns
# removed below: it goes first.
OLD_SQLITE_INDEX = [
    "DROP TRIGGER IF EXISTS initiatives_search_insert",
    "DROP TRIGGER IF EXISTS initiatives_search_delete",
    "DROP TRIGGER IF EXISTS initiatives_search_update",
    "DROP TABLE IF EXISTS initiatives_search",
]


class Migration(migrations.Migration):
    """An initiative's place becomes a city staff manage (core.City) and a country given by
    its ISO code: first the new fields (each step its own migration, as PostgreSQL alters no
    table whose rows were just updated in the same transaction)."""

    dependencies = [
        ("core", "0003_cities"),
        ("initiatives", "0010_source_documents_named_by_the_site"),
    ]

    operations = [
        RunSQLOnSQLite(OLD_SQLITE_INDEX, reverse_sql=migrations.RunSQL.noop),
        migrations.AddField(
            model_name="initiative",
            name="town",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="core.city",
            ),
        ),
        migrations.AddField(
            model_name="initiative",
            name="nation",
            field=django_countries.fields.CountryField(blank=True, max_length=2),
        ),
    ]
