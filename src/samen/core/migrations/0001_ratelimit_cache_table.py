"""The table of the rate-limit counters (CACHES["ratelimit"], a Django database cache)."""

from django.core.management import call_command
from django.db import migrations

TABLE = "samen_ratelimit_cache"


def create(apps, schema_editor):
    call_command("createcachetable", TABLE, database=schema_editor.connection.alias, verbosity=0)


def drop(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {TABLE}")


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(create, drop)]
