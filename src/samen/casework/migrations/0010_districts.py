"""Districts become a list per municipality, kept by the coordinator: signals and persons
point at one instead of holding free text. Existing texts become the first districts of their
municipality (the logic is frozen here)."""

import django.db.models.deletion
from django.db import migrations, models


def to_districts(apps, schema_editor):
    District = apps.get_model("casework", "District")
    for model_name in ("Signal", "Person"):
        model = apps.get_model("casework", model_name)
        rows = model.objects.exclude(district_name="").values_list(
            "pk", "municipality_id", "district_name"
        )
        for pk, municipality_id, name in rows.iterator():
            district, _ = District.objects.get_or_create(
                municipality_id=municipality_id, name=" ".join(name.split())[:100]
            )
            model.objects.filter(pk=pk).update(district=district)


def to_names(apps, schema_editor):
    for model_name in ("Signal", "Person"):
        model = apps.get_model("casework", model_name)
        for row in model.objects.exclude(district=None).select_related("district").iterator():
            model.objects.filter(pk=row.pk).update(district_name=row.district.name)


class Migration(migrations.Migration):
    dependencies = [
        ('accounts', '0004_privacy_capabilities'),
        ('casework', '0009_legalhold_moved_from_privacy'),
    ]

    operations = [
        migrations.CreateModel(
            name='District',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=100, verbose_name='name')),
                ('position', models.PositiveIntegerField(default=0, verbose_name='position')),
                ('active', models.BooleanField(default=True, verbose_name='in use')),
                ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='districts', to='accounts.organisation', verbose_name='municipality')),
            ],
            options={
                'verbose_name': 'district',
                'verbose_name_plural': 'districts',
                'ordering': ['position', 'name'],
            },
        ),
        migrations.AddConstraint(
            model_name='district',
            constraint=models.UniqueConstraint(fields=('municipality', 'name'), name='one_district_name_per_municipality'),
        ),
        migrations.RenameField("signal", "district", "district_name"),
        migrations.RenameField("person", "district", "district_name"),
        migrations.AddField(
            model_name="signal",
            name="district",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="casework.district",
                verbose_name="district",
            ),
        ),
        migrations.AddField(
            model_name="person",
            name="district",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="casework.district",
                verbose_name="district",
            ),
        ),
        migrations.RunPython(to_districts, to_names),
        migrations.RemoveField("signal", "district_name"),
        migrations.RemoveField("person", "district_name"),
    ]
