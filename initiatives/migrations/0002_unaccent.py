from django.db import migrations


class Migration(migrations.Migration):
    """Once the unaccent extension for the search on PostgreSQL, which no longer uses it
    (0013 drops it where this migration created it)."""

    dependencies = [
        ("initiatives", "0001_initial"),
    ]

    operations = []
