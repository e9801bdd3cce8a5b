import django.contrib.postgres.search
from django.db import migrations, models

from initiatives.migration_operations import RunSQLOnPostgreSQL

DOCUMENT = (
    "setweight(to_tsvector('{config}'::regconfig, coalesce(search_title_{language}, '')), 'A')"
    " || setweight(to_tsvector('{config}'::regconfig, coalesce(search_body_{language}, '')), 'B')"
)
CONFIGS = {"fr": "french", "en": "english"}


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0004_staff_roles"),
        ("partners", "0006_shipped_partner_coordinates"),
    ]

    operations = [
        migrations.AddField(
            model_name="initiative",
            name="search_document_en",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="initiative",
            name="search_document_fr",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddIndex(
            model_name="initiative",
            index=models.Index(
                fields=[
                    "is_published",
                    "year",
                    "level",
                    "policy_type",
                    "organisation",
                    "country_fr",
                    "country_en",
                    "city_fr",
                    "city_en",
                ],
                name="initiative_facets",
            ),
        ),
        migrations.AddIndex(
            model_name="initiative",
            index=models.Index(fields=["-year", "id", "is_published"], name="initiative_list_order"),
        ),
        *(
            RunSQLOnPostgreSQL(
                # The index first: PostgreSQL refuses to create it after the update in the
                # same transaction (the update leaves deferred foreign-key checks pending).
                sql=[
                    f"CREATE INDEX initiative_search_{language} ON initiatives_initiative "
                    f"USING gin (search_document_{language})",
                    f"UPDATE initiatives_initiative SET search_document_{language} = "
                    + DOCUMENT.format(config=config, language=language),
                ],
                reverse_sql=[f"DROP INDEX IF EXISTS initiative_search_{language}"],
            )
            for language, config in CONFIGS.items()
        ),
    ]
