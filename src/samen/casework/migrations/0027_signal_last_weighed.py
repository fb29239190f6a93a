"""A signal carries when it was last weighed and the latest date a weighing set to look at it
again (issue #16): retention's rule for signals that were not admitted reads them from an index
instead of every weighing of every such signal. The database keeps them (triggers on the
weighings: every insert, change and removal, whatever writes it); filled from the weighings
here. docs/decisions/0018-signal-weighing-moments-kept-by-the-database.md."""

from django.conf import settings
from django.db import migrations, models

# The two fields of one signal, from its weighings.
_LAST = "(SELECT MAX(weighed_at) FROM casework_weighing WHERE signal_id = {id})"
_REVIEW = "(SELECT MAX(review_on) FROM casework_weighing WHERE signal_id = {id})"


def _set(signal: str) -> str:
    return (  # fixed fragments of this file, no input
        f"UPDATE casework_signal SET last_weighed_at = {_LAST.format(id=signal)}, "  # noqa: S608
        f"latest_review_on = {_REVIEW.format(id=signal)} WHERE id = {signal}"
    )


SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER casework_weighing_kept_insert AFTER INSERT ON casework_weighing
    BEGIN {_set("NEW.signal_id")}; END""",
    f"""CREATE TRIGGER casework_weighing_kept_update
    AFTER UPDATE OF signal_id, weighed_at, review_on ON casework_weighing
    BEGIN {_set("NEW.signal_id")}; {_set("OLD.signal_id")}; END""",
    f"""CREATE TRIGGER casework_weighing_kept_delete AFTER DELETE ON casework_weighing
    BEGIN {_set("OLD.signal_id")}; END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS casework_weighing_kept_insert",
    "DROP TRIGGER IF EXISTS casework_weighing_kept_update",
    "DROP TRIGGER IF EXISTS casework_weighing_kept_delete",
]

POSTGRESQL_TRIGGERS = [
    f"""CREATE FUNCTION casework_weighing_kept() RETURNS trigger AS $$
    BEGIN
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            {_set("NEW.signal_id")};
        END IF;
        IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND OLD.signal_id <> NEW.signal_id) THEN
            {_set("OLD.signal_id")};
        END IF;
        RETURN NULL;
    END
    $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER casework_weighing_kept
    AFTER INSERT OR DELETE OR UPDATE OF signal_id, weighed_at, review_on ON casework_weighing
    FOR EACH ROW EXECUTE FUNCTION casework_weighing_kept()""",
]
POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS casework_weighing_kept ON casework_weighing",
    "DROP FUNCTION IF EXISTS casework_weighing_kept()",
]

FILL = (  # fixed fragments of this file, no input
    f"UPDATE casework_signal SET last_weighed_at = {_LAST.format(id='casework_signal.id')}, "  # noqa: S608
    f"latest_review_on = {_REVIEW.format(id='casework_signal.id')} "
    "WHERE EXISTS (SELECT 1 FROM casework_weighing WHERE signal_id = casework_signal.id)"
)


def _run(schema_editor, statements):
    for statement in statements:
        schema_editor.execute(statement)


def create_triggers(apps, schema_editor):
    postgresql = schema_editor.connection.vendor == "postgresql"
    _run(schema_editor, POSTGRESQL_TRIGGERS if postgresql else SQLITE_TRIGGERS)
    schema_editor.execute(FILL)


def drop_triggers(apps, schema_editor):
    postgresql = schema_editor.connection.vendor == "postgresql"
    _run(schema_editor, POSTGRESQL_DROP if postgresql else SQLITE_DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0008_expert_role"),
        ("casework", "0026_referral_municipality"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="signal",
            name="last_weighed_at",
            field=models.DateTimeField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="signal",
            name="latest_review_on",
            field=models.DateField(editable=False, null=True),
        ),
        migrations.RunPython(create_triggers, drop_triggers),
        migrations.AddIndex(
            model_name="signal",
            index=models.Index(
                fields=["municipality", "last_weighed_at", "id"],
                include=["status", "latest_review_on", "reference"],
                name="signal_muni_weighed",
            ),
        ),
    ]
