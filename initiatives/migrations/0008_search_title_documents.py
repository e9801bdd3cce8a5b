import django.contrib.postgres.search
from django.db import migrations

from initiatives.migration_operations import RunSQLOnPostgreSQL

CONFIGS = {"fr": "french", "en": "english"}


class Migration(migrations.Migration):
    """Each initiative's title alone as a search document, so that the search can put the
    initiatives whose title holds the words first without reading their whole text.

    (SQLite's full-text index is not a migration: see ``search.ensure_sqlite_index``.)
    """

    dependencies = [
        ("initiatives", "0007_year_range"),
    ]

    operations = [
        migrations.AddField(
            model_name="initiative",
            name="search_title_document_en",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="initiative",
            name="search_title_document_fr",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        *(
            RunSQLOnPostgreSQL(
                # The index first: PostgreSQL refuses to create it after the update in the
                # same transaction (the update leaves deferred foreign-key checks pending).
                sql=[
                    f"CREATE INDEX initiative_title_search_{language} ON initiatives_initiative "
                    f"USING gin (search_title_document_{language})",
                    f"UPDATE initiatives_initiative SET search_title_document_{language} = "
                    f"to_tsvector('{config}'::regconfig, coalesce(search_title_{language}, ''))",
                ],
                reverse_sql=[f"DROP INDEX IF EXISTS initiative_title_search_{language}"],
            )
            for language, config in CONFIGS.items()
        ),
    ]
