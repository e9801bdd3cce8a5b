import django.contrib.postgres.search
import django.db.models.deletion
import django_countries.fields
from django.db import migrations, models

import initiatives.search
from initiatives.migration_operations import RunSQLOnPostgreSQL, RunSQLOnSQLite

NEW_SQLITE_INDEX = (
    f"CREATE VIRTUAL TABLE {initiatives.search.SQLITE_TABLE} USING fts5("
    f"{', '.join(initiatives.search.SQLITE_COLUMNS)}, tokenize='unicode61')"
)
REMOVED = [
    "city",
    "city_fr",
    "city_en",
    "country",
    "country_fr",
    "country_en",
    "search_title_fr",
    "search_title_en",
    "search_body_fr",
    "search_body_en",
    "search_document_fr",
    "search_document_en",
    "search_title_document_fr",
    "search_title_document_en",
]


def index_everything(apps, schema_editor):
    model = apps.get_model("initiatives", "Initiative")
    initiatives.search.reindex(model, using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    """The place typed per language goes, and so do the search's helper columns: the search
    indexes each initiative on its own (search.py), once its change is committed."""

    dependencies = [("initiatives", "0012_initiative_places")]

    operations = [
        migrations.RemoveIndex(model_name="initiative", name="initiative_facet_values"),
        *(migrations.RemoveField(model_name="initiative", name=name) for name in REMOVED),
        migrations.RenameField(model_name="initiative", old_name="town", new_name="city"),
        migrations.RenameField(model_name="initiative", old_name="nation", new_name="country"),
        migrations.AlterField(
            model_name="initiative",
            name="city",
            field=models.ForeignKey(
                blank=True,
                help_text="A new city is added under Cities.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="initiatives",
                to="core.city",
                verbose_name="city",
            ),
        ),
        migrations.AlterField(
            model_name="initiative",
            name="country",
            field=django_countries.fields.CountryField(
                blank=True,
                help_text="The city’s, when a city is chosen.",
                max_length=2,
                verbose_name="country",
            ),
        ),
        migrations.AddField(
            model_name="initiative",
            name="search_vector_fr",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="initiative",
            name="search_vector_en",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddIndex(
            model_name="initiative",
            index=initiatives.search.SearchIndex(
                fields=["search_vector_fr"], name="initiative_vector_fr"
            ),
        ),
        migrations.AddIndex(
            model_name="initiative",
            index=initiatives.search.SearchIndex(
                fields=["search_vector_en"], name="initiative_vector_en"
            ),
        ),
        RunSQLOnSQLite(NEW_SQLITE_INDEX, reverse_sql="DROP TABLE initiatives_search"),
        migrations.RunPython(index_everything, migrations.RunPython.noop),
        # Nothing reads unaccented text in the database any more.
        RunSQLOnPostgreSQL(
            "DROP EXTENSION IF EXISTS unaccent",
            reverse_sql="CREATE EXTENSION IF NOT EXISTS unaccent",
        ),
    ]
