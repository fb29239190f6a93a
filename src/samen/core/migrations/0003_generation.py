"""The generations of the municipalities' counted data (``samen.core.generations``)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('core', '0002_counters_only'),
    ]

    operations = [
        migrations.CreateModel(
            name='Generation',
            fields=[
                ('municipality_id', models.PositiveIntegerField(primary_key=True, serialize=False)),
                ('number', models.PositiveBigIntegerField(default=0)),
            ],
            options={
                'verbose_name': 'generation',
            },
        ),
    ]
