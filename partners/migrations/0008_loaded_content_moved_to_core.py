from django.db import migrations


class Migration(migrations.Migration):
    """The content ledger is site-wide: core.LoadedContent, which copied these records."""

    dependencies = [
        ("partners", "0007_record_shipped_categories_and_regions"),
        ("core", "0002_loaded_content"),
    ]

    operations = [
        migrations.DeleteModel(name="LoadedContent"),
    ]
