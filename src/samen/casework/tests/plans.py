"""The database's plan of a queryset, for tests that a page is read from an index."""

from __future__ import annotations

from django.db import connection, transaction


def query_plan(queryset: object) -> str:
    """EXPLAIN on PostgreSQL (sorting and sequential scans off: a test database of a few rows
    would rather sort them, and the plan should show whether an index can give the order at
    all); EXPLAIN QUERY PLAN on SQLite."""
    sql, params = queryset.query.sql_with_params()  # type: ignore[attr-defined]
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_sort = off")
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            return "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return "\n".join(str(row[-1]) for row in cursor.fetchall())


def sorts(plan: str) -> bool:
    """Whether the plan sorts the rows itself (not read in order from an index)."""
    return "Sort" in plan or "TEMP B-TREE" in plan
