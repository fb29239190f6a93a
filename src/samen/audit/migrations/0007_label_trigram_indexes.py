"""The audit log's text filters on PostgreSQL: trigram indexes (pg_trgm) on the object and the
organisation labels, so that "contains" (a case reference, a name of an organisation) is sought
through an index instead of reading every entry of the log (seconds at two million entries).

pg_trgm ships with PostgreSQL and is a trusted extension (the database's owner may create it).
Where it cannot be created, the filters work as before, without the index; ``samen check``
does not depend on it. SQLite has no such index: there the filters read the log."""

from typing import Any

from django.db import DatabaseError, migrations, transaction

INDEXES = {
    "audit_object_label_trgm": "object_label",
    "audit_organisation_label_trgm": "organisation_label",
}


def create(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DatabaseError:
        return  # not allowed here: the filters work without the index
    for name, column in INDEXES.items():
        # UPPER(...): what Django's icontains compares on PostgreSQL.
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON audit_auditentry "
            f"USING gin (UPPER({column}::text) gin_trgm_ops)"
        )
    # Statistics of the indexed expressions: with them the planner knows a rare text from a
    # common one, and seeks the rare one through the index.
    schema_editor.execute("ANALYZE audit_auditentry")


def drop(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0006_timestamp_id_index"),
    ]

    operations = [migrations.RunPython(create, drop)]
