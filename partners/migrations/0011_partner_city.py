import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """The names typed per language and the coordinates go: the city holds them."""

    dependencies = [("partners", "0010_partner_cities")]

    operations = [
        migrations.RemoveField(model_name="partner", name="city"),
        migrations.RemoveField(model_name="partner", name="city_fr"),
        migrations.RemoveField(model_name="partner", name="city_en"),
        migrations.RemoveField(model_name="partner", name="country"),
        migrations.RemoveField(model_name="partner", name="country_fr"),
        migrations.RemoveField(model_name="partner", name="country_en"),
        migrations.RemoveField(model_name="partner", name="latitude"),
        migrations.RemoveField(model_name="partner", name="longitude"),
        migrations.RenameField(model_name="partner", old_name="town", new_name="city"),
        migrations.AlterField(
            model_name="partner",
            name="city",
            field=models.ForeignKey(
                blank=True,
                help_text="Shown on the map. A new city is added under Cities.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="partners",
                to="core.city",
                verbose_name="city",
            ),
        ),
    ]
