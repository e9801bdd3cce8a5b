from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    """The unaccent extension used by the search on PostgreSQL.

    CreateExtension does nothing on other databases (its database_forwards returns at once
    when the connection's vendor is not "postgresql"), so SQLite migrates too.
    """

    dependencies = [
        ("initiatives", "0001_initial"),
    ]

    operations = [
        UnaccentExtension(),
    ]
