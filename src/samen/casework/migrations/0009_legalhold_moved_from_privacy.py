"""LegalHold moves from privacy to casework (a hold is part of the case): the state moves, the table is renamed."""

import django.db.models.deletion
import samen.core.fields
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('privacy', '0001_initial'),
        ('casework', '0008_person_name_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # LegalHold moves from privacy to casework (a hold is part of the case): the state moves, the table is renamed.
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.CreateModel(
                name='LegalHold',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('reason', samen.core.fields.EncryptedTextField(verbose_name='reason for the hold')),
                    ('set_at', models.DateTimeField(auto_now_add=True, verbose_name='set at')),
                    ('lifted_at', models.DateTimeField(blank=True, null=True, verbose_name='lifted at')),
                    ('lift_reason', samen.core.fields.EncryptedTextField(blank=True, verbose_name='reason for lifting')),
                    ('case', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='holds', to='casework.case', verbose_name='case')),
                    ('lifted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('set_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ],
                options={
                    'db_table': 'privacy_legalhold',
                    'verbose_name': 'legal hold',
                    'verbose_name_plural': 'legal holds',
                    'ordering': ['-set_at', '-pk'],
                    'constraints': [models.UniqueConstraint(condition=models.Q(('lifted_at__isnull', True)), fields=('case',), name='one_active_hold_per_case')],
                },
            ),
            ],
        ),
        migrations.AlterModelTable(name='legalhold', table=None),
    ]
