"""The rate limits' counters (``CACHES["ratelimit"]``), shared by every worker and server.

django-ratelimit counts through a Django cache: ``add(key, 1, period)`` for the first request of
a window, ``incr(key)`` for the next ones (after an ``add`` that found the counter there), ``get``
to look without counting. Django's database cache does each of those in several statements and
counts the whole table before every write (``SELECT COUNT(*)``, to cull it): at national scale
about twenty round trips and four table counts for one API request. This backend keeps integers
only, in the same table (migration core 0001 made it; 0002 emptied it of the database cache's
pickled values), and counts a request against a limit in one statement: ``add`` is an upsert
that starts the counter, or replaces an expired one, or else counts one more on the live one and
returns ``False``; the ``incr(key)`` django-ratelimit sends next then returns that count without
a statement of its own. ``get`` is one select, and expired rows are deleted now and then
(``CULL_EVERY`` writes in a process, through the index on ``expires``), not counted on every
write.

Each write commits without waiting for the disk (``core.commits``), in the same message as the
statement on PostgreSQL: a counter lost in a crash of the database server costs one client a
few requests more. Inside a caller's transaction a write commits with it, as durable as the rest.
"""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import BaseDatabaseCache
from django.db import connections, router
from django.utils import timezone

from samen.core.commits import RELAX_THIS_TRANSACTION

CULL_EVERY = 500


