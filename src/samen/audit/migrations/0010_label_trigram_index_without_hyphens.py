"""The object label's trigram index on the label without its hyphens
(``samen.audit.label_search``): a case reference is then one word, not three common ones. It
replaces the index of migration 0007 on the label as written, which no query uses any more;
the organisation label's index stays (its searches are names, words of their own).

The index keeps GIN's pending list (``fastupdate``, PostgreSQL's default), although a search
reads all of it (4,000 pending entries made a search of a city's log 15 ms instead of 2):
without it, or with a list of 128 kB, intake took 5-15 % fewer signals per second on the national
data set (docs/benchmark-2026-12-06.md), and writing is what every request does.

Building the index reads the whole log once (about twenty seconds at two million entries).
Where pg_trgm is not installed (migration 0007 could not create it) there is nothing to do."""

from typing import Any

from django.db import migrations

INDEX = "audit_object_label_joined_trgm"
# As samen.audit.label_search builds it, to the character.
EXPRESSION = "UPPER((TRANSLATE(object_label, '-', ''))::text)"


def _has_trigrams(schema_editor: Any) -> bool:
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        return cursor.fetchone() is not None


def create(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql" or not _has_trigrams(schema_editor):
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON audit_auditentry "
        f"USING gin ({EXPRESSION} gin_trgm_ops)"
    )
    schema_editor.execute("DROP INDEX IF EXISTS audit_object_label_trgm")
    schema_editor.execute("ANALYZE audit_auditentry")


def drop(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql" or not _has_trigrams(schema_editor):
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS audit_object_label_trgm ON audit_auditentry "
        "USING gin (UPPER(object_label::text) gin_trgm_ops)"
    )
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0009_denied_entries_index"),
    ]

    operations = [migrations.RunPython(create, drop)]
