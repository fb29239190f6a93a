"""The rate-limit table holds integers only from now on (``samen.core.ratelimit_cache``): the
pickled values of Django's database cache are removed (the counters start again, harmlessly)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("core", "0001_ratelimit_cache_table")]

    operations = [
        migrations.RunSQL("DELETE FROM samen_ratelimit_cache", reverse_sql=migrations.RunSQL.noop)
    ]
