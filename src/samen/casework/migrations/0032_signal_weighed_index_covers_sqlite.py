"""Retention's index of signals by their last weighing covers what the rule reads on SQLite too:
its columns as keys instead of PostgreSQL's INCLUDE, which SQLite does not have. The new index
first, then the old one goes."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0008_expert_role"),
        ("casework", "0031_participation_org_case"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="signal",
            index=models.Index(
                fields=[
                    "municipality",
                    "last_weighed_at",
                    "id",
                    "status",
                    "latest_review_on",
                    "reference",
                ],
                name="signal_muni_weighed_due",
            ),
        ),
        migrations.RemoveIndex(
            model_name="signal",
            name="signal_muni_weighed",
        ),
    ]