class RateLimitCache(BaseDatabaseCache):
    def __init__(self, table: str, params: dict[str, Any]) -> None:
        super().__init__(table, params)
        self.table = table
        self._writes = itertools.count(1)
        # The count ``add`` made on a live counter, for the ``incr`` of the same key that
        # follows. A cache object serves one thread (Django's ``caches``).
        self._counted: tuple[str, int] | None = None

    # --- helpers --------------------------------------------------------------------------

    def _connection(self, write: bool) -> Any:
        route = router.db_for_write if write else router.db_for_read
        return connections[route(self.cache_model_class)]

    def _expiry(self, timeout: Any) -> datetime:
        seconds = self.get_backend_timeout(timeout)
        if seconds is None:
            return datetime.max.replace(tzinfo=UTC)
        return datetime.fromtimestamp(seconds, tz=UTC).replace(microsecond=0)

    @staticmethod
    def _now() -> datetime:
        return timezone.now().replace(microsecond=0)

    def _when(self, connection: Any, moment: datetime) -> Any:
        return connection.ops.adapt_datetimefield_value(moment)

    def _write(self, sql: str, params: list[Any]) -> Any:
        connection = self._connection(write=True)
        table = connection.ops.quote_name(self.table)
        with connection.cursor() as cursor:
            if next(self._writes) % CULL_EVERY == 0:
                self._execute(
                    connection,
                    cursor,
                    f"DELETE FROM {table} WHERE expires < %s",  # noqa: S608 - our table's name
                    [self._when(connection, self._now())],
                )
            self._execute(connection, cursor, sql.format(table=table), params)
            return cursor.fetchone()

    @staticmethod
    def _execute(connection: Any, cursor: Any, statement: str, params: list[Any]) -> None:
        """One write in one round trip. On PostgreSQL outside a transaction, the setting that
        relaxes the commit goes in the same message: the server runs the two statements as one
        implicit transaction, committed without waiting for the disk. A message of two
        statements cannot have parameters bound by the server (prepared statements): they are
        bound here, as psycopg's client-side binding does."""
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            cursor.execute(
                f"{RELAX_THIS_TRANSACTION}; {connection.ops.compose_sql(statement, params)}"
            )
            cursor.nextset()
        else:
            cursor.execute(statement, params)

    # --- the cache interface ----------------------------------------------------------------

    def add(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> bool:
        """Start a counter at ``value`` under ``key``, or replace an expired one: ``True``.

        A live counter is there: ``False``. Then a ``value`` above 0 (django-ratelimit counting
        a request: 1) is counted on it at once, and the next ``incr(key)`` returns that count
        without counting again; 0 (django-ratelimit only looking) changes nothing. The count
        returned tells the two outcomes apart: ``value`` when the counter was started, the old
        count plus ``value`` when counted on; the same only for an old count of 0, and then
        both mean the same count."""
        key = self.make_and_validate_key(key, version=version)
        connection = self._connection(write=True)
        now = self._when(connection, self._now())
        expires = self._when(connection, self._expiry(timeout))
        first = int(value)
        self._counted = None
        if first == 0:
            started = self._write(
                "INSERT INTO {table} (cache_key, value, expires) VALUES (%s, %s, %s) "
                "ON CONFLICT (cache_key) DO UPDATE SET value = excluded.value, "
                "expires = excluded.expires WHERE {table}.expires < %s RETURNING cache_key",
                [key, "0", expires, now],
            )
            return started is not None
        row = self._write(
            "INSERT INTO {table} (cache_key, value, expires) VALUES (%s, %s, %s) "
            "ON CONFLICT (cache_key) DO UPDATE SET "
            "value = CASE WHEN {table}.expires < %s THEN excluded.value "
            "ELSE CAST(CAST({table}.value AS BIGINT) + %s AS VARCHAR(20)) END, "
            "expires = CASE WHEN {table}.expires < %s THEN excluded.expires "
            "ELSE {table}.expires END RETURNING value",
            [key, str(first), expires, now, first, now],
        )
        count = int(row[0])
        if count == first:
            return True
        self._counted = (key, count)
        return False

    def set(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> None:
        key = self.make_and_validate_key(key, version=version)
        connection = self._connection(write=True)
        self._write(
            "INSERT INTO {table} (cache_key, value, expires) VALUES (%s, %s, %s) "
            "ON CONFLICT (cache_key) DO UPDATE SET value = excluded.value, "
            "expires = excluded.expires RETURNING cache_key",
            [key, str(int(value)), self._when(connection, self._expiry(timeout))],
        )

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        key = self.make_and_validate_key(key, version=version)
        counted, self._counted = self._counted, None
        if counted is not None and counted[0] == key and delta == 1:
            return counted[1]  # counted by the add just before, for this request
        connection = self._connection(write=True)
        row = self._write(
            "UPDATE {table} SET value = CAST(CAST(value AS BIGINT) + %s AS VARCHAR(20)) "
            "WHERE cache_key = %s AND expires >= %s RETURNING value",
            [int(delta), key, self._when(connection, self._now())],
        )
        if row is None:
            raise ValueError(f"Key '{key}' not found")
        return int(row[0])

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        key = self.make_and_validate_key(key, version=version)
        connection = self._connection(write=False)
        table = connection.ops.quote_name(self.table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT value FROM {table} WHERE cache_key = %s AND expires >= %s",  # noqa: S608
                [key, self._when(connection, self._now())],
            )
            row = cursor.fetchone()
        return default if row is None else int(row[0])

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        connection = self._connection(write=True)
        row = self._write(
            "UPDATE {table} SET expires = %s WHERE cache_key = %s AND expires >= %s "
            "RETURNING cache_key",
            [
                self._when(connection, self._expiry(timeout)),
                key,
                self._when(connection, self._now()),
            ],
        )
        return row is not None

    def delete(self, key: Any, version: int | None = None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        deleted = self._write("DELETE FROM {table} WHERE cache_key = %s RETURNING cache_key", [key])
        return deleted is not None

    def has_key(self, key: Any, version: int | None = None) -> bool:
        return self.get(key, version=version) is not None

    def clear(self) -> None:
        connection = self._connection(write=True)
        table = connection.ops.quote_name(self.table)
        with connection.cursor() as cursor:
            self._execute(connection, cursor, f"DELETE FROM {table}", [])  # noqa: S608
