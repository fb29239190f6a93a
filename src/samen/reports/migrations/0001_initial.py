"""RetainedStatistic moves from privacy to reports, where reporting lives: the state moves, the table is renamed."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('privacy', '0001_initial'),
        ('accounts', '0003_chair_configures_casework'),
    ]

    operations = [
        # RetainedStatistic moves from privacy to reports, where reporting lives: the state moves, the table is renamed.
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.CreateModel(
                name='RetainedStatistic',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('year', models.PositiveIntegerField(verbose_name='year')),
                    ('kind', models.CharField(choices=[('signal', 'Signal'), ('case', 'Case')], max_length=10, verbose_name='kind')),
                    ('status', models.CharField(max_length=20, verbose_name='status or phase')),
                    ('outcome', models.CharField(blank=True, max_length=20, verbose_name='outcome')),
                    ('ideology', models.CharField(blank=True, max_length=20, verbose_name='ideology')),
                    ('age_band', models.CharField(blank=True, choices=[('', 'Unknown'), ('0-11', 'Under 12'), ('12-17', '12 to 17'), ('18-22', '18 to 22'), ('23-29', '23 to 29'), ('30+', '30 and older')], max_length=10, verbose_name='age band')),
                    ('district', models.CharField(blank=True, max_length=100, verbose_name='district')),
                    ('count', models.PositiveIntegerField(default=0, verbose_name='count')),
                    ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='accounts.organisation')),
                ],
                options={
                    'db_table': 'privacy_retainedstatistic',
                    'verbose_name': 'retained statistic',
                    'verbose_name_plural': 'retained statistics',
                    'ordering': ['year', 'kind', 'status'],
                    'constraints': [models.UniqueConstraint(fields=('municipality', 'year', 'kind', 'status', 'outcome', 'ideology', 'age_band', 'district'), name='one_retained_statistic_per_combination')],
                },
            ),
            ],
        ),
        migrations.AlterModelTable(name='retainedstatistic', table=None),
    ]
