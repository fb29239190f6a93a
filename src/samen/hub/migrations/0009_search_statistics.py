"""The index's passages counted and their lengths summed in one row, kept by the database
(issue #16, decision 0025): a search read them as an aggregate over every passage, again in
each process after every change of the index."""

from django.db import migrations, models

# The row, from the passages already there (the same statement as
# samen.hub.search.FILL_STATISTICS, written out: a migration keeps its own SQL).
FILL = (
    "INSERT INTO hub_searchstatistics (id, passages, length)"
    " SELECT 1, COUNT(*), COALESCE(SUM(length), 0) FROM hub_searchentry"
)


def _add(count: str, length: str, sign: str) -> str:
    return (
        f"UPDATE hub_searchstatistics SET passages = passages {sign} {count},"
        f" length = length {sign} {length} WHERE id = 1"
    )


# SQLite: a trigger a row.
SQLITE_UP = [
    f"""CREATE TRIGGER hub_searchentry_statistics_insert AFTER INSERT ON hub_searchentry
    BEGIN {_add("1", "NEW.length", "+")}; END""",
    f"""CREATE TRIGGER hub_searchentry_statistics_delete AFTER DELETE ON hub_searchentry
    BEGIN {_add("1", "OLD.length", "-")}; END""",
    """CREATE TRIGGER hub_searchentry_statistics_update AFTER UPDATE OF length ON hub_searchentry
    BEGIN UPDATE hub_searchstatistics SET length = length - OLD.length + NEW.length
    WHERE id = 1; END""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS hub_searchentry_statistics_insert",
    "DROP TRIGGER IF EXISTS hub_searchentry_statistics_delete",
    "DROP TRIGGER IF EXISTS hub_searchentry_statistics_update",
]

# PostgreSQL: a trigger a statement, over its rows (a rebuild writes tens of thousands at once).
_ROWS = "(SELECT COUNT(*) AS n, COALESCE(SUM(length), 0) AS l FROM {table})"


def _function(name: str, body: str) -> str:
    return f"""CREATE FUNCTION {name}() RETURNS trigger AS $$
    BEGIN {body}; RETURN NULL; END $$ LANGUAGE plpgsql"""


POSTGRESQL_UP = [
    _function(
        "hub_searchentry_statistics_insert",
        "UPDATE hub_searchstatistics SET passages = passages + d.n, length = length + d.l"
        f" FROM {_ROWS.format(table='added')} d WHERE id = 1",
    ),
    _function(
        "hub_searchentry_statistics_delete",
        "UPDATE hub_searchstatistics SET passages = passages - d.n, length = length - d.l"
        f" FROM {_ROWS.format(table='removed')} d WHERE id = 1",
    ),
    _function(
        "hub_searchentry_statistics_update",
        "UPDATE hub_searchstatistics SET length = length - o.l + d.l"
        f" FROM {_ROWS.format(table='removed')} o, {_ROWS.format(table='added')} d WHERE id = 1",
    ),
    """CREATE TRIGGER hub_searchentry_statistics_insert AFTER INSERT ON hub_searchentry
    REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION hub_searchentry_statistics_insert()""",
    """CREATE TRIGGER hub_searchentry_statistics_delete AFTER DELETE ON hub_searchentry
    REFERENCING OLD TABLE AS removed
    FOR EACH STATEMENT EXECUTE FUNCTION hub_searchentry_statistics_delete()""",
    """CREATE TRIGGER hub_searchentry_statistics_update AFTER UPDATE ON hub_searchentry
    REFERENCING OLD TABLE AS removed NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION hub_searchentry_statistics_update()""",
]
POSTGRESQL_DOWN = [
    *(
        f"DROP TRIGGER IF EXISTS hub_searchentry_statistics_{op} ON hub_searchentry"
        for op in ("insert", "delete", "update")
    ),
    *(
        f"DROP FUNCTION IF EXISTS hub_searchentry_statistics_{op}()"
        for op in ("insert", "delete", "update")
    ),
]


def create_triggers(apps, schema_editor):
    postgresql = schema_editor.connection.vendor == "postgresql"
    for statement in POSTGRESQL_UP if postgresql else SQLITE_UP:
        schema_editor.execute(statement)
    schema_editor.execute(FILL)


def drop_triggers(apps, schema_editor):
    postgresql = schema_editor.connection.vendor == "postgresql"
    for statement in POSTGRESQL_DOWN if postgresql else SQLITE_DOWN:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("hub", "0008_search_source_terms"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchStatistics",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("passages", models.BigIntegerField(default=0)),
                ("length", models.BigIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
