"""Fewer indexes for every signal written (docs/decisions/0026): the references and receipt
codes unique by constraints, the status and the blind index by plain indexes, none with the
LIKE index PostgreSQL adds for ``unique`` and ``db_index`` on a text column; no index of the
municipality alone (every index of the signals starts with it)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from samen.core import index_pruning as pruning

TABLE = "casework_signal"
# The unique constraints that replace ``unique=True``, by column.
UNIQUE = {"reference": "signal_reference_unique", "receipt_code_hash": "signal_receipt_unique"}
# The plain indexes that replace ``db_index=True``, by column.
INDEXES = {"status": "signal_status", "subject_index": "signal_subject_index"}


def forwards(apps, schema_editor):
    postgres = schema_editor.connection.vendor == "postgresql"
    pruning.drop_index(schema_editor, pruning.index_name(schema_editor, TABLE, "municipality_id"))
    for column, name in INDEXES.items():
        old = pruning.index_name(schema_editor, TABLE, column)
        pruning.rename_index(schema_editor, old, name, TABLE, column)
    pruning.drop_like_indexes(schema_editor, TABLE, [*UNIQUE, *INDEXES])
    if postgres:
        for column, name in UNIQUE.items():
            for old in pruning.unique_constraints(schema_editor, TABLE, column):
                schema_editor.execute(
                    f"ALTER TABLE {TABLE} RENAME CONSTRAINT {schema_editor.quote_name(old)} "
                    f"TO {schema_editor.quote_name(name)}"
                )


def backwards(apps, schema_editor):
    postgres = schema_editor.connection.vendor == "postgresql"
    old = pruning.index_name(schema_editor, TABLE, "municipality_id")
    pruning.create_index(schema_editor, old, TABLE, "municipality_id")
    for column, name in INDEXES.items():
        pruning.rename_index(
            schema_editor, name, pruning.index_name(schema_editor, TABLE, column), TABLE, column
        )
    if postgres:
        for column, name in UNIQUE.items():
            schema_editor.execute(
                f"ALTER TABLE {TABLE} RENAME CONSTRAINT {schema_editor.quote_name(name)} "
                f"TO {schema_editor.quote_name(TABLE + '_' + column + '_key')}"
            )
    pruning.create_like_indexes(schema_editor, TABLE, [*UNIQUE, *INDEXES])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0008_expert_role"),
        ("casework", "0033_person_created_at"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="signal",
                    name="municipality",
                    field=models.ForeignKey(
                        db_index=False,
                        limit_choices_to={"kind": "municipality"},
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="signals",
                        to="accounts.organisation",
                        verbose_name="receiving municipality",
                    ),
                ),
                migrations.AlterField(
                    model_name="signal",
                    name="receipt_code_hash",
                    field=models.CharField(max_length=64),
                ),
                migrations.AlterField(
                    model_name="signal",
                    name="reference",
                    field=models.CharField(max_length=20, verbose_name="reference"),
                ),
                migrations.AlterField(
                    model_name="signal",
                    name="status",
                    field=models.CharField(
                        choices=[
                            ("new", "Awaiting weighing"),
                            ("closed", "Closed: no concern"),
                            ("referred", "Referred to regular care"),
                            ("more_info", "More information needed"),
                            ("admitted", "Admitted to the case table"),
                            ("police", "Handed to police and prosecutor (acute)"),
                        ],
                        default="new",
                        max_length=20,
                        verbose_name="status",
                    ),
                ),
                migrations.AlterField(
                    model_name="signal",
                    name="subject_index",
                    field=models.CharField(blank=True, max_length=64),
                ),
                migrations.AddIndex(
                    model_name="signal",
                    index=models.Index(fields=["status"], name="signal_status"),
                ),
                migrations.AddIndex(
                    model_name="signal",
                    index=models.Index(fields=["subject_index"], name="signal_subject_index"),
                ),
                migrations.AddConstraint(
                    model_name="signal",
                    constraint=models.UniqueConstraint(
                        fields=("reference",), name="signal_reference_unique"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="signal",
                    constraint=models.UniqueConstraint(
                        fields=("receipt_code_hash",), name="signal_receipt_unique"
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(forwards, backwards)],
        )
    ]
