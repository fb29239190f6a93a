"""The audit log's append-only triggers again, on SQLite: migration 0006 changed a field of the
table, which SQLite does by building a new table, and the triggers of the old one went with it.
From 0006 on, an SQLite database had no triggers refusing a change or removal of an entry (the
ORM still refused; PostgreSQL was not affected). Dropped first, so a database whose triggers a
test or a restore put back gets them once."""

import importlib

from django.db import migrations

_TRIGGERS = importlib.import_module("samen.audit.migrations.0002_append_only_triggers")


def restore(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in _TRIGGERS.SQLITE_DOWN + _TRIGGERS.SQLITE_UP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("audit", "0007_label_trigram_indexes")]

    operations = [migrations.RunPython(restore, migrations.RunPython.noop)]
