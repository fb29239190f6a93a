"""The audit log by date: one index on (timestamp, id) in place of the one on timestamp (the
new one is built before the old one goes, so that date lookups always have an index)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0005_keyset_indexes"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="auditentry",
            index=models.Index(fields=["timestamp", "id"], name="audit_timestamp_id"),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="timestamp",
            field=models.DateTimeField(verbose_name="time (UTC)"),
        ),
    ]
