"""What a database needs after a bulk load (``samen generate``, the benchmark's preparation, a
rebuild of the hub's search index).

``ANALYZE`` gives the query planner statistics for the new rows. On PostgreSQL, ``VACUUM`` as
well: it marks the new pages all-visible, so that a covering index is read without visiting the
table (an index-only scan). Without it, counting the hub's postings of a common word read one
table page per posting: 135 ms instead of 6 ms over 4.5 million postings, until autovacuum came
by.

Inside a transaction (the test suite's), PostgreSQL is left alone. ``VACUUM`` cannot run there,
and ``ANALYZE`` writes each table's pages and rows into ``pg_class`` outside the transaction: a
rollback keeps them. A table that held only the dead rows of rolled-back transactions was then
recorded as pages without rows, and the planner estimated one row for it however full it became
later: on the test database, the hub's relevance test took 28 s instead of 1 s (sequential scans
inside nested loops), and the checks of its foreign keys 16 s. SQLite keeps its statistics in
rows of the transaction, so it analyses there too.
"""

from __future__ import annotations

from django.db import DEFAULT_DB_ALIAS, connections


def after_bulk_load(*tables: str, using: str = DEFAULT_DB_ALIAS) -> str:
    """Analyse (and on PostgreSQL vacuum) the given tables, or all; the statement run, or
    ``"nothing"`` on PostgreSQL inside a transaction."""
    connection = connections[using]
    postgresql = connection.vendor == "postgresql"
    if postgresql and connection.in_atomic_block:
        return "nothing"
    statement = "VACUUM ANALYZE" if postgresql else "ANALYZE"
    quoted = [connection.ops.quote_name(table) for table in tables]
    with connection.cursor() as cursor:
        if quoted and postgresql:
            cursor.execute(f"{statement} {', '.join(quoted)}")
        elif quoted:  # SQLite's ANALYZE takes one table at a time
            for table in quoted:
                cursor.execute(f"{statement} {table}")
        else:
            cursor.execute(statement)
    return statement
