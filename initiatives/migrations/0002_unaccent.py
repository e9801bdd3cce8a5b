from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations


class UnaccentOnPostgreSQL(UnaccentExtension):
    """UnaccentExtension, whose reverse (unlike its forward) also runs on other databases
    and fails there: it asks pg_extension whether the extension exists."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    """The unaccent extension used by the search on PostgreSQL.

    CreateExtension does nothing on other databases (its database_forwards returns at once
    when the connection's vendor is not "postgresql"), so SQLite migrates too.
    """

    dependencies = [
        ("initiatives", "0001_initial"),
    ]

    operations = [
        UnaccentOnPostgreSQL(),
    ]
