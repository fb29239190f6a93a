"""Tests of a data migration on a migrated database: back to the migration before it, the
rows of that older schema written, forward again (``migrated_back`` and ``migrate_to``); and the
triggers a migration installs (``triggers``). The tests are transactional: a migration cannot
run inside a test's transaction on SQLite."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


@contextmanager
def migrated_back(app: str, migration: str) -> Iterator[None]:
    """The database at ``app``'s ``migration`` within the block; afterwards every migration
    again, whatever the block raised, so that the tests after it find the whole schema."""
    MigrationExecutor(connection).migrate([(app, migration)])
    try:
        yield
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


def migrate_to(app: str, migration: str) -> None:
    """Forward (or back) to ``app``'s ``migration``, with the graph read again."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([(app, migration)])


def triggers(prefix: str) -> list[str]:
    """The names of the database's triggers that start with ``prefix``, sorted."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgname LIKE %s", [f"{prefix}%"])
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
                [f"{prefix}%"],
            )
        return sorted(row[0] for row in cursor.fetchall())


def indexes(table: str) -> dict[str, tuple[list[str], bool]]:
    """The indexes of ``table`` (unique constraints included, the primary key not): name ->
    (columns, unique)."""
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    return {
        name: (list(info["columns"]), bool(info["unique"]))
        for name, info in constraints.items()
        if (info["index"] or info["unique"]) and not info["primary_key"]
    }


def like_indexes(table: str) -> list[str]:
    """PostgreSQL's LIKE indexes (``varchar_pattern_ops``) of ``table``; none on SQLite."""
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = %s AND indexdef LIKE %s",
            [table, "%pattern_ops%"],
        )
        return sorted(row[0] for row in cursor.fetchall())
