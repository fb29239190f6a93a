"""The full-text index of hub_searchentry, per database.

SQLite: an FTS5 table over the Snowball-stemmed columns (external content, kept in step by
triggers). PostgreSQL: a generated tsvector column in the entry's language (dutch, english,
french, or simple) with a GIN index. See docs/decisions/0006-hub-search.md.
"""

from django.db import migrations

SQLITE_UP = [
    """CREATE VIRTUAL TABLE hub_search_fts USING fts5(
        title_stem, keywords_stem, body_stem,
        content='hub_searchentry', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER hub_searchentry_fts_insert AFTER INSERT ON hub_searchentry BEGIN
        INSERT INTO hub_search_fts(rowid, title_stem, keywords_stem, body_stem)
        VALUES (new.id, new.title_stem, new.keywords_stem, new.body_stem);
    END""",
    """CREATE TRIGGER hub_searchentry_fts_delete AFTER DELETE ON hub_searchentry BEGIN
        INSERT INTO hub_search_fts(hub_search_fts, rowid, title_stem, keywords_stem, body_stem)
        VALUES ('delete', old.id, old.title_stem, old.keywords_stem, old.body_stem);
    END""",
    """CREATE TRIGGER hub_searchentry_fts_update AFTER UPDATE ON hub_searchentry BEGIN
        INSERT INTO hub_search_fts(hub_search_fts, rowid, title_stem, keywords_stem, body_stem)
        VALUES ('delete', old.id, old.title_stem, old.keywords_stem, old.body_stem);
        INSERT INTO hub_search_fts(rowid, title_stem, keywords_stem, body_stem)
        VALUES (new.id, new.title_stem, new.keywords_stem, new.body_stem);
    END""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS hub_searchentry_fts_insert",
    "DROP TRIGGER IF EXISTS hub_searchentry_fts_delete",
    "DROP TRIGGER IF EXISTS hub_searchentry_fts_update",
    "DROP TABLE IF EXISTS hub_search_fts",
]

PG_CONFIG = (
    "CASE language WHEN 'nl' THEN 'dutch'::regconfig WHEN 'en' THEN 'english'::regconfig "
    "WHEN 'fr' THEN 'french'::regconfig ELSE 'simple'::regconfig END"
)
POSTGRESQL_UP = [
    f"""ALTER TABLE hub_searchentry ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector({PG_CONFIG}, coalesce(title, '')), 'A') ||
        setweight(to_tsvector({PG_CONFIG}, coalesce(keywords_text, '')), 'B') ||
        setweight(to_tsvector({PG_CONFIG}, coalesce(body, '')), 'C')
    ) STORED""",
    "CREATE INDEX hub_searchentry_vector ON hub_searchentry USING gin (search_vector)",
]
POSTGRESQL_DOWN = [
    "DROP INDEX IF EXISTS hub_searchentry_vector",
    "ALTER TABLE hub_searchentry DROP COLUMN IF EXISTS search_vector",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor, [])
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("hub", "0002_hub_editor_role")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRESQL_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRESQL_DOWN}),
        )
    ]
