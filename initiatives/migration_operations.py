"""Operations the initiatives' migrations share."""

from django.db import migrations


class RunSQLOnPostgreSQL(migrations.RunSQL):
    """SQL for PostgreSQL only (the stored search documents and their indexes); nothing on
    other databases, forwards or backwards."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
