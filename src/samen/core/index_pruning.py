"""Dropping and restoring the indexes Django derives from ``unique`` and ``db_index`` in a
migration, by their own names, without rebuilding a table (docs/decisions/0026).

On PostgreSQL ``unique`` or ``db_index`` on a text column gives a second index for LIKE
(``varchar_pattern_ops``, named ``…_like``) beside the plain one. On SQLite changing a field
rebuilds the whole table (two million rows of the audit log at national size, and its
append-only triggers with it); the indexes are dropped and created by name instead, and a
``UNIQUE`` written into the table's definition stays there (SQLite cannot drop it without a
rebuild; it keeps enforcing what the constraint that replaces it enforces).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def index_name(schema_editor: Any, table: str, column: str, suffix: str = "") -> str:
    """The name Django gave the index of ``column`` (``db_index``), or with ``suffix="_like"``
    its LIKE index on PostgreSQL."""
    return str(schema_editor._create_index_name(table, [column], suffix=suffix))


def unique_constraints(schema_editor: Any, table: str, column: str) -> list[str]:
    """The names of the unique constraints of ``column`` alone (PostgreSQL)."""
    with schema_editor.connection.cursor() as cursor:
        constraints = schema_editor.connection.introspection.get_constraints(cursor, table)
    return sorted(
        name
        for name, info in constraints.items()
        if info["unique"] and not info["primary_key"] and info["columns"] == [column]
    )


def drop_index(schema_editor: Any, name: str) -> None:
    schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")


def create_index(
    schema_editor: Any, name: str, table: str, column: str, *, opclass: str = ""
) -> None:
    """The index ``name`` of ``column``, with ``opclass`` (PostgreSQL) where given."""
    operators = f" {opclass}" if opclass else ""
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {schema_editor.quote_name(name)} "
        f"ON {schema_editor.quote_name(table)} ({schema_editor.quote_name(column)}{operators})"
    )


def drop_like_indexes(schema_editor: Any, table: str, columns: Iterable[str]) -> None:
    """Drop PostgreSQL's LIKE indexes of ``columns`` (SQLite has none)."""
    if schema_editor.connection.vendor == "postgresql":
        for column in columns:
            drop_index(schema_editor, index_name(schema_editor, table, column, "_like"))


def create_like_indexes(schema_editor: Any, table: str, columns: Iterable[str]) -> None:
    """PostgreSQL's LIKE indexes of ``columns``, as Django names them (none on SQLite)."""
    if schema_editor.connection.vendor == "postgresql":
        for column in columns:
            name = index_name(schema_editor, table, column, "_like")
            create_index(schema_editor, name, table, column, opclass="varchar_pattern_ops")


def rename_index(schema_editor: Any, old: str, new: str, table: str, column: str) -> None:
    """``old`` as ``new``: renamed on PostgreSQL, dropped and created on SQLite (which cannot
    rename an index). Created when neither is there."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"ALTER INDEX IF EXISTS {schema_editor.quote_name(old)} "
            f"RENAME TO {schema_editor.quote_name(new)}"
        )
    else:
        drop_index(schema_editor, old)
    create_index(schema_editor, new, table, column)
