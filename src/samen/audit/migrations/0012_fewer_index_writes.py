"""Fewer indexes for every audit entry written (docs/decisions/0026).

- ``entry_hash`` is no longer unique: nothing looks an entry up by its hash, and verification
  checks every hash. On PostgreSQL its unique index and its LIKE index (two indexes of random
  64-character keys, each written at a random page) are dropped; SQLite keeps the ``UNIQUE`` of
  its table definition (``samen.core.index_pruning``).
- ``action``'s own index (and its LIKE index) is dropped: ``audit_action_id`` serves the filter.
- ``object_id`` keeps a plain index, now ``audit_object_id_alone``, without the LIKE index.

The table is not rebuilt: two million entries at national size, and SQLite would lose the
append-only triggers with the old table (as in 0008).
"""

from django.db import migrations, models

from samen.core import index_pruning as pruning

TABLE = "audit_auditentry"
# The columns whose LIKE index (PostgreSQL) goes.
LIKE_INDEXED = ("action", "object_id", "entry_hash")


def forwards(apps, schema_editor):
    postgres = schema_editor.connection.vendor == "postgresql"
    pruning.drop_index(schema_editor, pruning.index_name(schema_editor, TABLE, "action"))
    pruning.rename_index(
        schema_editor,
        pruning.index_name(schema_editor, TABLE, "object_id"),
        "audit_object_id_alone",
        TABLE,
        "object_id",
    )
    pruning.drop_like_indexes(schema_editor, TABLE, LIKE_INDEXED)
    if postgres:
        for name in pruning.unique_constraints(schema_editor, TABLE, "entry_hash"):
            schema_editor.execute(
                f"ALTER TABLE {TABLE} DROP CONSTRAINT {schema_editor.quote_name(name)}"
            )


def backwards(apps, schema_editor):
    postgres = schema_editor.connection.vendor == "postgresql"
    pruning.create_index(
        schema_editor, pruning.index_name(schema_editor, TABLE, "action"), TABLE, "action"
    )
    pruning.rename_index(
        schema_editor,
        "audit_object_id_alone",
        pruning.index_name(schema_editor, TABLE, "object_id"),
        TABLE,
        "object_id",
    )
    if postgres and not pruning.unique_constraints(schema_editor, TABLE, "entry_hash"):
        schema_editor.execute(
            f"ALTER TABLE {TABLE} ADD CONSTRAINT {TABLE}_entry_hash_key UNIQUE (entry_hash)"
        )
    pruning.create_like_indexes(schema_editor, TABLE, LIKE_INDEXED)


class Migration(migrations.Migration):
    dependencies = [("audit", "0011_denied_by_time")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="auditentry",
                    name="action",
                    field=models.CharField(max_length=100, verbose_name="action"),
                ),
                migrations.AlterField(
                    model_name="auditentry",
                    name="entry_hash",
                    field=models.CharField(max_length=64),
                ),
                migrations.AlterField(
                    model_name="auditentry",
                    name="object_id",
                    field=models.CharField(blank=True, max_length=100, verbose_name="object id"),
                ),
                migrations.AddIndex(
                    model_name="auditentry",
                    index=models.Index(fields=["object_id"], name="audit_object_id_alone"),
                ),
            ],
            database_operations=[migrations.RunPython(forwards, backwards)],
        )
    ]
