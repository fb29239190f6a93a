"""A referral carries its signal's municipality (issue #16): the policy's rules and the start
page's counts read it from the referral's own indexes instead of joining every signal of the
municipality. Added empty, filled from the signals, then required."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_municipality(apps, schema_editor):
    Referral = apps.get_model("casework", "Referral")
    Signal = apps.get_model("casework", "Signal")
    Referral.objects.filter(municipality__isnull=True).update(
        municipality_id=Subquery(
            Signal.objects.filter(pk=OuterRef("signal_id")).values("municipality_id")[:1]
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0008_expert_role"),
        ("casework", "0025_list_order_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="referral",
            name="municipality",
            field=models.ForeignKey(
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.organisation",
                verbose_name="municipality",
            ),
        ),
        migrations.RunPython(fill_municipality, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="referral",
            name="municipality",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.organisation",
                verbose_name="municipality",
            ),
        ),
        migrations.AddIndex(
            model_name="referral",
            index=models.Index(
                fields=["municipality", "status", "referred_at", "id"],
                name="referral_muni_status",
            ),
        ),
        migrations.AddIndex(
            model_name="referral",
            index=models.Index(
                fields=["organisation", "municipality", "status"],
                name="referral_org_muni_status",
            ),
        ),
    ]
