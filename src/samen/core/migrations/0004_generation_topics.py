"""A generation per municipality and kind of data (``samen.core.generations.Topic``).

The table is made anew: a generation only has to change, and every migration moves the
installation's generation afterwards (``samen.reports.kept``), so no value kept under an old
number is used again."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0003_generation'),
    ]

    operations = [
        migrations.DeleteModel(name='Generation'),
        migrations.CreateModel(
            name='Generation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('municipality_id', models.PositiveIntegerField()),
                ('topic', models.PositiveSmallIntegerField(default=0)),
                ('number', models.PositiveBigIntegerField(default=0)),
            ],
            options={
                'verbose_name': 'generation',
                'constraints': [models.UniqueConstraint(fields=('municipality_id', 'topic'), name='generation_municipality_topic')],
            },
        ),
    ]
