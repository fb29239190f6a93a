"""What a database needs after a bulk load (``samen generate``, the benchmark's preparation, a
rebuild of the hub's search index).

``ANALYZE`` gives the query planner statistics for the new rows. On PostgreSQL, ``VACUUM`` as
well: it marks the new pages all-visible, so that a covering index is read without visiting the
table (an index-only scan). Without it, counting the hub's postings of a common word read one
table page per posting: 135 ms instead of 6 ms over 4.5 million postings, until autovacuum came
by. ``VACUUM`` cannot run inside a transaction; there (tests), only ``ANALYZE``.
"""

from __future__ import annotations

from django.db import DEFAULT_DB_ALIAS, connections


def after_bulk_load(*tables: str, using: str = DEFAULT_DB_ALIAS) -> str:
    """Analyse (and on PostgreSQL vacuum) the given tables, or all; the statement run."""
    connection = connections[using]
    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    statement = "VACUUM ANALYZE" if vacuum else "ANALYZE"
    quoted = [connection.ops.quote_name(table) for table in tables]
    with connection.cursor() as cursor:
        if quoted and vacuum:
            cursor.execute(f"{statement} {', '.join(quoted)}")
        elif quoted:  # SQLite and PostgreSQL's ANALYZE take one table at a time here
            for table in quoted:
                cursor.execute(f"{statement} {table}")
        else:
            cursor.execute(statement)
    return statement
