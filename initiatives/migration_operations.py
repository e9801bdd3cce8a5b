"""Operations the initiatives' migrations share."""

from django.db import migrations


class RunSQLOn(migrations.RunSQL):
    """SQL for one database (``vendor``) only; nothing on others, forwards or backwards."""

    vendor = None

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class RunSQLOnPostgreSQL(RunSQLOn):
    vendor = "postgresql"


class RunSQLOnSQLite(RunSQLOn):
    vendor = "sqlite"
