import django.core.validators
from decimal import Decimal

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0004_staff_roles"),
    ]

    operations = [
        migrations.AddField(
            model_name="partner",
            name="latitude",
            field=models.DecimalField(
                blank=True,
                decimal_places=5,
                help_text="Of the city, in decimal degrees (north is positive), e.g. 45.5019.",
                max_digits=8,
                null=True,
                validators=[
                    django.core.validators.MinValueValidator(Decimal("-90")),
                    django.core.validators.MaxValueValidator(Decimal("90")),
                ],
                verbose_name="latitude",
            ),
        ),
        migrations.AddField(
            model_name="partner",
            name="longitude",
            field=models.DecimalField(
                blank=True,
                decimal_places=5,
                help_text="Of the city, in decimal degrees (east is positive), e.g. -73.5674.",
                max_digits=8,
                null=True,
                validators=[
                    django.core.validators.MinValueValidator(Decimal("-180")),
                    django.core.validators.MaxValueValidator(Decimal("180")),
                ],
                verbose_name="longitude",
            ),
        ),
    ]
